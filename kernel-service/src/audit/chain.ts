import { createHash } from 'node:crypto';

/** ok: done; refused: a 4xx (bad input, no permission, bad credential); failed: the kernel's own error. */
export type AuditOutcome = 'ok' | 'refused' | 'failed';

/** The fields of one audit entry as recorded (the hash covers every one of them). */
export interface AuditFields {
  seq: number;
  /** Milliseconds since the epoch. */
  at: number;
  actor: string;
  role: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  sourceAddress: string | null;
}

/** The hash before the first entry: a fixed, documented value so a verifier needs no secret. */
export const GENESIS = '0'.repeat(64);

/**
 * sha256(prev || canonical fields). The fields are a JSON array in a fixed order, so no two
 * entries that differ in any field (or in their place in the chain) share a hash.
 */
export function entryHash(prev: string, f: AuditFields): string {
  const canonical = JSON.stringify([f.seq, f.at, f.actor, f.role, f.action, f.target, f.outcome, f.sourceAddress]);
  return createHash('sha256').update(prev).update('\n').update(canonical).digest('hex');
}
