import { createHash } from 'node:crypto';
import type { Db } from '../store/index.js';
import type { Layer, Memory, Owner } from './types.js';

interface Row {
  id: number;
  owner: Owner;
  layer: Layer;
  content: string;
  subject: string | null;
  data: string;
  importance: number;
  author: string;
  source_pid: number | null;
  created_at: number;
  accessed_at: number;
  access_count: number;
}

const toMemory = (r: Row): Memory => ({
  id: r.id,
  owner: r.owner,
  layer: r.layer,
  content: r.content,
  subject: r.subject,
  data: JSON.parse(r.data) as Record<string, unknown>,
  importance: r.importance,
  author: r.author,
  sourcePid: r.source_pid,
  createdAt: r.created_at,
  accessedAt: r.accessed_at,
  accessCount: r.access_count,
});

export interface StoredMemory {
  owner: Owner;
  layer: Layer;
  content: string;
  subject: string | null;
  data: Record<string, unknown>;
  importance: number;
  author: string;
  sourcePid: number | null;
}

const hashOf = (content: string, subject: string | null) =>
  createHash('sha256')
    .update(`${subject ?? ''}\n${content.trim().replace(/\s+/g, ' ').toLowerCase()}`)
    .digest('hex');

/** The SQL of the memories table and its full-text index; no policy (access, ranking) here. */
export class MemoryStore {
  constructor(private readonly db: Db) {}

  /**
   * Stores a memory, or consolidates it into the same one remembered before (same owner, layer,
   * text): that one becomes more important and fresh again instead of being stored twice.
   */
  insert(m: StoredMemory, now: number): { memory: Memory; created: boolean } {
    const hash = hashOf(m.content, m.subject);
    const existing = this.db
      .prepare('SELECT * FROM memories WHERE owner = ? AND layer = ? AND content_hash = ?')
      .get(m.owner, m.layer, hash) as Row | undefined;
    if (existing) {
      const importance = Math.min(1, Math.max(existing.importance, m.importance) + 0.05);
      const data = JSON.stringify({ ...(JSON.parse(existing.data) as object), ...m.data });
      this.db
        .prepare('UPDATE memories SET importance = ?, accessed_at = ?, data = ? WHERE id = ?')
        .run(importance, now, data, existing.id);
      return { memory: this.get(existing.id)!, created: false };
    }
    const id = this.db
      .prepare(
        `INSERT INTO memories (owner, layer, content, subject, data, importance, author, source_pid, content_hash, created_at, accessed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(m.owner, m.layer, m.content, m.subject, JSON.stringify(m.data), m.importance, m.author, m.sourcePid, hash, now, now)
      .lastInsertRowid as number;
    return { memory: this.get(Number(id))!, created: true };
  }

  get(id: number): Memory | undefined {
    const r = this.db.prepare('SELECT * FROM memories WHERE id = ?').get(id) as Row | undefined;
    return r && toMemory(r);
  }

  getMany(ids: number[]): Memory[] {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT * FROM memories WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as Row[];
    return rows.map(toMemory);
  }

  delete(ids: number[]): void {
    const del = this.db.prepare('DELETE FROM memories WHERE id = ?');
    for (const id of ids) del.run(id);
  }

  /** Full-text hits among the owners' memories, best first (BM25; content weighs more than subject). */
  search(owners: Owner[], layers: readonly Layer[], match: string, limit: number): number[] {
    const rows = this.db
      .prepare(
        // CROSS JOIN keeps the full-text index as the outer loop: left to itself the planner may walk
        // the owner's every memory (the owner index) and test each against the index, 100x slower.
        `SELECT m.id FROM memories_fts f CROSS JOIN memories m ON m.id = f.rowid
         WHERE memories_fts MATCH ? AND m.owner IN (${owners.map(() => '?').join(',')})
           AND m.layer IN (${layers.map(() => '?').join(',')})
         ORDER BY bm25(memories_fts, 1.0, 0.5) LIMIT ?`,
      )
      .all(match, ...owners, ...layers, limit) as { id: number }[];
    return rows.map((r) => r.id);
  }

  list(owners: Owner[], opts: { layers?: readonly Layer[]; subject?: string; before?: number; limit: number }): Memory[] {
    const where = [`owner IN (${owners.map(() => '?').join(',')})`];
    const args: unknown[] = [...owners];
    if (opts.layers?.length) {
      where.push(`layer IN (${opts.layers.map(() => '?').join(',')})`);
      args.push(...opts.layers);
    }
    if (opts.subject) {
      where.push('subject = ?');
      args.push(opts.subject);
    }
    if (opts.before) {
      where.push('id < ?');
      args.push(opts.before);
    }
    const rows = this.db
      .prepare(`SELECT * FROM memories WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`)
      .all(...args, opts.limit) as Row[];
    return rows.map(toMemory);
  }

  touch(ids: number[], now: number): void {
    const q = this.db.prepare('UPDATE memories SET accessed_at = ?, access_count = access_count + 1 WHERE id = ?');
    for (const id of ids) q.run(now, id);
  }

  count(owner: Owner, layer: Layer): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM memories WHERE owner = ? AND layer = ?').get(owner, layer) as { n: number }
    ).n;
  }

  /** Every memory of one owner and layer with what forgetting weighs: importance and last touch. */
  retentionFacts(owner: Owner, layer: Layer): { id: number; importance: number; accessedAt: number }[] {
    return this.db
      .prepare('SELECT id, importance, accessed_at AS accessedAt FROM memories WHERE owner = ? AND layer = ?')
      .all(owner, layer) as { id: number; importance: number; accessedAt: number }[];
  }

  /** Memories without a vector for this model (remembered while the provider was down, or before it was set). */
  unembedded(model: string, limit: number): Memory[] {
    const rows = this.db
      .prepare(
        `SELECT m.* FROM memories m LEFT JOIN memory_embeddings e ON e.memory_id = m.id
         WHERE e.memory_id IS NULL OR e.model != ? ORDER BY m.id DESC LIMIT ?`,
      )
      .all(model, limit) as Row[];
    return rows.map(toMemory);
  }
}
