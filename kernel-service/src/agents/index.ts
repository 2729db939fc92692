export { Supervisor } from './supervisor.js';
export type { ProcessNetworks, ProcessSockets, SandboxDrivers, SpawnRequest, SupervisorOptions } from './supervisor-contract.js';
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
export { AGENT_NAME_PATTERN, ENV_NAME_PATTERN, checkEnvironment } from './spawn-request.js';
export type { Agent, ProcessRecord, SandboxOptions, StateEvent } from './types.js';
