import type { GpuRequest } from '../gpu/index.js';
import type { ExitStatus, Limits, NetworkMode, PauseMethod } from '../sandbox/index.js';
import type { ProcessState } from './lifecycle.js';
import type { EgressPolicyInput } from '../network/index.js';

/** A persistent identity: outlives every run, owns a home (and later, memory). */
export interface Agent {
  id: string;
  name: string;
  uid: number;
  createdAt: number;
}

/** Driver-specific choices kept with the process (docker: image, gpus). */
export interface SandboxOptions {
  image?: string;
  gpus?: GpuRequest;
  /** The sandbox was started ahead of need and handed this program (the warm pool). */
  prestarted?: boolean;
  /** Spawned with a graphical desktop (desktop/ starts it with the process). */
  desktop?: boolean;
  /** network "egress": the policy it runs under (network/policy.ts). */
  egress?: EgressPolicyInput;
}

/** One run of an agent. */
export interface ProcessRecord {
  pid: number;
  ppid: number | null;
  agent: { id: string; name: string };
  state: ProcessState;
  command: string[];
  environment: Record<string, string>;
  limits: Limits;
  network: NetworkMode;
  sandbox: { driver: string; id: string | null; pauseMethod: PauseMethod | null } & SandboxOptions;
  exit: ExitStatus | null;
  labels: Record<string, string>;
  /** Epoch ms when its time-to-live runs out; null: none. */
  expiresAt: number | null;
  /** Why the kernel ended it, when it did on its own ("ttl-expired"); null otherwise. */
  endReason: string | null;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
}

export interface StateEvent {
  type: 'process.state';
  pid: number;
  agent: string;
  from: ProcessState | null;
  to: ProcessState;
  exit: ExitStatus | null;
  at: number;
}
