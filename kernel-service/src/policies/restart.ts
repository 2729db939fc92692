import type { ExitStatus } from '../sandbox/index.js';
import type { RestartCount, RestartPolicy } from './types.js';

/** Exponential backoff stops growing here: a crash loop retries at most every five minutes. */
export const MAX_BACKOFF_MS = 5 * 60_000;

export type RestartDecision =
  { restart: false; reason: string } | { restart: true; reason: string; delayMs: number; count: number; dueAt: number };

/** What ended the program, in words kept as restarts.lastReason ("exit 1", "signal SIGKILL", "lost"). */
export function exitReason(exit: ExitStatus): string {
  if (exit.signal) return `signal ${exit.signal}`;
  if (exit.code !== null) return `exit ${exit.code}`;
  return exit.reason;
}

/** A driver always names a reason (systemd's Result: "success", "exit-code"): the code and signal decide. */
const failed = (exit: ExitStatus): boolean => exit.code !== 0 || exit.signal !== null;

/** The delay before restart number `n` (1-based): backoffMs, then doubled each time, capped. */
export function backoffDelay(policy: RestartPolicy, n: number): number {
  return Math.min(MAX_BACKOFF_MS, policy.backoffMs * 2 ** Math.min(n - 1, 30));
}

/**
 * Decides, when a program ends, whether the supervisor starts it again. A stop someone asked for
 * (API, TTL, idle "stop") is never undone, whatever the policy: "always" means "after every
 * exit of its own", as Docker's restart policy does.
 */
export function decideRestart(
  policy: RestartPolicy | null,
  history: RestartCount,
  exit: ExitStatus,
  opts: { requested: boolean; now: number },
): RestartDecision {
  const reason = exitReason(exit);
  if (!policy || policy.policy === 'no') return { restart: false, reason };
  if (opts.requested) return { restart: false, reason };
  if (policy.policy === 'on-failure' && !failed(exit)) return { restart: false, reason };
  if (history.count >= policy.maxRestarts) return { restart: false, reason };
  const count = history.count + 1;
  const delayMs = backoffDelay(policy, count);
  return { restart: true, reason, delayMs, count, dueAt: opts.now + delayMs };
}
