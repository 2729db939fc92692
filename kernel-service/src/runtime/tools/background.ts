import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Output kept per job: the newest bytes win, and offsets stay absolute so a reader never rereads. */
const KEEP = 1_000_000;

export class BackgroundJob {
  private chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;
  private exit: { code: number | null; signal: string | null } | null = null;

  constructor(
    readonly id: number,
    readonly command: string,
    private readonly child: ChildProcess,
  ) {
    const take = (d: Buffer) => {
      this.chunks.push(d);
      this.kept += d.length;
      while (this.kept > KEEP && this.chunks.length > 1) {
        const first = this.chunks.shift()!;
        this.kept -= first.length;
        this.dropped += first.length;
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.once('close', (code, signal) => (this.exit = { code, signal }));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  status(): string {
    if (!this.exit) return 'running';
    return this.exit.signal ? `ended by ${this.exit.signal}` : `exited with code ${this.exit.code}`;
  }

  read(offset: number): { text: string; next: number } {
    const all = Buffer.concat(this.chunks);
    const start = Math.max(0, offset - this.dropped);
    const lost = offset < this.dropped ? `[${this.dropped - offset} earlier bytes were dropped]\n` : '';
    return { text: lost + all.subarray(start).toString('utf8'), next: this.dropped + all.length };
  }

  async stop(signal: NodeJS.Signals): Promise<void> {
    if (this.exit) return;
    try {
      process.kill(-this.child.pid!, signal);
    } catch {
      return;
    }
    await Promise.race([once(this.child, 'close'), new Promise((r) => setTimeout(r, 5000))]);
  }
}

/** The run's background jobs; they belong to the runtime process and end with its sandbox. */
class BackgroundJobs {
  private readonly jobs = new Map<number, BackgroundJob>();
  private next = 1;

  start(command: string, cwd: string): BackgroundJob {
    const child = spawn('/bin/sh', ['-c', command], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', () => undefined);
    const job = new BackgroundJob(this.next++, command, child);
    this.jobs.set(job.id, job);
    return job;
  }

  get(id: number): BackgroundJob | undefined {
    return this.jobs.get(id);
  }

  list(): BackgroundJob[] {
    return [...this.jobs.values()];
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.list().map((j) => j.stop('SIGTERM')));
  }
}

export const jobs = new BackgroundJobs();
