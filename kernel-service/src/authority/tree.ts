import type Database from 'better-sqlite3';
import type { Db } from '../store/index.js';

type Statement = Database.Statement;

/** The process @root and everything below it, recursively (the root included). */
const DOWN = `WITH RECURSIVE down(pid) AS (
  SELECT @root UNION ALL SELECT p.pid FROM processes p JOIN down ON p.ppid = down.pid)`;
const BELOW = `pid IN (SELECT pid FROM down) AND pid != @root`;

/**
 * A tree of agents in the processes table: a root (no parent) and everything it spawned,
 * recursively. Sums and counts are SQL over the tree, so they hold across kernel restarts
 * and include processes that already ended (their spend stays spent).
 */
export class Trees {
  private readonly up: Statement;
  private readonly spentStmt: Statement;
  private readonly liveStmt: Statement;
  private readonly recentStmt: Statement;

  constructor(db: Db) {
    this.up = db.prepare(`
      WITH RECURSIVE up(pid, ppid, d) AS (
        SELECT pid, ppid, 0 FROM processes WHERE pid = ?
        UNION ALL SELECT p.pid, p.ppid, up.d + 1 FROM processes p JOIN up ON p.pid = up.ppid
      ) SELECT pid FROM up ORDER BY d`);
    this.spentStmt = db.prepare(
      `${DOWN} SELECT coalesce(sum(prompt_tokens + completion_tokens), 0) AS n FROM llm_usage WHERE pid IN (SELECT pid FROM down)`,
    );
    this.liveStmt = db.prepare(
      `${DOWN} SELECT count(*) AS n FROM processes WHERE ${BELOW} AND state NOT IN ('exited', 'failed', 'killed')`,
    );
    this.recentStmt = db.prepare(`${DOWN} SELECT count(*) AS n FROM processes WHERE ${BELOW} AND created_at > @since`);
  }

  /** [pid, its parent, ..., the root]; empty for an unknown pid. */
  chain(pid: number): number[] {
    return (this.up.all(pid) as { pid: number }[]).map((r) => r.pid);
  }

  /** Tokens spent by the process and everything below it. */
  spent(pid: number): number {
    return (this.spentStmt.get({ root: pid }) as { n: number }).n;
  }

  /** Live processes below the root (the root itself not counted). */
  live(root: number): number {
    return (this.liveStmt.get({ root }) as { n: number }).n;
  }

  /** Processes created below the root since `since` (ms). */
  createdSince(root: number, since: number): number {
    return (this.recentStmt.get({ root, since }) as { n: number }).n;
  }
}
