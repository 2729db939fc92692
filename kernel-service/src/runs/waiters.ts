/** Wake-ups by key ("approval:7"): long-polls sleep here until a decision or their caller leaves. */
export class Waiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Resolves on notify(key) or when the signal aborts (then it rejects). */
  wait(key: string, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new Error('aborted'));
      const set = this.waiting.get(key) ?? new Set();
      this.waiting.set(key, set);
      const wake = () => {
        done();
        resolve();
      };
      const abort = () => {
        done();
        reject(new Error('aborted'));
      };
      const done = () => {
        set.delete(wake);
        if (set.size === 0) this.waiting.delete(key);
        signal.removeEventListener('abort', abort);
      };
      set.add(wake);
      signal.addEventListener('abort', abort, { once: true });
    });
  }

  notify(key: string): void {
    for (const wake of [...(this.waiting.get(key) ?? [])]) wake();
  }
}
