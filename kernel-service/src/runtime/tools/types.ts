import type { Static, TSchema } from 'typebox';
import type { KernelClient } from '../kernel-client.js';

/** Groups tools for templates and for the UI; plugins may add their own. */
export type ToolCategory =
  | 'files'
  | 'shell'
  | 'processes'
  | 'web'
  | 'planning'
  | 'agents'
  | 'human'
  | 'completion'
  | 'memory'
  | 'ipc'
  | 'desktop'
  | (string & {});

/** An image a tool hands back (a screenshot): given to vision-capable models as an image part. */
export interface ToolImage {
  mediaType: 'image/png' | 'image/jpeg';
  base64: string;
}

export interface ToolResult {
  /** What the model reads as the observation. Keep it bounded: see truncate() in output.ts. */
  output: string;
  isError?: boolean;
  images?: ToolImage[];
  /** Set by the completion tool: the run ends with this result. */
  finish?: { result: string; success: boolean };
}

/** What a tool may use. It runs inside the sandbox, as the agent, in the agent's home. */
export interface ToolContext {
  /** The agent's home (/home/agent in a sandbox); relative paths resolve here. */
  home: string;
  kernel: KernelClient;
  /** Aborted when the run stops (SIGTERM) or the tool's own time is up. */
  signal: AbortSignal;
  /** The tool call's id: tools that go to the kernel pass it along, so a retried call is not done twice. */
  callId: string;
  /** State that lives as long as the run and is checkpointed with it (the plan, for instance). */
  state: RuntimeState;
}

/** The runtime's own state a tool can read and change; it is part of every checkpoint. */
export interface RuntimeState {
  plan: PlanItem[];
  /** Free-form space for plugins and later tools (kept JSON-serialisable). */
  extra: Record<string, unknown>;
}

export interface PlanItem {
  id: number;
  title: string;
  status: 'pending' | 'in_progress' | 'done' | 'blocked';
  note?: string;
}

/**
 * A tool the model can call. `parameters` is a TypeBox schema: it is the JSON schema the model
 * sees, and arguments are checked against it before `run` is called (a model's malformed
 * arguments become an observation, not a crash).
 */
export interface Tool<P extends TSchema = TSchema> {
  name: string;
  category: ToolCategory;
  description: string;
  parameters: P;
  run(args: Static<P>, ctx: ToolContext): Promise<ToolResult>;
}

/** Lets a tool module be listed without caring about its parameter type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = Tool<any>;
