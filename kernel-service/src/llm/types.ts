/**
 * The gateway's one provider-neutral chat shape. It follows OpenAI's chat completions closely
 * because the kernel socket will expose /v1/chat/completions to sandboxed programs: the
 * translation there is then almost the identity, and every adapter maps to and from this.
 */

/** A tool call as the model made it. `arguments` is the raw JSON text, as OpenAI sends it. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** An image in a message, carried as the client sent it (base64), for providers that see images. */
export interface ImagePart {
  /** image/png, image/jpeg, image/gif, image/webp */
  mediaType: string;
  /** base64, without a data: prefix */
  data: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  /** `images` follow the text in the turn; every adapter passes them in its provider's own form. */
  | { role: 'user'; content: string; images?: ImagePart[] }
  | { role: 'assistant'; content: string | null; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string; name?: string };

/** A tool the model may call; `parameters` is a JSON Schema object. */
export interface ToolSpec {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  /** A model reference ("openai/gpt-4o-mini"); empty means the configured default. */
  model?: string;
  messages: ChatMessage[];
  tools?: ToolSpec[];
  maxTokens?: number;
  temperature?: number;
  /** Models to try, in order, when `model` is unavailable; replaces the configured chain. */
  fallbacks?: string[];
  /** The caller's cancellation (the process ended, the socket closed). */
  signal?: AbortSignal;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'other';

export interface ChatResult {
  /** The model reference that answered (after any fallback). */
  model: string;
  message: { role: 'assistant'; content: string | null; toolCalls?: ToolCall[] };
  finishReason: FinishReason;
  usage: Usage;
  /** USD for this call from the price table; null when the model has no price. */
  costUsd: number | null;
}

/**
 * What a stream yields. Tool-call pieces carry the call's position; the first piece of a call
 * carries its id and name, later ones only argument text (OpenAI's streaming shape).
 */
export type ChatDelta =
  | { type: 'text'; text: string }
  | { type: 'tool_call'; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; finishReason: FinishReason };

/** What an adapter receives: the request with the model already resolved to the provider's name. */
export interface ProviderCall {
  model: string;
  messages: ChatMessage[];
  tools: ToolSpec[];
  maxTokens: number | undefined;
  temperature: number | undefined;
  /** Aborted by the attempt's timeout or by the caller. */
  signal: AbortSignal;
}

/** One answer from a provider, before the gateway adds the model reference and the cost. */
export interface ProviderResponse {
  content: string | null;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
}

/**
 * One provider behind its SDK. Adapters translate wire shapes and nothing else: retries,
 * timeouts, fallback, validation and accounting wrap them (gateway.ts), so each policy lives in
 * one place. Errors are the SDK's own; errors.ts classifies them.
 */
export interface ProviderAdapter {
  readonly provider: string;
  complete(call: ProviderCall): Promise<ProviderResponse>;
  stream(call: ProviderCall): AsyncIterable<ChatDelta>;
  /** Text embeddings; absent where the provider has no embedding endpoint Aether speaks. */
  embed?(call: EmbedCall): Promise<EmbedResponse>;
}

export interface EmbedCall {
  model: string;
  input: string[];
  signal: AbortSignal;
}

export interface EmbedResponse {
  /** One vector per input, in order. */
  vectors: number[][];
  promptTokens: number;
}

/** What the gateway's embed() answers: the model reference and one vector per input. */
export interface EmbedResult {
  model: string;
  vectors: number[][];
  usage: Usage;
}
