import * as sqliteVec from 'sqlite-vec';
import type { Db } from '../store/index.js';

/**
 * Vector search with sqlite-vec, in the kernel's database. The dimension of a vec0 table is fixed
 * when it is created and depends on the embedding model, so tables are made on first use, one per
 * dimension (memory_vec_<dim>), not by a migration. The partition key is owner + model: a KNN query
 * then scans only that owner's vectors of that model, and vectors of two models are never compared.
 */
export class VectorIndex {
  private readonly known = new Set<number>();

  constructor(private readonly db: Db) {
    sqliteVec.load(db);
  }

  private table(dim: number): string {
    if (!Number.isInteger(dim) || dim < 1 || dim > 8192) throw new Error(`unusable embedding dimension ${dim}`);
    const name = `memory_vec_${dim}`;
    if (!this.known.has(dim)) {
      this.db.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING vec0(
           partition text partition key, embedding float[${dim}] distance_metric=cosine)`,
      );
      this.known.add(dim);
    }
    return name;
  }

  put(id: number, owner: string, model: string, vector: number[]): void {
    const t = this.table(vector.length);
    this.db.prepare(`DELETE FROM ${t} WHERE rowid = ?`).run(BigInt(id));
    this.db
      .prepare(`INSERT INTO ${t}(rowid, partition, embedding) VALUES (?, ?, ?)`)
      .run(BigInt(id), `${owner}|${model}`, f32(vector));
    this.db
      .prepare('INSERT OR REPLACE INTO memory_embeddings(memory_id, model, dim) VALUES (?, ?, ?)')
      .run(id, model, vector.length);
  }

  remove(ids: number[]): void {
    const rows = ids.length
      ? (this.db
          .prepare(`SELECT memory_id AS id, dim FROM memory_embeddings WHERE memory_id IN (${ids.map(() => '?').join(',')})`)
          .all(...ids) as { id: number; dim: number }[])
      : [];
    for (const r of rows) this.db.prepare(`DELETE FROM ${this.table(r.dim)} WHERE rowid = ?`).run(BigInt(r.id));
  }

  /** The k nearest memory ids of each owner, nearest first, with cosine distance. */
  nearest(owners: string[], model: string, vector: number[], k: number): { id: number; distance: number }[] {
    const t = this.table(vector.length);
    const q = this.db.prepare(`SELECT rowid AS id, distance FROM ${t} WHERE embedding MATCH ? AND k = ? AND partition = ?`);
    const hits = owners.flatMap((o) => q.all(f32(vector), k, `${o}|${model}`) as { id: number; distance: number }[]);
    return hits.sort((a, b) => a.distance - b.distance).slice(0, k);
  }
}

function f32(v: number[]): Buffer {
  const a = Float32Array.from(v);
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
