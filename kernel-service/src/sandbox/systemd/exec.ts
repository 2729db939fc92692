import { closeSync, fstatSync, mkdirSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Variant } from '@particle/dbus-next';
import type { ExecSession, ExecSpec } from '../driver.js';
import type { CompanionUnits } from './companions.js';

/** How often the output files are read while the command runs (the streaming form's latency). */
const POLL_MS = 50;

/**
 * One command in a running sandbox, as a companion unit (companions.ts): the main unit's
 * confinement rebuilt by the same builder (user, home as working directory, binds, hidden paths,
 * seccomp, capabilities), in the process's slice (its cgroup and limits), joined to its network,
 * IPC and /tmp namespaces. Never a host process, never root.
 *
 * stdin travels in the unit itself (StandardInputData=, at most what the API allows); stdout and
 * stderr go to two root-only files of the kernel (StandardOutputFile=/StandardErrorFile=, opened
 * by systemd before it drops privileges), which the kernel reads as they grow and removes after.
 */
export async function execInCompanion(
  companions: CompanionUnits,
  mainUnit: string,
  seq: string,
  outputDir: string,
  spec: ExecSpec,
): Promise<ExecSession> {
  mkdirSync(outputDir, { recursive: true, mode: 0o700 });
  const role = `exec${seq}`;
  const files = { stdout: join(outputDir, `${role}.out`), stderr: join(outputDir, `${role}.err`) };
  for (const f of Object.values(files)) writeFileSync(f, '', { mode: 0o600 });
  const stdin: [string, Variant][] = spec.stdin?.length
    ? [
        ['StandardInput', new Variant('s', 'data')],
        ['StandardInputData', new Variant('ay', spec.stdin)],
      ]
    : [['StandardInput', new Variant('s', 'null')]];
  const cleanup = () => {
    for (const f of Object.values(files)) rmSync(f, { force: true });
  };
  let companion: Awaited<ReturnType<CompanionUnits['start']>>;
  try {
    companion = await companions.start(mainUnit, {
      role,
      command: spec.command,
      environment: spec.env,
      extra: [
        ...stdin,
        ['StandardOutputFile', new Variant('s', files.stdout)],
        ['StandardErrorFile', new Variant('s', files.stderr)],
      ],
    });
  } catch (err) {
    cleanup();
    throw err;
  }
  const readers = {
    stdout: new Tail(files.stdout),
    stderr: new Tail(files.stderr),
  };
  const listeners: ((stream: 'stdout' | 'stderr', data: Buffer) => void)[] = [];
  const pending: ['stdout' | 'stderr', Buffer][] = [];
  const pump = () => {
    for (const stream of ['stdout', 'stderr'] as const) {
      for (const chunk of readers[stream].read()) {
        if (listeners.length === 0) pending.push([stream, chunk]);
        for (const l of listeners) l(stream, chunk);
      }
    }
  };
  const timer = setInterval(pump, POLL_MS);
  const done = companion.exited.then(async (status) => {
    clearInterval(timer);
    pump();
    readers.stdout.close();
    readers.stderr.close();
    await companion.stop();
    cleanup();
    return { exitCode: status.code, signal: status.signal };
  });
  return {
    onOutput: (listener) => {
      listeners.push(listener);
      for (const [s, c] of pending.splice(0)) listener(s, c);
    },
    done,
    kill: () => companion.stop(),
  };
}

/** Reads what was appended to a file since the last read. */
class Tail {
  private fd: number | null;
  private offset = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }

  read(): Buffer[] {
    if (this.fd === null) return [];
    const out: Buffer[] = [];
    const size = fstatSync(this.fd).size;
    while (this.offset < size) {
      const buf = Buffer.alloc(Math.min(size - this.offset, 256 * 1024));
      const n = readSync(this.fd, buf, 0, buf.length, this.offset);
      if (n === 0) break;
      this.offset += n;
      out.push(buf.subarray(0, n));
    }
    return out;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
