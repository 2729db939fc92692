import type { GpuAttachment } from '../gpu/index.js';
import type { Limits } from './limits.js';
import type { SignalName } from './signals.js';

/**
 * none: loopback only. egress: the process's own namespace with a NATed link and a policy
 * (network/). host: the host's own network, for an administrator's explicit choice only.
 */
export type NetworkMode = 'none' | 'egress' | 'host';
export type PauseMethod = 'freezer' | 'signal';

/** What a sandbox runs and with which confinement; everything is already validated. */
export interface LaunchSpec {
  /** Kernel PID: names the sandbox and lets it be found again after a kernel restart. */
  pid: number;
  agent: { id: string; name: string; uid: number; home: string };
  /** argv; argv[0] is an absolute path. */
  command: string[];
  environment: Record<string, string>;
  limits: Limits;
  network: NetworkMode;
  /** network "egress": the namespace its units join and the resolv.conf naming the kernel's resolver. */
  netns?: { path: string; resolvConf: string };
  /**
   * The program runs behind the in-sandbox TCP endpoint (socket/endpoint/): under network
   * "none" it then needs IP sockets, which reach only its namespace's loopback.
   */
  endpoint?: boolean;
  /** Image-based drivers only (docker): the local image to run; the driver's default when absent. */
  image?: string;
  /** GPUs the allocator assigned, with their host files; a driver that cannot pass them must refuse with GPU_UNAVAILABLE. */
  gpus?: GpuAttachment;
  /** Host directory holding the process's kernel socket; the sandbox sees it at /run/aether. */
  kernelSocketDir?: string;
  /**
   * The kernel's own installation (the agent runtime and its modules). Image drivers bind it
   * read-only at SANDBOX_CODE_DIR so the runtime runs in any image that has node; host drivers
   * see it where it is.
   */
  codeDir?: string;
}

/** Where image-based sandboxes find the kernel's installation (the agent runtime). */
export const SANDBOX_CODE_DIR = '/opt/aether';

/** Where a sandbox finds its kernel socket directory. */
export const SANDBOX_KERNEL_DIR = '/run/aether';

/**
 * How a program ended. `reason` is the backend's verdict ("success", "exit-code",
 * "signal", "oom-kill", ...) or ours ("lost": the sandbox vanished without a status).
 */
export interface ExitStatus {
  code: number | null;
  signal: string | null;
  reason: string;
}

/** A live (or just-ended) sandbox. */
export interface SandboxHandle {
  /** The backend's name for it (the main unit). */
  readonly id: string;
  readonly pauseMethod: PauseMethod;
  /** Resolves once, when the main program has ended. */
  readonly exited: Promise<ExitStatus>;
  /** Sends a signal to the main program, or to every process in the sandbox. */
  signal(signal: SignalName, target?: 'main' | 'all'): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Removes everything the sandbox holds (units, slice, leftover processes). Idempotent. */
  destroy(): Promise<void>;
  /** Optional: the sandbox's cgroup directories, for resource statistics; null once it is gone. */
  cgroup?(): Promise<CgroupDirs | null>;
}

/** Where a sandbox's cgroup files are, per controller (one directory on cgroup v2). */
export interface CgroupDirs {
  version: 1 | 2;
  memory: string;
  cpu: string;
  pids: string;
}

/** A terminal inside a sandbox: a TTY running a shell (or `command`) as the agent, in its home. */
export interface TerminalSpec {
  cols: number;
  rows: number;
  command?: string[];
  env?: Record<string, string>;
}

/** The two ends of a terminal as the API sees them: bytes in, bytes out, a size, an end. */
export interface TerminalChannel {
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  onData(listener: (data: Buffer) => void): void;
  onExit(listener: (code: number | null) => void): void;
  close(): void;
}

/** One command run in a live sandbox (POST /agents/:pid/exec): same user, home, namespaces, cgroup. */
export interface ExecSpec {
  /** argv; argv[0] is looked up on the sandbox's PATH. */
  command: string[];
  stdin?: Buffer;
  env: Record<string, string>;
}

export interface ExecResult {
  exitCode: number | null;
  signal: string | null;
}

/** A running exec: its output as it comes, its end, and a way to stop it (the timeout). */
export interface ExecSession {
  onOutput(listener: (stream: 'stdout' | 'stderr', data: Buffer) => void): void;
  readonly done: Promise<ExecResult>;
  kill(): Promise<void>;
}

/** One line of a program's output as its backend kept it. */
export interface LogEntry {
  at: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface LogQuery {
  /** Only the last N lines (before following). */
  tail?: number;
  /** Only lines at or after this time (epoch ms). */
  since?: number;
  /** Keep reading new lines until `signal` aborts (the caller aborts when the process ended). */
  follow?: boolean;
  signal?: AbortSignal;
}

/** What a driver needs to find a process's output, live or ended. */
export interface LogSource {
  pid: number;
  /** The backend's name for the sandbox (unit, container id); null if it never started. */
  sandboxId: string | null;
}

export interface AdoptedSandbox {
  pid: number;
  handle: SandboxHandle;
  paused: boolean;
  /** A prestarted sandbox still waiting for its program (no process row): the warm pool takes it back. */
  warm?: AdoptedWarm;
}

/** What the driver recorded of a prestarted sandbox, so a restarted kernel can use it. */
export interface AdoptedWarm {
  agentId: string;
  agentName: string;
  network: NetworkMode;
  limits: Limits;
  sandbox: WarmSandbox;
}

/**
 * A sandbox started ahead of need (slice, unit, namespaces, seccomp all in place) whose init
 * waits for the program: `start` hands it over in about a millisecond.
 */
export interface WarmSandbox {
  readonly handle: SandboxHandle;
  start(command: string[], environment: Record<string, string>, limits: Limits): Promise<void>;
}

/** The one interface every sandbox backend (systemd, docker) implements. */
export interface SandboxDriver {
  readonly name: string;
  /** Where the programs it runs come from: the host's filesystem (checked before launch) or an image. */
  readonly programsFrom: 'host' | 'image';
  /** Starts the program; resolves once it runs (its first instruction is under way). */
  launch(spec: LaunchSpec): Promise<SandboxHandle>;
  /** Optional: starts a sandbox for `spec` (command and environment ignored) that waits for its program. */
  prepare?(spec: LaunchSpec): Promise<WarmSandbox>;
  /** Whether it can run a graphical desktop beside the program (desktop/ starts it as companion units). */
  readonly desktops?: boolean;
  /** Optional: opens a terminal in a running sandbox (systemd: a companion unit on a PTY; docker: exec with a TTY). */
  openTerminal?(handle: SandboxHandle, spec: TerminalSpec): Promise<TerminalChannel>;
  /** Optional: runs one command in a running sandbox (systemd: a companion unit; docker: exec). */
  exec?(handle: SandboxHandle, spec: ExecSpec): Promise<ExecSession>;
  /** Optional: the main program's stdout/stderr, also after it ended (journal; engine logs). */
  logs?(source: LogSource, query: LogQuery): AsyncIterable<LogEntry>;
  /** Every sandbox of ours the backend still holds, alive or ended, e.g. after a kernel restart. */
  adoptAll(): Promise<AdoptedSandbox[]>;
  /** What the host can do, for /api/v1/system and the API's honesty about pause. */
  describe(): { driver: string; pauseMethod: PauseMethod; version: string; gpuPassthrough?: string };
  close(): Promise<void>;
}
