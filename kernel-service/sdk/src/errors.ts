/**
 * Errors the SDK throws. The kernel answers every refusal with `{code, message, hint}` (codes in
 * docs/ERRORS.md); `AetherApiError` carries them as they came, so callers branch on `code`, never
 * on message text.
 */
export class AetherApiError extends Error {
  override readonly name = 'AetherApiError';
  constructor(
    /** Stable code from the kernel's error catalogue, e.g. PROCESS_NOT_FOUND. */
    readonly code: string,
    /** The HTTP status the kernel answered with. */
    readonly status: number,
    message: string,
    /** What to do next, as the kernel suggests it. */
    readonly hint: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The kernel could not be reached, or its TLS certificate is not the pinned one. */
export class AetherConnectionError extends Error {
  override readonly name = 'AetherConnectionError';
  constructor(
    message: string,
    /** TLS_FINGERPRINT_MISMATCH, TLS_UNTRUSTED or the socket error's code (ECONNREFUSED, ...). */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Turns a non-2xx answer into an AetherApiError, also when the body is not our envelope (a proxy's page). */
export function apiError(status: number, body: string): AetherApiError {
  try {
    const e = JSON.parse(body) as { code?: unknown; message?: unknown; hint?: unknown; details?: unknown };
    if (typeof e.code === 'string' && typeof e.message === 'string') {
      return new AetherApiError(
        e.code,
        status,
        e.message,
        typeof e.hint === 'string' ? e.hint : '',
        typeof e.details === 'object' && e.details !== null ? (e.details as Record<string, unknown>) : undefined,
      );
    }
  } catch {
    // not JSON: fall through
  }
  return new AetherApiError(`HTTP_${status}`, status, `HTTP ${status}: ${body.slice(0, 200)}`, 'Is the URL the kernel API?');
}
