import type { Db } from '../store/index.js';
import type { KernelEvent } from './bus.js';

/** How many events are kept for replay; older ones are pruned (a client that far behind re-reads state). */
export const DEFAULT_EVENT_RETENTION = 100_000;
/** Pruning runs every this many appends, not on each. */
const PRUNE_EVERY = 1000;

/**
 * Every published event as a row of the `events` table (process.state rows are written by the
 * process repository in the same transaction as the state change): the row id is the event's
 * `seq`, so a client that reconnects with ?after=<seq> gets exactly what it missed, in order.
 */
export class EventStore {
  private readonly stmts;
  private appends = 0;

  constructor(
    db: Db,
    private readonly retain = DEFAULT_EVENT_RETENTION,
  ) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO events (pid, type, data, at) VALUES (?, ?, ?, ?)`),
      after: db.prepare<[number, number], { id: number; data: string }>(
        `SELECT id, data FROM events WHERE id > ? ORDER BY id LIMIT ?`,
      ),
      prune: db.prepare(`DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - ?`),
    };
  }

  /** Writes the event; returns its seq. */
  append(event: { type: string } & Record<string, unknown>): number {
    const pid = typeof event.pid === 'number' ? event.pid : null;
    const info = this.stmts.insert.run(pid, event.type, JSON.stringify(event), Date.now());
    if (++this.appends % PRUNE_EVERY === 0) this.stmts.prune.run(this.retain);
    return Number(info.lastInsertRowid);
  }

  /** Up to `limit` events with seq > after, oldest first. */
  after(after: number, limit: number): KernelEvent[] {
    return this.stmts.after.all(after, limit).map((r) => ({ ...(JSON.parse(r.data) as { type: string }), seq: r.id }));
  }
}
