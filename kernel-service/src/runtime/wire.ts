import type { RuntimeState } from './tools/types.js';

/** The OpenAI chat shapes the runtime sends to and reads from the kernel socket. */
export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type WireMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: WireToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface WireCompletion {
  choices: { message: { content: string | null; tool_calls?: WireToolCall[] }; finish_reason: string }[];
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** What survives a restart: the conversation and the runtime's own state (see /v1/run/checkpoint). */
export interface Checkpoint {
  version: 1;
  messages: WireMessage[];
  /** Steps taken so far (model calls). */
  step: number;
  state: RuntimeState;
  usage: { promptTokens: number; completionTokens: number };
  /** Inbox keys already turned into observations: never shown twice. */
  seenInbox: string[];
}
