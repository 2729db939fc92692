export { Supervisor, type ProcessSockets, type SandboxDrivers, type SpawnRequest, type SupervisorOptions } from './supervisor.js';
export { ProcessRepository } from './repository.js';
export {
  PROCESS_STATES,
  TRANSITIONS,
  InvalidStateTransitionError,
  assertTransition,
  canTransition,
  isFinal,
  type ProcessState,
} from './lifecycle.js';
export { AGENT_NAME_PATTERN, ENV_NAME_PATTERN } from './spawn-request.js';
export type { Agent, ProcessRecord, SandboxOptions, StateEvent } from './types.js';
