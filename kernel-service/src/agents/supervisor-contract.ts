import type { Limits, LimitsInput, NetworkMode, SandboxDriver } from '../sandbox/index.js';
import type { Agent, SandboxOptions } from './types.js';
import type { EgressPolicyInput } from '../network/index.js';
import type { PolicyInput } from '../policies/index.js';

/** Egress networking as the supervisor uses it (network/EgressNetworks): built before launch, removed after the end. */
export interface ProcessNetworks {
  /** Checks mode and policy for a driver before anything exists; returns the policy to keep with the process. */
  check(mode: NetworkMode, egress: EgressPolicyInput | undefined, driver: string): EgressPolicyInput | null;
  setup(pid: number, egress: EgressPolicyInput): Promise<{ path: string; resolvConf: string }>;
  teardown(pid: number): Promise<void>;
  /** After adoption: keeps the live egress processes' networks, removes every other. */
  reconcile(live: { pid: number; egress: EgressPolicyInput }[]): Promise<{ adopted: number; removed: number }>;
}

/** What the supervisor is asked for and what it is given: its contract, apart from how it does it. */

export interface SpawnRequest {
  name: string;
  command: string[];
  ppid?: number;
  environment?: Record<string, string>;
  limits?: LimitsInput;
  network?: NetworkMode;
  /** network "egress": the policy (network/policy.ts); checked by ProcessNetworks.check. */
  egress?: EgressPolicyInput;
  desktop?: boolean;
  sandbox?: { driver?: string } & SandboxOptions;
  /** key=value tags kept with the process (the API checks their shape). */
  labels?: Record<string, string>;
  /** Stop the process this many seconds after its spawn (end reason "ttl-expired"). */
  ttlSeconds?: number;
  /** Idle policy (policies/): what happens after this long without use. */
  idle?: PolicyInput['idle'];
  /** Which contacts wake a process the idle policy paused. */
  autoResume?: PolicyInput['autoResume'];
  /** Start the program again in the same PID after it ends on its own. */
  restart?: PolicyInput['restart'];
  /**
   * Run the program behind a TCP endpoint at 127.0.0.1 in its own network namespace, forwarded
   * to its kernel socket, with OPENAI_BASE_URL/ANTHROPIC_BASE_URL and placeholder keys set
   * (socket/endpoint/). Refused under network "host", where every host process shares loopback.
   */
  endpoint?: boolean;
  /** Called once the process exists and before its program starts (the run service records the run here). */
  attach?: (pid: number) => void;
  /**
   * Decides whether this spawn may use the agent named `name` (null: the name is new); throws to
   * refuse. Called with no await between it and the agent's creation, so two spawns cannot both
   * see a name as new (the authority's identity rule for children, agents/ stays neutral).
   */
  admitAgent?: (existing: Agent | null) => void;
}

/** Per-process kernel sockets (socket/): the supervisor opens and closes them with the process. */
export interface ProcessSockets {
  serve(pid: number, agent: string, uid: number): Promise<string>;
  /** Stops the socket and removes the directory; resolves with what could not be removed. */
  close(pid: number): Promise<string[] | void>;
}

/** The drivers this host offers, and why the others are missing (said to whoever asks for one). */
export interface SandboxDrivers {
  defaultDriver: string;
  available: Map<string, SandboxDriver>;
  unavailable: Map<string, string>;
}

export interface SupervisorOptions {
  homesDir: string;
  /** The kernel's installation, bound into image sandboxes for the agent runtime (LaunchSpec.codeDir). */
  codeDir?: string;
  uidBase: number;
  defaultLimits: Limits;
  maxLimits: Limits;
  defaultNetwork: NetworkMode;
  stopGraceMs: number;
  /** argv that starts the TCP endpoint (socket/endpoint/main.js) in a sandbox of this driver; the program follows `--`. */
  endpointCommand?: (driver: SandboxDriver) => string[];
  /** Sandboxes kept started ahead of need per recently run agent (0: none). */
  warmPerAgent: number;
  /** How long an unused prestarted sandbox is kept. */
  warmIdleMs: number;
}
