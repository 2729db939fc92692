import * as sqliteVec from 'sqlite-vec';
import type { Db } from '../store/index.js';

/** Candidates the coarse pass hands to exact rescoring: 4x the 64 recall asks for. */
const OVERSAMPLE = 256;

interface Codes {
  dim: number;
  /** sign bits of each vector, dim/32 words per memory */
  words: number;
  ids: number[];
  codes: Uint32Array;
  count: number;
}

/**
 * Vector search in two passes. Vectors (float32) are rows of memory_embeddings, partitioned by
 * owner|model (vectors of two models are never compared). The coarse pass ranks a partition by
 * the Hamming distance of sign-bit codes kept in memory (48 bytes per 384-d vector); the exact
 * pass rescores the best OVERSAMPLE by cosine distance with sqlite-vec's vec_distance_cosine.
 * Why not vec0's KNN: its brute-force scan measured 40-60 ms for 100k 384-d vectors on this
 * 2-core machine (bit or float columns alike), above the 20 ms recall target; the code scan
 * takes ~2 ms (bench/memory). Partitions below OVERSAMPLE are ranked exactly.
 *
 * The codes of at most `maxPartitions` partitions stay in memory, least recently used evicted
 * first (Map order is use order): every agent and model adds one, so without a bound the kernel
 * would grow with the number of agents ever recalled from. An evicted partition is read from the
 * database again on its next query.
 */
export class VectorIndex {
  private readonly partitions = new Map<string, Codes>();

  constructor(
    private readonly db: Db,
    private readonly maxPartitions = 256,
  ) {
    sqliteVec.load(db);
  }

  /** Partitions whose codes are in memory now (metrics, tests). */
  get cached(): number {
    return this.partitions.size;
  }

  put(id: number, owner: string, model: string, vector: number[]): void {
    const partition = `${owner}|${model}`;
    const blob = f32(vector);
    this.db
      .prepare('INSERT OR REPLACE INTO memory_embeddings(memory_id, partition, model, dim, vector) VALUES (?, ?, ?, ?, ?)')
      .run(id, partition, model, vector.length, blob);
    const p = this.partitions.get(partition);
    if (p && p.dim === vector.length) append(p, id, vector);
    else this.partitions.delete(partition); // reloaded on its next query
  }

  /** Rows go with their memories (ON DELETE CASCADE); the in-memory codes forget them here. */
  remove(ids: number[]): void {
    if (ids.length === 0) return;
    const gone = new Set(ids);
    for (const p of this.partitions.values()) {
      for (let i = 0; i < p.count; i++) if (gone.has(p.ids[i]!)) p.ids[i] = -1;
    }
  }

  /** The k nearest memory ids over the owners' partitions, nearest first, with cosine distance. */
  nearest(owners: string[], model: string, vector: number[], k: number): { id: number; distance: number }[] {
    const query = signBits(vector);
    const candidates = owners.flatMap((o) => this.coarse(this.load(`${o}|${model}`, vector.length), query));
    if (candidates.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT memory_id AS id, vec_distance_cosine(vector, ?) AS distance FROM memory_embeddings
         WHERE memory_id IN (${candidates.map(() => '?').join(',')}) AND dim = ? ORDER BY distance LIMIT ?`,
      )
      .all(f32(vector), ...candidates, vector.length, k) as { id: number; distance: number }[];
    return rows;
  }

  private load(partition: string, dim: number): Codes | null {
    const cached = this.partitions.get(partition);
    if (cached?.dim === dim) {
      this.partitions.delete(partition); // most recently used now
      this.partitions.set(partition, cached);
      return cached;
    }
    const rows = this.db
      .prepare('SELECT memory_id AS id, vector FROM memory_embeddings WHERE partition = ? AND dim = ? ORDER BY memory_id')
      .all(partition, dim) as { id: number; vector: Buffer }[];
    const words = Math.ceil(dim / 32);
    const p: Codes = { dim, words, ids: [], codes: new Uint32Array(Math.max(rows.length, 64) * words), count: 0 };
    for (const r of rows) append(p, r.id, [...new Float32Array(r.vector.buffer, r.vector.byteOffset, dim)]);
    this.partitions.delete(partition);
    this.partitions.set(partition, p);
    for (const oldest of this.partitions.keys()) {
      if (this.partitions.size <= this.maxPartitions) break;
      this.partitions.delete(oldest);
    }
    return p;
  }

  /** The ids of the OVERSAMPLE codes nearest to the query's (all of them in a small partition). */
  private coarse(p: Codes | null, query: Uint32Array): number[] {
    if (!p || p.count === 0) return [];
    const live = () => p.ids.slice(0, p.count).filter((id) => id >= 0);
    if (p.count <= OVERSAMPLE) return live();
    const distances = new Uint16Array(p.count);
    const histogram = new Uint32Array(p.dim + 1);
    for (let i = 0; i < p.count; i++) {
      if (p.ids[i]! < 0) continue;
      let d = 0;
      for (let j = 0, at = i * p.words; j < p.words; j++) d += popcount(p.codes[at + j]! ^ query[j]!);
      distances[i] = d;
      histogram[d]!++;
    }
    // The distance below which at least OVERSAMPLE codes lie: a counting selection, no sort.
    let threshold = 0;
    for (let seen = 0; threshold <= p.dim && seen + histogram[threshold]! < OVERSAMPLE; threshold++)
      seen += histogram[threshold]!;
    const out: number[] = [];
    for (let i = 0; i < p.count && out.length < OVERSAMPLE; i++) {
      if (p.ids[i]! >= 0 && distances[i]! < threshold) out.push(p.ids[i]!);
    }
    for (let i = 0; i < p.count && out.length < OVERSAMPLE; i++) {
      if (p.ids[i]! >= 0 && distances[i] === threshold) out.push(p.ids[i]!);
    }
    return out;
  }
}

function append(p: Codes, id: number, vector: number[]): void {
  if ((p.count + 1) * p.words > p.codes.length) {
    const grown = new Uint32Array(p.codes.length * 2);
    grown.set(p.codes);
    p.codes = grown;
  }
  p.codes.set(signBits(vector), p.count * p.words);
  p.ids[p.count++] = id;
}

function signBits(v: number[]): Uint32Array {
  const out = new Uint32Array(Math.ceil(v.length / 32));
  for (let i = 0; i < v.length; i++) if (v[i]! > 0) out[i >>> 5]! |= 1 << (i & 31);
  return out;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function f32(v: number[]): Buffer {
  const a = Float32Array.from(v);
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
