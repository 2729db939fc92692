/**
 * The one way the UI talks HTTP to the kernel. The token travels in the Authorization header,
 * never in a URL (only the WebSocket query, which the API requires because browsers cannot set
 * headers on a WebSocket).
 */
import { token, expireSession } from '../state/session';
import { apiBase } from './base';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint = '',
  ) {
    super(message);
  }
  /** The route does not exist on this kernel (an older kernel, or a feature not merged yet). */
  get unavailable(): boolean {
    return this.status === 404 && this.code === 'NOT_FOUND';
  }
}

export async function api<T>(method: string, path: string, body?: unknown, tokenOverride?: string): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${tokenOverride ?? token.value ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${apiBase.value}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', `The kernel cannot be reached (${(err as Error).message}).`);
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, 'BAD_RESPONSE', `The kernel answered ${res.status} with something that is not JSON.`);
  }
  if (!res.ok) {
    const e = (data ?? {}) as { code?: string; message?: string; hint?: string };
    const err = new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, e.hint);
    if (res.status === 401 && tokenOverride === undefined) expireSession();
    throw err;
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const del = <T>(path: string) => api<T>('DELETE', path);

/**
 * Every item of a paged list (limit/cursor/nextCursor, issue 15): follows nextCursor until the
 * last page. `key` names the array field (processes, approvals, ...).
 */
export async function getAll<T>(path: string, key: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Record<string, unknown> = await get(
      `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...((page[key] as T[] | undefined) ?? []));
    cursor = typeof page.nextCursor === 'string' ? page.nextCursor : null;
  } while (cursor);
  return items;
}

/** ws:// or wss:// URL for a WebSocket route, token in the query as the API asks (plus any other parameters). */
export function wsUrl(path: string, extra: Record<string, string> = {}): string {
  const base = new URL(apiBase.value || location.href);
  const proto = base.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = new URLSearchParams({ token: token.value ?? '', ...extra });
  return `${proto}//${base.host}/api/v1${path}?${q.toString()}`;
}

/** A binary resource (a screenshot) fetched with the bearer header, as an object URL the caller revokes. */
export async function blobUrl(path: string): Promise<string> {
  const res = await fetch(`${apiBase.value}/api/v1${path}`, { headers: { authorization: `Bearer ${token.value ?? ''}` } });
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, res.statusText);
  return URL.createObjectURL(await res.blob());
}
