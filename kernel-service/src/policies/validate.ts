import { AetherError } from '../errors/index.js';
import {
  IDLE_ACTIONS,
  RESTART_MODES,
  type AutoResume,
  type IdleAction,
  type Policies,
  type PolicyInput,
  type RestartMode,
  type SnapshotCreator,
} from './types.js';

export const IDLE_MIN_SECONDS = 5;
export const DEFAULT_IDLE_CPU_PERCENT = 2;
export const MAX_RESTARTS = 100;
export const MIN_BACKOFF_MS = 100;
export const DEFAULT_MAX_RESTARTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;

const invalid = (field: string, message: string): AetherError =>
  new AetherError('POLICY_INVALID', `${field}: ${message}`, { details: { field } });

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);

/**
 * Checks the policies of a spawn and fills in defaults, before anything is created. The API's
 * schema catches types and unknown keys (VALIDATION_FAILED); this catches what it cannot say,
 * and callers that bypass it (templates, the CLI, runs) get the same answer.
 */
export function resolvePolicies(input: PolicyInput, snapshots: SnapshotCreator | null): Policies {
  return {
    idle: resolveIdle(input.idle, snapshots),
    autoResume: resolveAutoResume(input.autoResume),
    restart: resolveRestart(input.restart),
  };
}

function resolveIdle(idle: PolicyInput['idle'], snapshots: SnapshotCreator | null): Policies['idle'] {
  if (idle === undefined) return null;
  if (!isInt(idle.afterSeconds) || idle.afterSeconds < IDLE_MIN_SECONDS) {
    throw invalid('idle.afterSeconds', `must be an integer of at least ${IDLE_MIN_SECONDS}.`);
  }
  if (!(IDLE_ACTIONS as readonly string[]).includes(idle.action)) {
    throw invalid('idle.action', `must be one of ${IDLE_ACTIONS.join(', ')}.`);
  }
  const cpuPercent = idle.cpuPercent ?? DEFAULT_IDLE_CPU_PERCENT;
  if (typeof cpuPercent !== 'number' || !(cpuPercent >= 0 && cpuPercent <= 100)) {
    throw invalid('idle.cpuPercent', 'must be a number from 0 to 100.');
  }
  // Never a silent fallback to pause: the caller asked for a snapshot and must learn it cannot have one.
  if (idle.action === 'snapshot' && !snapshots) {
    throw new AetherError('SNAPSHOT_UNSUPPORTED', 'idle.action "snapshot": snapshots are not available in this kernel.', {
      details: { field: 'idle.action' },
    });
  }
  return { afterSeconds: idle.afterSeconds, action: idle.action as IdleAction, cpuPercent };
}

function resolveAutoResume(a: PolicyInput['autoResume']): AutoResume | null {
  if (a === undefined || a === false) return null;
  if (a === true) return { onMessage: true, onApi: true, onAttach: true };
  const r = { onMessage: a.onMessage ?? false, onApi: a.onApi ?? false, onAttach: a.onAttach ?? false };
  for (const [k, v] of Object.entries(r)) if (typeof v !== 'boolean') throw invalid(`autoResume.${k}`, 'must be a boolean.');
  return r.onMessage || r.onApi || r.onAttach ? r : null;
}

function resolveRestart(r: PolicyInput['restart']): Policies['restart'] {
  if (r === undefined) return null;
  if (!(RESTART_MODES as readonly string[]).includes(r.policy)) {
    throw invalid('restart.policy', `must be one of ${RESTART_MODES.join(', ')}.`);
  }
  const maxRestarts = r.maxRestarts ?? DEFAULT_MAX_RESTARTS;
  if (!isInt(maxRestarts) || maxRestarts < 0 || maxRestarts > MAX_RESTARTS) {
    throw invalid('restart.maxRestarts', `must be an integer from 0 to ${MAX_RESTARTS}.`);
  }
  const backoffMs = r.backoffMs ?? DEFAULT_BACKOFF_MS;
  if (!isInt(backoffMs) || backoffMs < MIN_BACKOFF_MS) {
    throw invalid('restart.backoffMs', `must be an integer of at least ${MIN_BACKOFF_MS}.`);
  }
  return { policy: r.policy as RestartMode, maxRestarts, backoffMs };
}
