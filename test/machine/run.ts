/**
 * `make run`: boots the development machine (Debian trixie in systemd-nspawn, the kernel service
 * inside under systemd, as on the appliance) and keeps it up until Ctrl-C or SIGTERM.
 *
 *   npx tsx test/machine/run.ts [--fresh] [--state DIR]
 *
 * The kernel's state (database, admin token, agents' homes) lives in DIR on the host (default
 * /var/lib/aether-dev/run-state), so agents and the token survive a restart; --fresh (make run
 * FRESH=1) starts from nothing. The model providers' variables and the kernel's own AETHER_*
 * variables in this environment reach the kernel (through /etc/aether/environment).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, NON_KEY_VARIABLES } from '../../kernel-service/src/config/index.js';
import { bootMachine } from './machine.js';

/** What the kernel reads besides AETHER_*: the providers' keys and addresses (llm/config.ts). */
const PROVIDER_VARIABLES = [
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_BASE_URL',
  'OLLAMA_HOST',
  'GEMINI_API_KEY',
];
const DEFAULT_PORT = 8787;

const { values: args } = parseArgs({
  options: { fresh: { type: 'boolean', default: false }, state: { type: 'string', default: '/var/lib/aether-dev/run-state' } },
});

/** The variables for the kernel: the providers' and its own AETHER_* (not the client's or the build's). */
function kernelEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    const ours = name.startsWith('AETHER_') && !NON_KEY_VARIABLES.has(name);
    if (!ours && !PROVIDER_VARIABLES.includes(name)) continue;
    if (/[\n\r]/.test(value))
      fail(`${name} holds a line break, which /etc/aether/environment cannot carry`, `set ${name} to one line`);
    out[name] = value;
  }
  return out;
}

function fail(message: string, hint: string): never {
  process.stderr.write(`make run: ${message}\n  hint: ${hint}\n`);
  process.exit(1);
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

const environment = kernelEnvironment(process.env);
// The kernel would refuse a bad or unknown variable at start, deep in the machine's journal: say it here.
const empty = join(tmpdir(), `aether-run-${process.pid}.json`);
writeFileSync(empty, '{}');
try {
  loadConfig({ file: empty, env: environment });
} catch (err) {
  fail((err as Error).message, 'fix or unset the variable named above, then rerun make run');
} finally {
  rmSync(empty, { force: true });
}
// A stable port (8787 when free) keeps the URL, bookmarks and SSH tunnels valid across restarts.
// Else bootMachine picks a free one.
if (!environment.AETHER_API_PORT && (await portIsFree(DEFAULT_PORT))) environment.AETHER_API_PORT = String(DEFAULT_PORT);
if (args.fresh) rmSync(args.state, { recursive: true, force: true });

process.stdout.write(
  `==> run: booting Debian trixie in systemd-nspawn with the kernel inside (first run: the root filesystem is built first, ~2 min)\n`,
);
const t0 = Date.now();
const machine = await bootMachine({ name: 'aether-dev', environment, stateDir: args.state });
const port = machine.port;
const passed = Object.keys(environment)
  .filter((k) => !['AETHER_API_PORT', 'AETHER_API_HOST'].includes(k))
  .sort();
const host = environment.AETHER_API_HOST ?? '127.0.0.1';
const remote =
  host === '127.0.0.1' || host === 'localhost'
    ? `  From another computer: ssh -N -L ${port}:127.0.0.1:${port} <you>@<this host>, then open http://127.0.0.1:${port}/
                  (or listen on every address: AETHER_API_HOST=0.0.0.0 make run; plain HTTP, so only on a network you trust)`
    : `  Listening on:   ${host}:${port} (plain HTTP: the token crosses the network in clear)`;
process.stdout.write(`
Aether OS is running (kernel inside a booted Debian trixie machine, under systemd; up in ${Math.round((Date.now() - t0) / 1000)} s).

  Mission Control: ${machine.url}/   (log in with the admin token)
  API:            ${machine.url}/api/v1   (OpenAPI: ${machine.url}/api/v1/openapi.json)
  Admin token:    ${machine.token}
${remote}
  State:          ${args.state} (kept across restarts; make run FRESH=1 starts over)
  Machine:        ${machine.root}
  Passed to the kernel: ${passed.length ? passed.join(', ') : 'no provider keys (OPENAI_API_KEY=... make run to give it one)'}

  For the README's examples:
    export AETHER_URL=${machine.url} AETHER_TOKEN=${machine.token}
  Try:  curl -s -H "Authorization: Bearer $AETHER_TOKEN" -H 'content-type: application/json' \\
          -d '{"name":"hello","command":["/bin/sh","-c","echo hi; sleep 60"]}' $AETHER_URL/api/v1/agents

  A shell inside the machine:  make shell     Stop: Ctrl-C
`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('==> run: stopping the machine (the state stays)\n');
  await machine.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
setInterval(() => undefined, 1 << 30);
