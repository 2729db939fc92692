import type { TSchema, Static } from 'typebox';
import Value from 'typebox/value';
import { AetherError } from '../../errors/index.js';

/** Checks a body against a wire schema; the first problem becomes a VALIDATION_FAILED naming the field. */
export function checked<T extends TSchema>(schema: T, body: unknown, what: string): Static<T> {
  if (Value.Check(schema, body)) return body;
  const first = [...Value.Errors(schema, body)][0];
  throw new AetherError('VALIDATION_FAILED', `${what}: ${first?.instancePath || '(body)'} ${first?.message ?? 'is invalid'}`);
}
