import type { PluginSpec } from '../runtime/plugins/names.js';
import type { ApprovalPolicy } from './policy.js';

export const RUN_STATUSES = ['starting', 'thinking', 'acting', 'waiting', 'done', 'failed', 'stopped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What the runtime in the sandbox is told to do (GET /v1/run), and what the API shows of it. */
export interface Run {
  pid: number;
  goal: string;
  template: string;
  model: string | null;
  tools: string[];
  approval: ApprovalPolicy;
  maxSteps: number;
  tokenBudget: number;
  contextTokens: number;
  prompt: string;
  status: RunStatus;
  step: number;
  result: string | null;
  resumedFrom: number | null;
  updatedAt: number;
  /** MCP plugins the runtime starts in the sandbox (declared by the template or the spawn). */
  plugins: PluginSpec[];
}

export const STEP_KINDS = ['thought', 'tool_call', 'observation', 'final', 'error', 'note'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

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
  at: number;
}

export type ApprovalState = 'pending' | 'approved' | 'denied';

export interface Approval {
  id: number;
  pid: number;
  agent: string;
  callId: string;
  tool: string;
  arguments: unknown;
  why: string;
  state: ApprovalState;
  reason: string | null;
  decidedBy: string | null;
  createdAt: number;
  decidedAt: number | null;
}

export type QuestionState = 'open' | 'answered';

export interface Question {
  id: number;
  pid: number;
  agent: string;
  callId: string;
  question: string;
  state: QuestionState;
  answer: string | null;
  createdAt: number;
  answeredAt: number | null;
}
