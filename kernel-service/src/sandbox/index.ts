export type {
  SandboxDriver,
  SandboxHandle,
  LaunchSpec,
  ExitStatus,
  AdoptedSandbox,
  NetworkMode,
  PauseMethod,
  WarmSandbox,
  CgroupDirs,
  TerminalSpec,
  TerminalChannel,
  ExecSpec,
  ExecResult,
  ExecSession,
  LogEntry,
  LogQuery,
  LogSource,
} from './driver.js';
export { SANDBOX_CODE_DIR, SANDBOX_KERNEL_DIR } from './driver.js';
export { parseSignal, signalName, signalNumber, SIGNAL_NAMES, type SignalName } from './signals.js';
export { resolveLimits, parseBytes, type Limits, type LimitsInput } from './limits.js';
export { SystemdDriver, type SystemdDriverOptions } from './systemd/driver.js';
export type { CompanionUnits, Companion } from './systemd/companions.js';
export { DockerDriver, DEFAULT_DOCKER_SOCKET, type DockerDriverOptions } from './docker/driver.js';
export type { DockerLaunchSpec } from './docker/container.js';
export { importRootfs, imageExists } from './docker/image.js';
export { cgroupDirsOf, cgroupDirsOfPath, isCgroupV2 } from './cgroup-dirs.js';
