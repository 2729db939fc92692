import { errorCatalogue, type ErrorCode } from './catalogue.js';

/** An error a user can act on: a stable code, a message, a hint about what to do next. */
export class AetherError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly hint: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AetherError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.hint = errorCatalogue[code].hint;
    this.details = options.details;
  }

  toJSON(): { code: ErrorCode; message: string; hint: string; details?: Record<string, unknown> } {
    return { code: this.code, message: this.message, hint: this.hint, ...(this.details ? { details: this.details } : {}) };
  }
}

export function isAetherError(err: unknown): err is AetherError {
  return err instanceof AetherError;
}
