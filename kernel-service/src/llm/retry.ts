import type { AetherError } from '../errors/index.js';
import { isRetryable, retryAfterMsOf } from './errors.js';

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Delay before retry number `attempt` (0-based): exponential with full jitter, so many agents
 * hitting one 429 do not come back in lockstep. A Retry-After from the provider wins (capped by
 * maxDelayMs: a provider asking for an hour should fail over to the next model, not park the agent).
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random() / 2));
}

export interface RetryHooks {
  /** Called before each wait; the gateway logs it. */
  onRetry?: (error: AetherError, attempt: number, delayMs: number) => void;
  signal?: AbortSignal | undefined;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Runs `attempt` until it succeeds, fails with a code that is not retryable, or the policy is
 * spent. `attempt` must throw catalogue errors (adapters' errors go through toLlmError first).
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy, hooks: RetryHooks = {}): Promise<T> {
  const sleep = hooks.sleep ?? abortableSleep;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      const e = err as AetherError;
      if (n >= policy.maxRetries || !isRetryable(e) || hooks.signal?.aborted) throw e;
      const delay = backoffDelay(n, policy, retryAfterMsOf(e));
      hooks.onRetry?.(e, n + 1, delay);
      await sleep(delay, hooks.signal);
    }
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
