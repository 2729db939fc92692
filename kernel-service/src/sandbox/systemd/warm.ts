import { execFile } from 'node:child_process';
import { chownSync, constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AetherError } from '../../errors/index.js';
import { SANDBOX_KERNEL_DIR } from '../driver.js';
import { setTimeout as sleep } from 'node:timers/promises';

const run = promisify(execFile);

/** The FIFO in the process's kernel directory through which a warm sandbox receives its program. */
export const START_FIFO = 'start';
/** What a warm sandbox runs while it waits: a shell that reads its program from the FIFO and execs it. */
export const WAITER = ['/bin/sh', '-c', `. ${SANDBOX_KERNEL_DIR}/${START_FIFO}`];
/** A pipe holds 64 KiB; a larger script would need a reader that keeps up, so it takes the cold path. */
export const MAX_SCRIPT = 60 * 1024;

/** POSIX single-quoting: safe for any byte string without NUL (the API refuses NUL). */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The script the waiter sources: the caller's environment, then exec of the program (tini stays PID 1). */
export function startScript(command: string[], environment: Record<string, string>): string {
  const exports = Object.entries(environment).map(([k, v]) => `export ${k}=${shellQuote(v)}\n`);
  return `${exports.join('')}exec ${command.map(shellQuote).join(' ')}\n`;
}

/** The FIFO belongs to the agent (its waiter reads it); the directory stays root's, so it cannot be swapped. */
export async function makeStartFifo(kernelDir: string, uid: number): Promise<string> {
  const path = join(kernelDir, START_FIFO);
  await run('mkfifo', ['-m', '0600', path]).catch((err: { stderr?: string }) => {
    if (!err.stderr?.includes('File exists')) throw err;
  });
  chownSync(path, uid, uid);
  return path;
}

/**
 * Hands the program to the waiting shell. Non-blocking open: ENXIO means the waiter has not
 * opened its end yet (it is a few milliseconds behind the start job), so retry briefly.
 */
export async function sendStartScript(fifo: string, script: string, waitMs = 2000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fh = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      try {
        await fh.writeFile(script);
      } finally {
        await fh.close();
      }
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO' || Date.now() > deadline) {
        throw new AetherError(
          'SANDBOX_LAUNCH_FAILED',
          `The prestarted sandbox did not take its program: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      await sleep(1);
    }
  }
}
