/**
 * Pending restarts, one timer per process. The due time is kept on the record (restarts.dueAt
 * in the caller's store), so a kernel restart re-arms what was pending with `rearm` at reconcile
 * instead of losing it; a due time already past fires at once.
 */
export class RestartTimers {
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(private readonly now: () => number = Date.now) {}

  arm(pid: number, dueAt: number, start: (pid: number) => void): void {
    this.cancel(pid);
    const t = setTimeout(
      () => {
        this.timers.delete(pid);
        start(pid);
      },
      Math.max(0, dueAt - this.now()),
    );
    t.unref();
    this.timers.set(pid, t);
  }

  /** At reconcile: every process whose restart was pending when the kernel stopped. */
  rearm(pending: { pid: number; dueAt: number }[], start: (pid: number) => void): void {
    for (const p of pending) this.arm(p.pid, p.dueAt, start);
  }

  /** A stop, a removal, or shutdown: the restart no longer happens. */
  cancel(pid: number): boolean {
    const t = this.timers.get(pid);
    if (!t) return false;
    clearTimeout(t);
    this.timers.delete(pid);
    return true;
  }

  pending(): number[] {
    return [...this.timers.keys()];
  }

  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
