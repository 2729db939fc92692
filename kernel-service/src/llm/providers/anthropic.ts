import Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlockParam,
  MessageCreateParamsBase,
  MessageParam,
  RawMessageStreamEvent,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { Endpoint } from '../config.js';
import { parseArgs } from './args.js';
import type { ChatDelta, ChatMessage, FinishReason, ProviderAdapter, ProviderCall, ProviderResponse } from '../types.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** Anthropic requires max_tokens; this is what a request that names none gets. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** Anthropic Messages: system apart, tool calls as tool_use blocks, results as tool_result blocks. */
export class AnthropicAdapter implements ProviderAdapter {
  readonly provider = 'anthropic';
  readonly #client: Anthropic;

  constructor(endpoint: Endpoint) {
    this.#client = new Anthropic({
      apiKey: endpoint.apiKey?.reveal() ?? '',
      baseURL: endpoint.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL,
      maxRetries: 0, // the gateway retries (retry.ts)
      timeout: 2 ** 31 - 1, // and times out (deadline.ts)
    });
  }

  #params(call: ProviderCall): MessageCreateParamsBase {
    const system = call.messages.flatMap((m) => (m.role === 'system' ? [m.content] : [])).join('\n\n');
    return {
      model: call.model,
      max_tokens: call.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      messages: toAnthropicMessages(call.messages),
      ...(system ? { system } : {}),
      ...(call.tools.length > 0
        ? {
            tools: call.tools.map((t) => ({
              name: t.name,
              ...(t.description ? { description: t.description } : {}),
              input_schema: { type: 'object' as const, ...t.parameters },
            })),
          }
        : {}),
      ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
    };
  }

  async complete(call: ProviderCall): Promise<ProviderResponse> {
    const r = await this.#client.messages.create({ ...this.#params(call), stream: false }, { signal: call.signal });
    let content: string | null = null;
    const toolCalls = [];
    for (const block of r.content) {
      if (block.type === 'text') content = (content ?? '') + block.text;
      if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input) });
    }
    return { content, toolCalls, finishReason: finishReasonOf(r.stop_reason), usage: usageOf(r.usage) };
  }

  async *stream(call: ProviderCall): AsyncGenerator<ChatDelta> {
    const s = await this.#client.messages.create({ ...this.#params(call), stream: true }, { signal: call.signal });
    // Anthropic numbers every content block; tool calls are numbered among themselves.
    const toolIndex = new Map<number, number>();
    let promptTokens = 0;
    for await (const event of s as AsyncIterable<RawMessageStreamEvent>) {
      switch (event.type) {
        case 'message_start':
          promptTokens = usageOf(event.message.usage).promptTokens;
          yield { type: 'usage', usage: { promptTokens, completionTokens: event.message.usage.output_tokens } };
          break;
        case 'content_block_start':
          if (event.content_block.type === 'tool_use') {
            toolIndex.set(event.index, toolIndex.size);
            const { id, name } = event.content_block;
            yield { type: 'tool_call', index: toolIndex.get(event.index)!, id, name, argumentsDelta: '' };
          }
          break;
        case 'content_block_delta':
          if (event.delta.type === 'text_delta') yield { type: 'text', text: event.delta.text };
          if (event.delta.type === 'input_json_delta') {
            const index = toolIndex.get(event.index) ?? 0;
            yield { type: 'tool_call', index, argumentsDelta: event.delta.partial_json };
          }
          break;
        case 'message_delta':
          yield { type: 'usage', usage: { promptTokens, completionTokens: event.usage.output_tokens } };
          if (event.delta.stop_reason) yield { type: 'finish', finishReason: finishReasonOf(event.delta.stop_reason) };
          break;
        default:
          break;
      }
    }
  }
}

/** Cached input is still input: it counts toward the prompt (its lower price is not modelled yet). */
function usageOf(u: {
  input_tokens: number | null;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}) {
  const prompt = (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
  return { promptTokens: prompt, completionTokens: u.output_tokens };
}

/**
 * Tool results travel as user messages, and Anthropic wants all results of one turn in one
 * message, so consecutive messages of the same role are merged.
 */
function toAnthropicMessages(messages: ChatMessage[]): MessageParam[] {
  const out: { role: 'user' | 'assistant'; content: ContentBlockParam[] }[] = [];
  const push = (role: 'user' | 'assistant', blocks: ContentBlockParam[]) => {
    const last = out[out.length - 1];
    if (last?.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    if (m.role === 'user') {
      const images = (m.images ?? []).map((i): ContentBlockParam => ({
        type: 'image',
        source: { type: 'base64', media_type: i.mediaType as 'image/png', data: i.data },
      }));
      push('user', [...(m.content ? [{ type: 'text' as const, text: m.content }] : []), ...images]);
    }
    if (m.role === 'tool') push('user', [{ type: 'tool_result', tool_use_id: m.toolCallId, content: m.content }]);
    if (m.role === 'assistant') {
      const blocks: ContentBlockParam[] = m.content ? [{ type: 'text', text: m.content }] : [];
      for (const c of m.toolCalls ?? []) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: parseArgs(c.arguments) });
      push('assistant', blocks);
    }
  }
  return out;
}

function finishReasonOf(r: string | null): FinishReason {
  if (r === 'end_turn' || r === 'stop_sequence') return 'stop';
  if (r === 'max_tokens' || r === 'model_context_window_exceeded') return 'length';
  if (r === 'tool_use') return 'tool_calls';
  if (r === 'refusal') return 'content_filter';
  return 'other';
}
