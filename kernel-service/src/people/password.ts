import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard, Node's own: no native dependency to build).
 * Stored as `scrypt$N$r$p$salt$hash` so the cost can rise later and old hashes still verify.
 */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}
/** 2^15 x 8 x 128 B = 32 MiB and ~50-100 ms per hash on one core: slow to guess, fine for logins. */
export const DEFAULT_COST: ScryptCost = { N: 1 << 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time comparison of the derived keys; a malformed stored hash never verifies. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const got = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/**
 * A hash of a random password, computed once: logins for unknown users verify against it, so
 * they cost what a real one costs and the answer's timing does not tell which names exist.
 */
export function dummyHash(cost: ScryptCost = DEFAULT_COST): Promise<string> {
  return hashPassword(randomBytes(18).toString('base64url'), cost);
}
