import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import type { ExitStatus } from '../sandbox/index.js';
import { decideRestart } from './restart.js';
import { RestartTimers } from './restart-timers.js';
import type { PolicyStore, PolicyState } from './store.js';
import { resolvePolicies } from './validate.js';
import type { Policies, PolicyInput, SnapshotCreator } from './types.js';

/**
 * The narrow interface the supervisor calls: check at spawn, record after the row exists, ask on
 * each exit of its own whether to start the program again (in the same PID), re-arm at reconcile.
 * The supervisor does the relaunch itself (`relaunch`, given once with `bind`); this decides
 * when, keeps the count and the reason, and publishes process.restarting.
 */
export class ProcessPolicies {
  private readonly timers: RestartTimers;
  private relaunch: ((pid: number) => void) | null = null;

  constructor(
    private readonly store: PolicyStore,
    private readonly events: EventBus,
    private readonly log: Logger,
    /** SnapshotService (../snapshots/); null: idle action "snapshot" is refused at spawn. */
    readonly snapshots: SnapshotCreator | null = null,
    private readonly now: () => number = Date.now,
  ) {
    this.timers = new RestartTimers(now);
  }

  bind(relaunch: (pid: number) => void): void {
    this.relaunch = relaunch;
  }

  /** Throws POLICY_INVALID / SNAPSHOT_UNSUPPORTED before anything is created. */
  check(input: PolicyInput): Policies {
    return resolvePolicies(input, this.snapshots);
  }

  record(pid: number, p: Policies): void {
    this.store.insert(pid, p);
  }

  get(pid: number): PolicyState {
    return this.store.get(pid);
  }

  /**
   * On an exit: the delay before the same PID starts again, or null when it stays ended.
   * `requested`: someone stopped it (API, TTL, idle "stop"), which no policy undoes.
   */
  onExit(pid: number, agent: string, exit: ExitStatus, requested: boolean): number | null {
    const state = this.store.get(pid);
    const d = decideRestart(state.restart, state.restarts, exit, { requested, now: this.now() });
    if (!d.restart) return null;
    this.store.restarting(pid, d.count, d.reason, this.now(), d.dueAt);
    this.events.publish({ type: 'process.restarting', pid, agent, count: d.count, reason: d.reason, delayMs: d.delayMs });
    this.arm(pid, d.dueAt);
    return d.delayMs;
  }

  /** Relaunched (or given up): nothing pending. */
  started(pid: number): void {
    this.timers.cancel(pid);
    this.store.started(pid);
  }

  /** A stop during the backoff: the restart is called off. True when one was pending. */
  cancel(pid: number): boolean {
    const had = this.timers.cancel(pid) || this.store.get(pid).restartDueAt !== null;
    this.store.started(pid);
    return had;
  }

  /** At reconcile: restarts that were waiting when the kernel stopped fire at their due time. */
  rearm(): number {
    const pending = this.store.pending();
    for (const p of pending) this.arm(p.pid, p.dueAt);
    return pending.length;
  }

  /** The idle watcher's mark: since when it was idle, and whether it paused it. */
  markIdle(pid: number, since: number | null, pausedBy: 'idle' | null): void {
    this.store.setIdle(pid, since, pausedBy);
  }

  shutdown(): void {
    this.timers.clear();
  }

  private arm(pid: number, dueAt: number): void {
    this.timers.arm(pid, dueAt, (p) => {
      if (this.relaunch) this.relaunch(p);
      else this.log.error({ pid: p }, 'a restart fell due before the supervisor bound its relaunch');
    });
  }
}
