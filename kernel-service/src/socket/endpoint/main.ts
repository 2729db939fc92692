/**
 * The TCP endpoint inside a sandbox: `node main.js -- <program> [args...]`. Listens on
 * 127.0.0.1:<port> of the sandbox's own network namespace, splices every connection to the
 * process's kernel socket, then runs the program as its child and ends as it ends (its exit
 * code, or its signal as 128+N). It runs as the agent, under the sandbox's limits, and holds no
 * authority of its own (see forward.ts).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { ENDPOINT_PORT, startForwarder } from './forward.js';
import { foreignLinks } from './netcheck.js';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const program = sep >= 0 ? argv.slice(sep + 1) : [];
const fail = (msg: string): never => {
  process.stderr.write(`aether endpoint: ${msg}\n`);
  process.exit(126);
};
if (program.length === 0) fail('usage: main.js -- <program> [args...]');
const socket = process.env.AETHER_KERNEL_SOCKET ?? fail('AETHER_KERNEL_SOCKET is not set: no kernel socket in this sandbox');
const port = Number(process.env.AETHER_ENDPOINT_PORT ?? ENDPOINT_PORT);

/**
 * Fail closed: under network "none" the sandbox may open IP sockets only because its network
 * namespace holds nothing but loopback. Should that namespace be missing (a host where systemd
 * could not make one), the program must not start with IP sockets allowed.
 */
if (process.env.AETHER_NETWORK === 'none') {
  let others: string[] = [];
  try {
    others = foreignLinks(readFileSync('/proc/self/net/dev', 'utf8'));
  } catch (err) {
    fail(`cannot read this sandbox's network interfaces: ${(err as Error).message}`);
  }
  if (others.length > 0) fail(`network "none" but this namespace has interfaces besides loopback (${others.join(', ')})`);
}

startForwarder(socket, port)
  .then(() => {
    const child = spawn(program[0]!, program.slice(1), { stdio: 'inherit' });
    // tini (PID 1) sends signals here; the program gets them as if it were PID 1's child itself.
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT'] as const) {
      process.on(sig, () => child.kill(sig));
    }
    child.on('error', (err) => fail(`cannot start ${program[0]}: ${err.message}`));
    child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  })
  .catch((err: Error) => fail(`cannot listen on 127.0.0.1:${port}: ${err.message}`));
