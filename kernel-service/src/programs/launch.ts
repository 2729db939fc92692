/**
 * Starts an agent program inside its sandbox: `node launch.js <program>` (behind the TCP
 * endpoint, socket/endpoint/main.js). Reads the run's goal and model from the kernel socket,
 * writes the program's configuration into the agent's home, runs it, turns its JSON output into
 * run steps, and completes the run with the program's own result when it ends.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { KernelClient } from '../runtime/kernel-client.js';
import { PROGRAMS } from './catalogue.js';
import { stepParser, type StepOut } from './steps.js';

/** programs/ of this installation: dist/programs/launch.js -> ../../../programs. */
export const PROGRAMS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'programs');

const fail = (msg: string): never => {
  process.stderr.write(`aether program: ${msg}\n`);
  process.exit(126);
};

async function main(): Promise<void> {
  const spec = PROGRAMS[process.argv[2] ?? ''] ?? fail(`usage: launch.js <${Object.keys(PROGRAMS).join('|')}>`);
  const kernel = new KernelClient();
  const { run } = await kernel.get<{ run: { goal: string; model: string | null } }>('/v1/run');
  // A run without a model of its own gets the kernel's default: the first model it may call.
  const model = run.model ?? (await kernel.get<{ data: { id: string }[] }>('/v1/models')).data[0]?.id ?? fail('no model allowed');
  const home = process.env.HOME ?? fail('HOME is not set');
  for (const f of spec.files(model)) {
    mkdirSync(dirname(join(home, f.path)), { recursive: true, mode: 0o700 });
    writeFileSync(join(home, f.path), f.content, { mode: 0o600 });
  }

  const child = spawn(join(PROGRAMS_DIR, 'node_modules', '.bin', spec.bin), spec.argv(run.goal, model), {
    cwd: home,
    env: { ...process.env, ...spec.environment(model) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT'] as const)
    process.on(sig, () => child.kill(sig));
  child.on('error', (err) => fail(`cannot start ${spec.name}: ${err.message}`));

  // Steps go out in order, one at a time, while the program runs; its output also stays in the process log.
  const parser = stepParser(spec.steps);
  let n = 0;
  let posting = Promise.resolve();
  const post = (step: StepOut) => {
    const body = { n: n++, ...step };
    posting = posting.then(() =>
      kernel.post('/v1/run/steps', body).then(
        () => undefined,
        (err: Error) => void process.stderr.write(`aether program: step not recorded: ${err.message}\n`),
      ),
    );
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    for (const step of parser.line(line)) post(step);
  });

  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('close', (c, s) => r([c, s])));
  await posting;
  const outcome = parser.result();
  const success = code === 0 && outcome?.isError !== true;
  const result =
    outcome?.text || (signal ? `${spec.name} was killed by ${signal}` : `${spec.name} exited with code ${String(code)}`);
  await kernel.post('/v1/run/complete', { result: result.slice(0, 100_000), success }).catch((err: Error) => {
    process.stderr.write(`aether program: run not completed: ${err.message}\n`);
  });
  process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0));
}

main().catch((err: Error) => fail(err.message));
