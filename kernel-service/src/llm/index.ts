/**
 * The LLM gateway: one chat interface over OpenAI, Anthropic, Ollama, Gemini and any
 * OpenAI-compatible server, with retries, timeouts, a fallback chain and per-process accounting.
 * Provider keys live here, in the kernel process, and nowhere else.
 */
export { createLlmGateway, type LlmGateway, type GatewayDeps, type GatewayLogger, type StreamEvent } from './gateway.js';
export {
  LlmConfigSchema,
  resolveLlmSettings,
  redactLlmConfig,
  type LlmConfig,
  type LlmSettings,
  type Endpoint,
  type Price,
} from './config.js';
export {
  MemoryAccountant,
  costOf,
  type UsageAccountant,
  type ProcessUsage,
  type UsageTotals,
  type UsageRecord,
} from './accounting.js';
export { parseModelRef, formatModelRef, type ModelRef } from './model-ref.js';
export { Secret } from './secret.js';
export type {
  ChatMessage,
  ImagePart,
  ChatRequest,
  ChatResult,
  EmbedResult,
  ChatDelta,
  ToolCall,
  ToolSpec,
  Usage,
  FinishReason,
  ProviderAdapter,
} from './types.js';
export { SqliteAccountant } from './accounting-sqlite.js';
