/** Wire types of the kernel API (kernel-service/src/api/schemas.ts and the parallel-work contract). */

export type ProcessState = 'created' | 'starting' | 'running' | 'paused' | 'stopping' | 'exited' | 'killed' | 'failed';
export const LIVE_STATES: readonly ProcessState[] = ['created', 'starting', 'running', 'paused', 'stopping'];
export const ALL_STATES: readonly ProcessState[] = [...LIVE_STATES, 'exited', 'killed', 'failed'];

export type RunStatus = 'starting' | 'thinking' | 'acting' | 'waiting' | 'done' | 'failed' | 'stopped';

export interface RunInfo {
  goal: string;
  template: string | null;
  model: string | null;
  tools: string[];
  step: number;
  maxSteps?: number;
  tokenBudget?: number;
  status: RunStatus;
  result: string | null;
  resumedFrom?: number | null;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface Process {
  pid: number;
  ppid: number | null;
  agent: { id: string; name: string };
  state: ProcessState;
  command: string[];
  environment: Record<string, string>;
  limits: { memoryMax: number; cpuQuota: number; tasksMax: number };
  network: string;
  sandbox: {
    driver: string;
    id: string | null;
    pauseMethod: string | null;
    image?: string;
    desktop?: boolean;
    egress?: EgressPolicy;
  };
  exit: { code: number | null; signal: string | null; reason: string } | null;
  createdAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Agent runtime (issue #4): absent on kernels without it, null for plain programs. */
  run?: RunInfo | null;
  usage?: Usage;
  desktop?: boolean;
}

/** null where the host's cgroup tree lacks the controller for a figure. */
export interface ProcessStats {
  pid: number;
  memoryBytes: number | null;
  cpuUsageNs: number | null;
  cpuPercent: number | null;
  tasks: number | null;
  gpus: { index: number; memoryUsedMiB: number | null; utilizationPercent: number | null }[];
  /** network "egress" only (issue #14); null or absent otherwise. */
  network?: NetworkFigures | null;
}

export interface NetworkFigures {
  bytesOut: number;
  bytesIn: number;
  connectionsOut: number;
  connectionsIn: number;
  dnsQueries: number;
  dnsRefused: number;
}

export interface EgressPolicy {
  allow?: string[];
  deny?: string[];
  ports?: (number | string)[];
  approval?: boolean;
  maxConnections?: number;
  bandwidthKBps?: number;
}

export type StepKind = 'thought' | 'tool_call' | 'observation' | 'final' | 'error' | 'note' | 'approval' | 'human';
export interface Step {
  id: number;
  pid: number;
  n: number;
  kind: StepKind;
  text?: string;
  tool?: string;
  arguments?: unknown;
  output?: string;
  isError?: boolean;
  callId?: string;
  at: string | number;
}

export interface Approval {
  id: string | number;
  pid: number;
  agent: string;
  tool: string;
  arguments: unknown;
  why: string;
  state: 'pending' | 'approved' | 'denied';
  reason: string | null;
  decidedBy: string | null;
  createdAt: string | number;
  decidedAt: string | number | null;
}

export interface Question {
  id: string | number;
  pid: number;
  agent: string;
  question: string;
  state: 'open' | 'answered';
  answer: string | null;
  createdAt: string | number;
  answeredAt: string | number | null;
}

export interface Template {
  name: string;
  description: string;
  tools: string[];
  model: string | null;
  limits: { memoryMax?: number | string; cpuQuota?: number; tasksMax?: number };
  maxSteps: number;
}

export interface FileEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  mode: string;
  modifiedAt: string;
  target?: string;
}

export interface FileContent {
  path: string;
  size: number;
  truncated: boolean;
  encoding: 'utf8' | 'base64';
  content: string;
}

/** Everything the event stream carries; unknown types are ignored by the stores. */
export type KernelEvent =
  | { type: 'hello'; protocol: number }
  | {
      seq: number;
      type: 'process.state';
      pid: number;
      agent: string;
      from: ProcessState | null;
      to: ProcessState;
      exit: Process['exit'];
      at: number;
    }
  | { seq: number; type: 'agent.step'; pid: number; step: Step }
  | { seq: number; type: 'agent.run'; pid: number; status: RunStatus; result: string | null }
  | { seq: number; type: 'approval.requested' | 'approval.decided'; approval: Approval }
  | { seq: number; type: 'question.asked' | 'question.answered'; question: Question }
  | { seq: number; type: 'desktop.lease'; pid: number; lease: DesktopLease | null; change?: string };

export interface DesktopLease {
  pid: number;
  owner: string;
  acquiredAt: string;
  expiresAt: string;
}

export interface DesktopInfo {
  pid: number;
  state: 'starting' | 'ready' | 'failed';
  error: string | null;
  width: number | null;
  height: number | null;
  lease: DesktopLease | null;
}
