export type {
  AutoResume,
  IdleAction,
  IdlePolicy,
  Policies,
  PolicyInput,
  RestartCount,
  RestartMode,
  RestartPolicy,
  SnapshotCreator,
} from './types.js';
export { IDLE_ACTIONS, RESTART_MODES } from './types.js';
export { resolvePolicies, IDLE_MIN_SECONDS, DEFAULT_IDLE_CPU_PERCENT, MAX_RESTARTS, MIN_BACKOFF_MS } from './validate.js';
export { decideRestart, backoffDelay, exitReason, MAX_BACKOFF_MS, type RestartDecision } from './restart.js';
export { IdleTracker, wakes, type CpuReading } from './idle.js';
export { RestartTimers } from './restart-timers.js';
export { PolicyStore, type PolicyState } from './store.js';
export { ProcessPolicies } from './restarts.js';
export { IdleWatcher, type IdleHost } from './idle-watcher.js';
export { AutoResumer, type ResumeHost } from './auto-resume.js';
