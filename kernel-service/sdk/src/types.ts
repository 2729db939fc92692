/**
 * Wire types of the kernel API (/api/v1). Answers are aliases of the types generated from
 * docs/openapi.json (generated.ts, `npm run openapi`, also Mission Control's); request options are spelled out where
 * the SDK takes friendlier forms (labels as an object or key=value strings, a Date for since).
 */
import type { operations } from './generated.js';

/** The JSON body of an operation's 200 (or 201) answer. */
export type Ok<Op extends keyof operations> = operations[Op]['responses'] extends {
  200: { content: { 'application/json': infer B } };
}
  ? B
  : operations[Op]['responses'] extends { 201: { content: { 'application/json': infer B } } }
    ? B
    : never;
export type ProcessState = 'created' | 'starting' | 'running' | 'paused' | 'stopping' | 'exited' | 'killed' | 'failed';

/** The states a process never leaves. */
export const ENDED_STATES: readonly ProcessState[] = ['exited', 'killed', 'failed'];

/** The process record (GET /agents/:pid). */
export type ProcessRecord = Ok<'getAgent'> & { state: ProcessState };

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

export type ExecResult = Extract<Ok<'execInAgent'>, { exitCode: unknown }>;

export type ExecChunk =
  { stream: 'stdout' | 'stderr'; data: Buffer } | { exitCode: number | null; signal: string | null; timedOut: boolean };

type Logs = Extract<Ok<'getAgentLogs'>, { entries: unknown[] }>;
export type LogEntry = Logs['entries'][number];

export interface LogOptions {
  tail?: number;
  /** ISO time, a Date, or unix seconds. */
  since?: string | Date | number;
}

export type Listing = Ok<'listAgentFiles'>;
export type FileEntry = Listing['entries'][number];

export interface KernelEvent {
  seq: number;
  type: string;
  [k: string]: unknown;
}

export type Approval = Ok<'decideApproval'>;

export type ProcessStats = Ok<'getAgentStats'>;

export type SystemInfo = Ok<'getSystem'>;
