/**
 * How recall orders memories: relevance to the query first, then how important and how recent
 * a memory is. Pure functions, so the weights are tested on fixed numbers.
 */
export const WEIGHTS = { relevance: 0.6, importance: 0.25, recency: 0.15 } as const;

/** Recency halves every this many days since a memory was made or last recalled. */
export const RECENCY_HALF_LIFE_DAYS = 14;

/** Reciprocal-rank fusion constant: how quickly lower ranks stop counting. */
const RRF_K = 10;

const DAY_MS = 86_400_000;

export function recency(lastTouchedAt: number, now: number): number {
  const days = Math.max(0, now - lastTouchedAt) / DAY_MS;
  return 0.5 ** (days / RECENCY_HALF_LIFE_DAYS);
}

/**
 * Fuses the full-text and vector rankings (1-based ranks, null when a list missed the memory)
 * into 0..1. Rank fusion, not raw scores: BM25 and cosine distances are on unrelated scales.
 * With one list only (full-text retrieval) the best hit still reaches 1.
 */
export function relevance(fulltextRank: number | null, vectorRank: number | null, lists: 1 | 2): number {
  const part = (r: number | null) => (r === null ? 0 : 1 / (RRF_K + r));
  return (part(fulltextRank) + part(vectorRank)) / (lists / (RRF_K + 1));
}

export function score(parts: { relevance: number; importance: number; recency: number }): number {
  return WEIGHTS.relevance * parts.relevance + WEIGHTS.importance * parts.importance + WEIGHTS.recency * parts.recency;
}

/** What forgetting keeps longest: important memories, and ones recalled lately. */
export function retention(importance: number, lastTouchedAt: number, now: number): number {
  return 0.7 * importance + 0.3 * recency(lastTouchedAt, now);
}

/**
 * A free-text query as an FTS5 expression: each word quoted (so FTS5 syntax in the query is
 * just text) and joined by OR, so a memory matching more of the words ranks higher by BM25.
 */
export function fulltextQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  const unique = [...new Set(words)].filter((w) => w.length > 1 || /\p{N}/u.test(w));
  // Function words match nearly everything and would drown the words that matter; a query of
  // nothing else ("what is it") keeps them rather than finding nothing.
  const content = unique.filter((w) => !STOP_WORDS.has(w));
  const chosen = (content.length ? content : unique).slice(0, 32);
  return chosen.length ? chosen.map((w) => `"${w}"`).join(' OR ') : null;
}

const STOP_WORDS = new Set(
  (
    'a an and are as at be but by can could did do does for from had has have how i if in into is it its me my of on or our ' +
    'should so than that the their them then there these they this to was we were what when where which who why will with ' +
    'would you your about after again all also any been before being both each few more most no nor not now only other ' +
    'own same some such too very just over under up down out off once here further while during until against between through'
  ).split(' '),
);
