/** Idle, auto-resume and restart policies as kept with a process (issue #18, parts 2 and 3). */

export const IDLE_ACTIONS = ['pause', 'snapshot', 'stop'] as const;
export type IdleAction = (typeof IDLE_ACTIONS)[number];

export const RESTART_MODES = ['no', 'on-failure', 'always'] as const;
export type RestartMode = (typeof RESTART_MODES)[number];

/** Idle: no model call, no terminal input and CPU below `cpuPercent` for `afterSeconds`. */
export interface IdlePolicy {
  afterSeconds: number;
  action: IdleAction;
  /** Percent of one core, averaged over the sampling interval. */
  cpuPercent: number;
}

/** Which contacts wake a process the idle watcher paused. */
export interface AutoResume {
  onMessage: boolean;
  onApi: boolean;
  onAttach: boolean;
}

export interface RestartPolicy {
  policy: RestartMode;
  maxRestarts: number;
  /** The first delay; each further restart doubles it, up to MAX_BACKOFF_MS. */
  backoffMs: number;
}

/** The restart history kept on the same record (a restart keeps the PID). */
export interface RestartCount {
  count: number;
  lastReason: string | null;
  lastAt: number | null;
}

/** The policies as a spawn body or template gives them (before defaults and checks). */
export interface PolicyInput {
  idle?: { afterSeconds: number; action: string; cpuPercent?: number };
  autoResume?: boolean | { onMessage?: boolean; onApi?: boolean; onAttach?: boolean };
  restart?: { policy: string; maxRestarts?: number; backoffMs?: number };
}

export interface Policies {
  idle: IdlePolicy | null;
  autoResume: AutoResume | null;
  restart: RestartPolicy | null;
}

/**
 * What idle action "snapshot" needs: SnapshotService from ../snapshots/ (branch `snapshots`),
 * declared here so policies/ does not depend on it; the lead wires it at merge.
 */
export interface SnapshotCreator {
  create(pid: number, opts: { memory: boolean }, by: string): Promise<unknown>;
}
