/**
 * Wire types of the kernel API. Those the OpenAPI document describes are aliases of the types
 * generated from it (kernel-service/sdk/src/generated.ts, shared with the SDK; `npm run openapi`); only the event stream's union, which the
 * document gives as an open object, is spelled out here.
 */
import type { operations } from '../../../kernel-service/sdk/src/generated';

/** The JSON body of an operation's 200 (or 201) answer. */
type Ok<Op extends keyof operations> = operations[Op]['responses'] extends { 200: { content: { 'application/json': infer B } } }
  ? B
  : operations[Op]['responses'] extends { 201: { content: { 'application/json': infer B } } }
    ? B
    : never;

export type ProcessState = 'created' | 'starting' | 'running' | 'paused' | 'stopping' | 'exited' | 'killed' | 'failed';
export const LIVE_STATES: readonly ProcessState[] = ['created', 'starting', 'running', 'paused', 'stopping'];
export const ALL_STATES: readonly ProcessState[] = [...LIVE_STATES, 'exited', 'killed', 'failed'];

export type RunStatus = 'starting' | 'thinking' | 'acting' | 'waiting' | 'done' | 'failed' | 'stopped';

export type StepKind = 'thought' | 'tool_call' | 'observation' | 'final' | 'error' | 'note' | 'approval' | 'human';

export type Process = Ok<'getAgent'>;
export type ProcessList = Ok<'listAgents'>;
export type RunInfo = NonNullable<Process['run']>;
export type Usage = NonNullable<Process['usage']>;
export type EgressPolicy = NonNullable<Process['sandbox']['egress']>;
/** null where the host's cgroup tree lacks the controller for a figure. */
export type ProcessStats = Ok<'getAgentStats'>;
export type NetworkFigures = NonNullable<ProcessStats['network']>;
export type Step = Ok<'listAgentSteps'>['steps'][number] & { kind: StepKind };
export type Approval = Ok<'decideApproval'>;
export type Question = Ok<'answerQuestion'>;
export type Template = Ok<'listTemplates'>['templates'][number];
export type FileEntry = Ok<'listAgentFiles'>['entries'][number];
export type FileContent = Ok<'readAgentFile'>;
export type DesktopInfo = Ok<'getAgentDesktop'>;
export type DesktopLease = NonNullable<DesktopInfo['lease']>;
type Logs = Extract<Ok<'getAgentLogs'>, { entries: unknown[] }>;
export type LogEntry = Logs['entries'][number];
export type ExecAnswer = Extract<Ok<'execInAgent'>, { exitCode: unknown }>;

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

export type AuditPage = Ok<'listAuditEntries'>;
export type AuditEntry = AuditPage['entries'][number];
export type ChainVerdict = Ok<'verifyAuditChain'>;
