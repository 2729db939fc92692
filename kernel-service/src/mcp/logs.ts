import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AetherError } from '../errors/index.js';

const run = promisify(execFile);

/**
 * The last lines a process's main program wrote (stdout and stderr): the journal of its unit
 * (systemd sandboxes), or the container's log (Docker). Read by the kernel, which runs as root;
 * the journal keeps them after the process ended.
 */
export async function readProcessLogs(sandbox: { driver: string; id: string | null }, lines: number): Promise<string> {
  if (!sandbox.id)
    throw new AetherError('PROCESS_NOT_RUNNING', 'The process never had a sandbox, so it has no output.', {
      details: { driver: sandbox.driver },
    });
  const [cmd, args] =
    sandbox.driver === 'docker'
      ? ['docker', ['logs', '--tail', String(lines), sandbox.id]]
      : ['journalctl', [`--unit=${sandbox.id}`, `--lines=${lines}`, '--output=cat', '--no-pager', '--quiet']];
  try {
    const { stdout, stderr } = await run(cmd, args, { timeout: 10_000, maxBuffer: 8 * 1024 * 1024 });
    // docker logs writes the program's stderr to its own stderr.
    return sandbox.driver === 'docker' ? `${stdout}${stderr}` : stdout;
  } catch (err) {
    throw new AetherError('SANDBOX_OPERATION_FAILED', `Reading the output of ${sandbox.id} failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
