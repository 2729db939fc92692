import { AetherError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import { fulltextQuery, recency, relevance, retention, score } from './ranking.js';
import { Spaces } from './spaces.js';
import { MemoryStore } from './store.js';
import {
  agentOwner,
  LAYERS,
  spaceOwner,
  type Layer,
  type Memory,
  type NewMemory,
  type Owner,
  type RecallQuery,
  type RecallResult,
  type ScoredMemory,
} from './types.js';
import { VectorIndex } from './vectors.js';

/** Turns texts into vectors with the configured embedding model (the LLM gateway's embed). */
export interface Embedder {
  model: string;
  embed(pid: number, texts: string[]): Promise<number[][]>;
}

export interface MemoryLimits {
  /** Most memories one owner keeps in one layer; past it, the least retained are forgotten. */
  maxPerLayer: number;
}

export interface MemoryServiceDeps {
  db: Db;
  embedder: Embedder | null;
  limits: MemoryLimits;
  log?: { warn(obj: Record<string, unknown>, msg: string): void };
  now?: () => number;
  /** Vector partitions kept in memory (protection.vectorPartitionsCached); the least recently used go. */
  vectorPartitions?: number;
}

const CANDIDATES = 64;

/**
 * Memory per agent identity: remember, recall (hybrid vector + full-text ranking, or full-text
 * alone without an embedding model), forget, with shared spaces and limits. Every method takes
 * the acting agent: access is checked here, once, for the socket, the tools and the API alike.
 */
export class MemoryService {
  readonly spaces: Spaces;
  private readonly store: MemoryStore;
  private readonly vectors: VectorIndex;
  private readonly now: () => number;

  constructor(private readonly deps: MemoryServiceDeps) {
    this.store = new MemoryStore(deps.db);
    this.vectors = new VectorIndex(deps.db, deps.vectorPartitions);
    this.spaces = new Spaces(deps.db);
    this.now = deps.now ?? Date.now;
  }

  get retrieval(): 'hybrid' | 'fulltext' {
    return this.deps.embedder ? 'hybrid' : 'fulltext';
  }

  /** `author` differs from `agent` when a person teaches the agent through the API ("human:admin"). */
  async remember(agent: string, pid: number | null, input: NewMemory, author = agent): Promise<Memory> {
    const owner: Owner = input.space ? spaceOwner(input.space) : agentOwner(agent);
    this.spaces.check(agent, owner, 'write');
    const importance = Math.min(1, Math.max(0, input.importance ?? 0.5));
    // Embed before the write, outside any transaction: a slow provider must not hold the database.
    const vector = await this.embedOne(pid ?? 0, embeddable(input.content, input.subject ?? null));
    const { memory, created } = this.deps.db.transaction(() => {
      const r = this.store.insert(
        {
          owner,
          layer: input.layer,
          content: input.content,
          subject: input.subject ?? null,
          data: input.data ?? {},
          importance,
          author,
          sourcePid: pid,
        },
        this.now(),
      );
      if (r.created && vector) this.vectors.put(r.memory.id, owner, this.deps.embedder!.model, vector);
      return r;
    })();
    if (created) this.enforceLimit(owner, input.layer);
    return memory;
  }

  async recall(agent: string, pid: number | null, q: RecallQuery): Promise<RecallResult> {
    const owners = q.includeSpaces === false ? [agentOwner(agent)] : this.spaces.readableOwners(agent);
    return this.recallIn(owners, pid, q);
  }

  /** Recall over given owners; the API uses it to look at an agent's memory as an administrator. */
  async recallIn(owners: Owner[], pid: number | null, q: RecallQuery): Promise<RecallResult> {
    const layers = q.layers?.length ? q.layers : LAYERS;
    const limit = Math.min(Math.max(q.limit ?? 10, 1), 100);
    const match = fulltextQuery(q.query);
    const fulltext = match ? this.store.search(owners, layers, match, CANDIDATES) : [];
    let vector: number[] = [];
    let retrieval: RecallResult['retrieval'] = 'fulltext';
    let note: string | undefined;
    if (!this.deps.embedder) {
      note = 'no embedding model is configured (llm.embeddingModel): recall uses full-text search only';
    } else {
      try {
        const [v] = await this.deps.embedder.embed(pid ?? 0, [q.query]);
        const layerSet = new Set<string>(layers);
        const hits = this.vectors.nearest(owners, this.deps.embedder.model, v!, CANDIDATES);
        const byId = new Map(this.store.getMany(hits.map((h) => h.id)).map((m) => [m.id, m]));
        vector = hits.map((h) => h.id).filter((id) => layerSet.has(byId.get(id)?.layer ?? ''));
        retrieval = 'hybrid';
      } catch (err) {
        note = `the embedding model failed (${(err as Error).message}): this recall used full-text search only`;
        this.deps.log?.warn({ err: (err as Error).message }, 'memory: query embedding failed; full-text recall');
      }
    }
    const now = this.now();
    const lists = retrieval === 'hybrid' ? 2 : 1;
    const ranked = this.store
      .getMany([...new Set([...fulltext, ...vector])])
      .filter((m) => !q.subject || m.subject === q.subject)
      .map((m): ScoredMemory => {
        const ft = fulltext.indexOf(m.id);
        const vr = vector.indexOf(m.id);
        const why = {
          relevance: relevance(ft < 0 ? null : ft + 1, vr < 0 ? null : vr + 1, lists),
          importance: m.importance,
          recency: recency(m.accessedAt, now),
          fulltextRank: ft < 0 ? null : ft + 1,
          vectorRank: vr < 0 ? null : vr + 1,
        };
        return { ...m, score: score(why), why };
      })
      .sort((a, b) => b.score - a.score || b.id - a.id)
      .slice(0, limit);
    this.store.touch(
      ranked.map((m) => m.id),
      now,
    );
    return { retrieval, ...(note ? { note } : {}), memories: ranked };
  }

  get(agent: string, id: number): Memory {
    const m = this.store.get(id);
    if (!m) throw new AetherError('MEMORY_NOT_FOUND', `no memory ${id}`, { details: { id } });
    this.spaces.check(agent, m.owner, 'read');
    return m;
  }

  forget(agent: string, id: number): void {
    const m = this.store.get(id);
    if (!m) throw new AetherError('MEMORY_NOT_FOUND', `no memory ${id}`, { details: { id } });
    this.spaces.check(agent, m.owner, 'write');
    this.remove([id]);
  }

  /** Administrator's forget (the API): no agent's access applies. */
  forgetById(id: number): void {
    if (!this.store.get(id)) throw new AetherError('MEMORY_NOT_FOUND', `no memory ${id}`, { details: { id } });
    this.remove([id]);
  }

  list(owners: Owner[], opts: { layers?: Layer[]; subject?: string; before?: number; limit?: number }): Memory[] {
    return this.store.list(owners, { ...opts, limit: Math.min(Math.max(opts.limit ?? 50, 1), 500) });
  }

  /** Embeds memories that have no vector for the current model; returns how many it did. */
  async backfill(batch = 32): Promise<number> {
    const embedder = this.deps.embedder;
    if (!embedder) return 0;
    const missing = this.store.unembedded(embedder.model, batch);
    if (missing.length === 0) return 0;
    const vectors = await embedder.embed(
      0,
      missing.map((m) => embeddable(m.content, m.subject)),
    );
    this.deps.db.transaction(() => missing.forEach((m, i) => this.vectors.put(m.id, m.owner, embedder.model, vectors[i]!)))();
    return missing.length;
  }

  private remove(ids: number[]): void {
    this.deps.db.transaction(() => {
      this.vectors.remove(ids);
      this.store.delete(ids);
    })();
  }

  /** Forgetting: past the limit, the least retained memories go, down to 90% so it is not done on every write. */
  private enforceLimit(owner: Owner, layer: Layer): void {
    const max = this.deps.limits.maxPerLayer;
    if (this.store.count(owner, layer) <= max) return;
    const now = this.now();
    const facts = this.store.retentionFacts(owner, layer);
    const keep = Math.floor(max * 0.9);
    const doomed = facts
      .map((f) => ({ id: f.id, r: retention(f.importance, f.accessedAt, now) }))
      .sort((a, b) => a.r - b.r || a.id - b.id)
      .slice(0, facts.length - keep)
      .map((f) => f.id);
    this.remove(doomed);
  }

  private async embedOne(pid: number, text: string): Promise<number[] | null> {
    if (!this.deps.embedder) return null;
    try {
      const [v] = await this.deps.embedder.embed(pid, [text]);
      return v ?? null;
    } catch (err) {
      // Kept without a vector (full-text still finds it); backfill() embeds it when the provider is back.
      this.deps.log?.warn({ err: (err as Error).message }, 'memory: embedding failed; stored for full-text recall');
      return null;
    }
  }
}

const embeddable = (content: string, subject: string | null) => (subject ? `${subject}: ${content}` : content);
