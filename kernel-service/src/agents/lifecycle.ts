import { AetherError } from '../errors/index.js';

export const PROCESS_STATES = ['created', 'starting', 'running', 'paused', 'stopping', 'exited', 'killed', 'failed'] as const;
export type ProcessState = (typeof PROCESS_STATES)[number];

/**
 * The whole lifecycle as data. A process ends in exactly one of exited (the program
 * returned a code), killed (a signal ended it) or failed (it never ran, or its sandbox
 * vanished without a status).
 */
export const TRANSITIONS: Readonly<Record<ProcessState, readonly ProcessState[]>> = {
  created: ['starting', 'failed'],
  starting: ['running', 'failed'],
  // running -> starting: a restart policy starts the program again in the same PID (policies/).
  running: ['paused', 'stopping', 'exited', 'killed', 'failed', 'starting'],
  paused: ['running', 'stopping', 'exited', 'killed', 'failed'],
  stopping: ['exited', 'killed', 'failed'],
  exited: [],
  killed: [],
  failed: [],
};

export class InvalidStateTransitionError extends AetherError {
  constructor(
    readonly pid: number,
    readonly from: ProcessState,
    readonly to: ProcessState,
  ) {
    super('INVALID_STATE_TRANSITION', `Process ${pid} cannot go from ${from} to ${to}.`, {
      details: { pid, from, to, allowed: TRANSITIONS[from] },
    });
  }
}

export function canTransition(from: ProcessState, to: ProcessState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(pid: number, from: ProcessState, to: ProcessState): void {
  if (!canTransition(from, to)) throw new InvalidStateTransitionError(pid, from, to);
}

export function isFinal(state: ProcessState): boolean {
  return TRANSITIONS[state].length === 0;
}
