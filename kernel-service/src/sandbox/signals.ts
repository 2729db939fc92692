import { constants } from 'node:os';
import { AetherError } from '../errors/index.js';

export type SignalName = keyof typeof constants.signals;

const BY_NUMBER = new Map<number, SignalName>(Object.entries(constants.signals).map(([name, num]) => [num, name as SignalName]));

/** Every signal name the host knows, e.g. SIGTERM, SIGUSR1, SIGRTMIN is not included (no fixed number). */
export const SIGNAL_NAMES: SignalName[] = [...new Set(BY_NUMBER.values())];

/**
 * Accepts "SIGTERM", "TERM", "term", 15 or "15" and returns the canonical name.
 * Anything else is an UNKNOWN_SIGNAL error that lists the valid names.
 */
export function parseSignal(input: unknown): SignalName {
  if (typeof input === 'number' || (typeof input === 'string' && /^[0-9]+$/.test(input))) {
    const name = BY_NUMBER.get(Number(input));
    if (name) return name;
  } else if (typeof input === 'string') {
    const upper = input.trim().toUpperCase();
    const name = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as SignalName;
    if (name in constants.signals) return name;
  }
  throw new AetherError('UNKNOWN_SIGNAL', `Unknown signal ${JSON.stringify(input)}.`, {
    details: { known: SIGNAL_NAMES },
  });
}

export function signalNumber(name: SignalName): number {
  return constants.signals[name];
}

export function signalName(num: number): SignalName | `SIG${number}` {
  return BY_NUMBER.get(num) ?? `SIG${num}`;
}
