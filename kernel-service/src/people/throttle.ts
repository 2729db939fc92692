/**
 * Failed-login throttle, per source address and per user name: the `free`-th failure locks the key
 * for a minute, each further one for twice as long as the last (up to an hour). A record is
 * forgotten a minute after its last lock ended (or after a minute without a lock). A success
 * clears the user name's record (not the address's: one good password does not unlock guessing).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; first: number; until: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly free = 5,
    private readonly windowMs = 60_000,
    private readonly maxLockMs = 3600_000,
  ) {}

  /** Milliseconds until any of these keys may try again; 0: now. */
  wait(keys: string[]): number {
    const now = this.now();
    let wait = 0;
    for (const k of keys) {
      const f = this.failures.get(k);
      if (f && f.until > now) wait = Math.max(wait, f.until - now);
    }
    return wait;
  }

  fail(keys: string[]): void {
    const now = this.now();
    if (this.failures.size > 50_000) this.prune(now);
    for (const k of keys) {
      let f = this.failures.get(k);
      if (!f || this.stale(f, now)) f = { count: 0, first: now, until: 0 };
      f.count++;
      if (f.count >= this.free) f.until = now + Math.min(this.maxLockMs, this.windowMs * 2 ** (f.count - this.free));
      this.failures.set(k, f);
    }
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private prune(now: number): void {
    for (const [k, f] of this.failures) if (this.stale(f, now)) this.failures.delete(k);
  }

  private stale(f: { first: number; until: number }, now: number): boolean {
    return now >= Math.max(f.first, f.until) + this.windowMs;
  }
}
