import { AetherError } from '../errors/index.js';

/** Resource limits of one process sandbox, normalised: bytes, percent of a CPU, task count. */
export interface Limits {
  memoryMax: number;
  cpuQuota: number;
  tasksMax: number;
}

export interface LimitsInput {
  memoryMax?: number | string;
  cpuQuota?: number;
  tasksMax?: number;
}

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** "512M" -> 536870912; integers pass through. */
export function parseBytes(value: number | string, field = 'memoryMax'): number {
  if (typeof value === 'number') return value;
  const m = /^([0-9]+(?:\.[0-9]+)?)([KMGT]?)$/.exec(value.trim().toUpperCase().replace(/I?B$/, ''));
  if (!m) {
    throw new AetherError('VALIDATION_FAILED', `${field}: "${value}" is not a size; use bytes or a number with K, M, G or T.`);
  }
  return Math.floor(Number(m[1]) * UNITS[m[2]!]!);
}

/** Smallest limits that still let a shell start; below these a spawn would only fail obscurely. */
const FLOOR: Limits = { memoryMax: 4 * 1024 ** 2, cpuQuota: 1, tasksMax: 1 };

/**
 * Fills in defaults and checks every limit against the floor and the configured ceiling,
 * so an absurd value is refused before any unit exists.
 */
export function resolveLimits(input: LimitsInput | undefined, defaults: Limits, max: Limits): Limits {
  const limits: Limits = {
    memoryMax: input?.memoryMax === undefined ? defaults.memoryMax : parseBytes(input.memoryMax),
    cpuQuota: input?.cpuQuota ?? defaults.cpuQuota,
    tasksMax: input?.tasksMax ?? defaults.tasksMax,
  };
  for (const key of Object.keys(limits) as (keyof Limits)[]) {
    const value = limits[key];
    if (!Number.isSafeInteger(value) || value < FLOOR[key] || value > max[key]) {
      throw new AetherError(
        'LIMIT_OUT_OF_RANGE',
        `limits.${key} = ${String(input?.[key] ?? value)} is outside ${FLOOR[key]}..${max[key]}.`,
        { details: { field: `limits.${key}`, min: FLOOR[key], max: max[key] } },
      );
    }
  }
  return limits;
}
