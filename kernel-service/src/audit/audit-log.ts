import type { Logger } from 'pino';
import type { Db } from '../store/index.js';
import { entryHash, GENESIS, type AuditFields, type AuditOutcome } from './chain.js';

export interface AuditEntry extends Omit<AuditFields, 'at'> {
  at: string;
  prevHash: string;
  hash: string;
}

export type NewAuditEntry = Omit<AuditFields, 'seq' | 'at'>;

export interface AuditQuery {
  after?: number;
  actor?: string;
  action?: string;
  limit?: number;
}

export interface ChainVerdict {
  ok: boolean;
  /** Entries walked. */
  checked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** The hash of the last entry: compare it with the journal's copy (see docs/SECURITY.md). */
  headHash: string;
  /** The first entry whose stored hash or link does not match, when ok is false. */
  brokenAt?: number;
  reason?: string;
}

interface Row {
  seq: number;
  at: number;
  actor: string;
  role: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  source_address: string | null;
  prev_hash: string;
  hash: string;
}

const fields = (r: Row): AuditFields => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  role: r.role,
  action: r.action,
  target: r.target,
  outcome: r.outcome,
  sourceAddress: r.source_address,
});

const toEntry = (r: Row): AuditEntry => ({ ...fields(r), at: new Date(r.at).toISOString(), prevHash: r.prev_hash, hash: r.hash });

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The append-only, hash-chained audit log (table audit_log; SQLite triggers refuse updates and
 * any delete but the oldest row). Each entry is also written to the journal, which is the second
 * witness: rewriting the table consistently (every hash recomputed) is only visible against it.
 */
export class AuditLog {
  private readonly insert;
  private readonly last;

  constructor(
    private readonly db: Db,
    private readonly journal: Logger,
    private readonly retentionDays = 0,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, at, actor, role, action, target, outcome, source_address, prev_hash, hash)
       VALUES (@seq, @at, @actor, @role, @action, @target, @outcome, @sourceAddress, @prevHash, @hash)`,
    );
    this.last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  }

  /** Appends one entry (one transaction: the link to the previous hash cannot race). */
  record(entry: NewAuditEntry): AuditEntry {
    const write = this.db.transaction((e: NewAuditEntry) => {
      const prev = this.last.get() as { seq: number; hash: string } | undefined;
      const f: AuditFields = { ...e, seq: (prev?.seq ?? 0) + 1, at: this.now() };
      const prevHash = prev?.hash ?? GENESIS;
      const hash = entryHash(prevHash, f);
      this.insert.run({ ...f, prevHash, hash });
      return { ...f, at: new Date(f.at).toISOString(), prevHash, hash };
    });
    const written = write(entry);
    this.journal.info({ audit: written }, `audit: ${written.actor} ${written.action} ${written.target ?? ''} ${written.outcome}`);
    return written;
  }

  list(q: AuditQuery = {}): { entries: AuditEntry[]; nextAfter: number | null } {
    const limit = q.limit ?? 100;
    const where = ['seq > @after'];
    if (q.actor !== undefined) where.push('actor = @actor');
    if (q.action !== undefined) where.push('action = @action');
    const rows = this.db
      .prepare(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`)
      .all({ after: q.after ?? 0, actor: q.actor, action: q.action, limit: limit + 1 }) as Row[];
    const page = rows.slice(0, limit);
    return { entries: page.map(toEntry), nextAfter: rows.length > limit ? (page.at(-1)?.seq ?? null) : null };
  }

  /**
   * Walks the chain from its oldest kept entry: every stored hash must be the hash of its fields
   * and its predecessor's hash, and seq must have no gap. Retention removes only the oldest
   * entries, so the first kept entry's prev_hash is taken as given (it is the pruned tail's head).
   */
  verify(): ChainVerdict {
    let prev: string | undefined;
    let prevSeq: number | undefined;
    let checked = 0;
    let firstSeq: number | null = null;
    for (const r of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<Row>) {
      firstSeq ??= r.seq;
      const broken = (reason: string): ChainVerdict => ({
        ok: false,
        checked,
        firstSeq,
        lastSeq: r.seq,
        headHash: prev ?? GENESIS,
        brokenAt: r.seq,
        reason,
      });
      if (prevSeq !== undefined && r.seq !== prevSeq + 1) return broken(`entry ${prevSeq + 1} is missing`);
      if (prev !== undefined && r.prev_hash !== prev) return broken('its link does not match the previous entry');
      if (entryHash(r.prev_hash, fields(r)) !== r.hash) return broken('its fields do not match its hash (altered)');
      prev = r.hash;
      prevSeq = r.seq;
      checked++;
    }
    return { ok: true, checked, firstSeq, lastSeq: prevSeq ?? null, headHash: prev ?? GENESIS };
  }

  /** Removes entries older than the retention (0: keep all), oldest first. Answers how many went. */
  prune(): number {
    if (this.retentionDays <= 0) return 0;
    const cutoff = this.now() - this.retentionDays * DAY_MS;
    // Keep the newest entry whatever its age: it is the chain's head.
    return this.db.prepare('DELETE FROM audit_log WHERE at < ? AND seq < (SELECT MAX(seq) FROM audit_log)').run(cutoff).changes;
  }
}
