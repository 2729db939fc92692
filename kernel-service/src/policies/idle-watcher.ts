import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import { IdleTracker } from './idle.js';
import type { ProcessPolicies } from './restarts.js';

/** What the watcher acts through: the supervisor's own operations. */
export interface IdleHost {
  list(states: readonly ['running', 'paused']): { pid: number; state: string; agent: { name: string } }[];
  pause(pid: number): Promise<unknown>;
  /** Stops it with this end reason (a requested stop: no restart policy undoes it). */
  endFor(pid: number, reason: string): Promise<unknown>;
}

/**
 * Every `intervalMs`: reads the CPU figures (stats/), feeds the tracker, and acts on each running
 * process whose idle window has passed: pause (pausedBy "idle"), snapshot (SnapshotService), or
 * stop (end reason "idle"). `touch(pid)` is for model calls and terminal input.
 */
export class IdleWatcher {
  private readonly tracker: IdleTracker;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly host: IdleHost,
    private readonly policies: ProcessPolicies,
    private readonly cpu: () => Promise<Map<number, { cpuUsageNs: number | null }>>,
    private readonly events: EventBus,
    private readonly log: Logger,
    private readonly intervalMs = 1000,
    private readonly now: () => number = Date.now,
  ) {
    this.tracker = new IdleTracker(now);
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  touch(pid: number): void {
    this.tracker.touch(pid);
  }

  /** One pass; overlapping passes are skipped (a slow stats read must not pile them up). */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.pass();
    } catch (err) {
      this.log.error({ err }, 'idle watcher pass');
    } finally {
      this.busy = false;
    }
  }

  private async pass(): Promise<void> {
    const live = this.host.list(['running', 'paused']);
    const watched = live.filter((p) => this.policies.get(p.pid).idle);
    if (watched.length === 0) return;
    const cpu = await this.cpu();
    for (const p of watched) {
      const state = this.policies.get(p.pid);
      const idle = state.idle!;
      if (p.state !== 'running') {
        // Paused: not watched; the clock starts again when it runs.
        this.tracker.forget(p.pid);
        continue;
      }
      if (state.pausedBy === 'idle') this.policies.markIdle(p.pid, null, null); // resumed since
      this.tracker.sample(p.pid, idle, { at: this.now(), cpuUsageNs: cpu.get(p.pid)?.cpuUsageNs ?? null });
      if (!this.tracker.due(p.pid, idle)) continue;
      const since = this.tracker.idleSince(p.pid) ?? this.now();
      this.tracker.forget(p.pid);
      this.events.publish({ type: 'process.idle', pid: p.pid, agent: p.agent.name, action: idle.action, idleSince: since });
      await this.act(p.pid, idle.action, since).catch((err: unknown) =>
        this.log.error({ err, pid: p.pid }, `idle ${idle.action}`),
      );
    }
  }

  private async act(pid: number, action: string, since: number): Promise<void> {
    if (action === 'pause') {
      await this.host.pause(pid);
      this.policies.markIdle(pid, since, 'idle');
    } else if (action === 'snapshot') {
      this.policies.markIdle(pid, since, null);
      await this.policies.snapshots!.create(pid, { memory: true }, 'kernel:idle');
    } else {
      this.policies.markIdle(pid, since, null);
      await this.host.endFor(pid, 'idle');
    }
  }
}
