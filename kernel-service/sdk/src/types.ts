/**
 * Wire types of the kernel API (/api/v1), written against the route contract of issue #15
 * (docs/openapi.json is the source of truth; when it carries every response schema these become
 * aliases of types generated from it, as Mission Control's are).
 */
export type ProcessState = 'created' | 'starting' | 'running' | 'paused' | 'stopping' | 'exited' | 'killed' | 'failed';

/** The states a process never leaves. */
export const ENDED_STATES: readonly ProcessState[] = ['exited', 'killed', 'failed'];

export interface ProcessRecord {
  pid: number;
  ppid: number | null;
  agent: { id: string; name: string };
  state: ProcessState;
  command: string[];
  environment: Record<string, string>;
  limits: { memoryMax: number; cpuQuota: number; tasksMax: number };
  network: string;
  sandbox: { driver: string; id: string | null; pauseMethod: string | null; image?: string; [k: string]: unknown };
  exit: { code: number | null; signal: string | null; reason: string } | null;
  createdAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  labels?: Record<string, string>;
  expiresAt?: string | null;
  endReason?: string | null;
  run?: {
    goal: string;
    template: string;
    model: string | null;
    tools: string[];
    step: number;
    maxSteps: number;
    tokenBudget: number;
    status: string;
    result: string | null;
    resumedFrom: number | null;
  } | null;
  usage?: { promptTokens: number; completionTokens: number; costUsd: number };
}

export interface SpawnOptions {
  name: string;
  /** A program (argv, argv[0] absolute or on PATH in the sandbox); or `goal` for an agent run. */
  command?: string[];
  goal?: string;
  template?: string;
  model?: string;
  tools?: string[];
  maxSteps?: number;
  tokenBudget?: number;
  ppid?: number;
  environment?: Record<string, string>;
  limits?: { memoryMax?: number | string; cpuQuota?: number; tasksMax?: number };
  network?: 'none' | 'host' | 'egress';
  labels?: Record<string, string>;
  ttlSeconds?: number;
  sandbox?: { driver?: 'systemd' | 'docker'; image?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export interface ListOptions {
  state?: ProcessState;
  /** key=value strings, or an object; every one must match (AND). */
  label?: string[] | Record<string, string>;
  limit?: number;
  cursor?: string;
}

export interface ExecOptions {
  stdin?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}

export interface ExecResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Each output is capped at 1 MiB; true where it was cut. */
  truncated: { stdout: boolean; stderr: boolean };
}

export type ExecChunk =
  { stream: 'stdout' | 'stderr'; data: Buffer } | { exitCode: number | null; signal: string | null; timedOut: boolean };

export interface LogEntry {
  at: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface LogOptions {
  tail?: number;
  /** ISO time, a Date, or unix seconds. */
  since?: string | Date | number;
}

export interface FileEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  mode: string;
  modifiedAt: string;
  target?: string;
}

export interface Listing {
  path: string;
  entries: FileEntry[];
  truncated: boolean;
}

export interface KernelEvent {
  seq: number;
  type: string;
  [k: string]: unknown;
}

export interface Approval {
  id: number;
  pid: number;
  state: 'pending' | 'approved' | 'denied';
  tool?: string;
  [k: string]: unknown;
}

export interface ProcessStats {
  pid: number;
  agent: string;
  driver: string;
  state: string;
  memoryBytes: number | null;
  cpuUsageNs: number | null;
  cpuPercent: number | null;
  tasks: number | null;
  sampledAt: string;
  [k: string]: unknown;
}

export interface SystemInfo {
  version: string;
  [k: string]: unknown;
}
