import { AetherError, isAetherError, type ErrorCode } from '../errors/index.js';
import type { Secret } from './secret.js';

/**
 * Turns whatever an SDK threw into one catalogue error. Every SDK has its own error classes; they
 * are read by shape (status, headers) rather than by class, so one function covers all four and a
 * fifth SDK needs no new branch.
 */

/** Set by the gateway when it aborted an attempt: the SDKs report both causes as a plain abort. */
export type AbortCause = 'timeout' | 'caller' | undefined;

export interface ErrorContext {
  provider: string;
  model: string;
  abortCause: AbortCause;
  apiKey: Secret | undefined;
  /** Retry-After seen on the failed response, when the SDK hides headers (ollama). */
  retryAfterHeader?: string | null | undefined;
}

/** Codes worth another attempt at the same model. */
const RETRYABLE = new Set<ErrorCode>(['LLM_RATE_LIMITED', 'LLM_PROVIDER_UNAVAILABLE', 'LLM_TIMEOUT']);
/** Codes that say "this model cannot answer now", so the next model in the chain may. */
const FALLBACK = new Set<ErrorCode>([...RETRYABLE, 'LLM_NOT_CONFIGURED', 'LLM_MODEL_UNKNOWN', 'LLM_PROVIDER_AUTH_FAILED']);

export const isRetryable = (e: AetherError) => RETRYABLE.has(e.code);
export const allowsFallback = (e: AetherError) => FALLBACK.has(e.code);

export function retryAfterMsOf(e: AetherError): number | undefined {
  const v = e.details?.retryAfterMs;
  return typeof v === 'number' ? v : undefined;
}

export function toLlmError(err: unknown, ctx: ErrorContext): AetherError {
  if (isAetherError(err)) return err;
  const where = `${ctx.provider}/${ctx.model}`;
  const scrub = (s: string) => (ctx.apiKey ? ctx.apiKey.scrub(s) : s);
  const raw = scrub(err instanceof Error ? err.message : String(err));
  const details = { provider: ctx.provider, model: ctx.model };
  if (ctx.abortCause === 'timeout') return new AetherError('LLM_TIMEOUT', `${where} did not answer in time`, { details });
  if (ctx.abortCause === 'caller') return new AetherError('LLM_CANCELLED', `request to ${where} was cancelled`, { details });
  const status = statusOf(err);
  if (status === undefined) {
    // No HTTP status: the connection failed, or the body could not be parsed.
    if (isNetworkError(err)) {
      return new AetherError('LLM_PROVIDER_UNAVAILABLE', `cannot reach ${where}: ${raw}`, { details });
    }
    return new AetherError('LLM_BAD_RESPONSE', `${where} answered with something unreadable: ${raw}`, { details });
  }
  const retryAfterMs = parseRetryAfter(headerOf(err, 'retry-after') ?? ctx.retryAfterHeader, raw);
  const withStatus = { ...details, status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  const code = codeForStatus(status);
  return new AetherError(code, `${where} answered ${status}: ${raw}`, { details: withStatus });
}

function codeForStatus(status: number): ErrorCode {
  if (status === 429) return 'LLM_RATE_LIMITED';
  if (status === 401 || status === 403) return 'LLM_PROVIDER_AUTH_FAILED';
  if (status === 404) return 'LLM_MODEL_UNKNOWN';
  if (status === 408) return 'LLM_TIMEOUT';
  // Anthropic's 529 "overloaded" and every other 5xx are the provider's trouble.
  if (status >= 500) return 'LLM_PROVIDER_UNAVAILABLE';
  return 'LLM_REQUEST_REJECTED';
}

function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; status_code?: unknown };
  const s = e.status ?? e.status_code; // ollama's ResponseError calls it status_code
  return typeof s === 'number' && s >= 100 && s < 600 ? s : undefined;
}

function headerOf(err: unknown, name: string): string | null | undefined {
  const headers = (err as { headers?: unknown }).headers;
  return headers instanceof Headers ? headers.get(name) : undefined;
}

function isNetworkError(err: unknown): boolean {
  const text = `${(err as Error)?.name} ${(err as Error)?.message} ${String((err as { cause?: unknown })?.cause)}`;
  return /APIConnection|Connection error|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EPIPE|socket|fetch failed|terminated|other side closed/i.test(
    text,
  );
}

/**
 * Retry-After is seconds or an HTTP date; Gemini instead puts `"retryDelay": "30s"` in the body
 * (RetryInfo), which only the message carries through its SDK.
 */
export function parseRetryAfter(header: string | null | undefined, body = ''): number | undefined {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  const m = /"retryDelay"\s*:\s*"([0-9.]+)s"/.exec(body);
  return m ? Number(m[1]) * 1000 : undefined;
}
