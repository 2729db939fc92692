import Type from 'typebox';
import { AetherError } from '../errors/index.js';

/**
 * Pagination, the same on every list route: `limit` (1..500, default 100) and an opaque `cursor`
 * taken from the previous page's `nextCursor` (null on the last page). The cursor is base64url
 * JSON of where the next page starts (a pid for processes, an offset elsewhere); clients must not
 * build one, and a cursor that does not parse is a 400 VALIDATION_FAILED, never a silent page 1.
 */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'Items per page (1..500)' })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "The previous page's nextCursor (opaque)" })),
};

export const NextCursor = Type.Union([Type.String(), Type.Null()], {
  description: 'Pass as cursor for the next page; null on the last one',
});

export const DEFAULT_LIMIT = 100;

export function encodeCursor(position: number): string {
  return Buffer.from(JSON.stringify({ p: position })).toString('base64url');
}

/** The position a cursor names; 0 (the start) when there is none. */
export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p?: unknown };
    if (Number.isSafeInteger(parsed.p) && (parsed.p as number) >= 0) return parsed.p as number;
  } catch {
    /* falls through */
  }
  throw new AetherError('VALIDATION_FAILED', 'cursor: not a cursor this API issued; pass nextCursor from the previous page.');
}

/** One page of an in-memory list (its order is the route's own), by offset. */
export function pageOf<T>(items: readonly T[], q: { limit?: number; cursor?: string }): { page: T[]; nextCursor: string | null } {
  const start = decodeCursor(q.cursor);
  const limit = q.limit ?? DEFAULT_LIMIT;
  const page = items.slice(start, start + limit);
  return { page, nextCursor: start + limit < items.length ? encodeCursor(start + limit) : null };
}
