/** The four layers of an agent's memory (see docs/ARCHITECTURE.md, "Memory"). */
export const LAYERS = ['episodic', 'semantic', 'procedural', 'social'] as const;
export type Layer = (typeof LAYERS)[number];

/** Whose memory: an agent identity (all its runs) or a shared space of a team. */
export type Owner = `agent:${string}` | `space:${string}`;

export const agentOwner = (name: string): Owner => `agent:${name}`;
export const spaceOwner = (name: string): Owner => `space:${name}`;

export interface Memory {
  id: number;
  owner: Owner;
  layer: Layer;
  content: string;
  /** Social: whom it is about. Procedural: the goal it achieves. */
  subject: string | null;
  data: Record<string, unknown>;
  /** 0..1: how much it matters; raised when the same thing is remembered again. */
  importance: number;
  author: string;
  sourcePid: number | null;
  createdAt: number;
  accessedAt: number;
  accessCount: number;
}

export interface NewMemory {
  layer: Layer;
  content: string;
  subject?: string | null;
  data?: Record<string, unknown>;
  importance?: number;
  /** Where to write: the agent's own memory (default) or a space it may write to. */
  space?: string;
}

/** How recall found its results: with vectors and full text, or full text alone. */
export type Retrieval = 'hybrid' | 'fulltext';

export interface RecallQuery {
  query: string;
  layers?: Layer[];
  limit?: number;
  /** Include the spaces the agent may read (default true). */
  includeSpaces?: boolean;
  subject?: string;
}

export interface ScoredMemory extends Memory {
  score: number;
  /** The parts of the score, so a reader (or a test) can see why it ranks where it does. */
  why: { relevance: number; importance: number; recency: number; fulltextRank: number | null; vectorRank: number | null };
}

export interface RecallResult {
  retrieval: Retrieval;
  /** Why recall is full-text only, when it is (no embedding model, the provider failed). */
  note?: string;
  memories: ScoredMemory[];
}
