import { setTimeout as sleep } from 'node:timers/promises';
import { KernelCallError, type KernelClient } from './kernel-client.js';
import type { ToolDefinition } from './tools/index.js';
import type { WireCompletion, WireMessage, WireToolCall } from './wire.js';

/** Errors worth another try after the gateway's own retries gave up (the provider may recover). */
const TRANSIENT = new Set(['LLM_RATE_LIMITED', 'LLM_PROVIDER_UNAVAILABLE', 'LLM_TIMEOUT']);

export type ModelAnswer =
  | { kind: 'answer'; content: string | null; toolCalls: WireToolCall[]; usage: { prompt: number; completion: number } }
  /** The model called a tool wrongly (unknown name, malformed arguments): show it its mistake. */
  | { kind: 'mistake'; call: WireToolCall; problem: string };

/**
 * One model call through the kernel's OpenAI-compatible endpoint. Transient provider trouble is
 * retried with backoff a few times; a mistake of the model comes back as data; anything else
 * (no provider configured, budget spent, key refused) is thrown for the loop to end the run.
 */
export async function callModel(
  kernel: KernelClient,
  request: { model: string | null; messages: WireMessage[]; tools: ToolDefinition[] },
  signal: AbortSignal,
  attempts = 4,
): Promise<ModelAnswer> {
  const body = {
    ...(request.model ? { model: request.model } : {}),
    messages: request.messages,
    ...(request.tools.length ? { tools: request.tools } : {}),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await kernel.post<WireCompletion>('/v1/chat/completions', body, { signal });
      const message = res.choices[0]?.message ?? { content: null };
      return {
        kind: 'answer',
        content: message.content,
        toolCalls: message.tool_calls ?? [],
        usage: { prompt: res.usage?.prompt_tokens ?? 0, completion: res.usage?.completion_tokens ?? 0 },
      };
    } catch (err) {
      if (err instanceof KernelCallError && err.code === 'LLM_BAD_RESPONSE') {
        const call = err.details.toolCall as { id?: string; name?: string; arguments?: string } | undefined;
        if (call?.name !== undefined) {
          return {
            kind: 'mistake',
            call: {
              id: call.id || `bad-${Date.now()}`,
              type: 'function',
              function: { name: call.name, arguments: call.arguments ?? '' },
            },
            problem: err.message,
          };
        }
      }
      if (!(err instanceof KernelCallError) || !TRANSIENT.has(err.code) || attempt >= attempts || signal.aborted) throw err;
      await sleep(Math.min(30_000, 1000 * 2 ** (attempt - 1)), undefined, { signal }).catch(() => undefined);
    }
  }
}
