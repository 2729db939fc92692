import OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { Endpoint } from '../config.js';
import type {
  ChatDelta,
  ChatMessage,
  EmbedCall,
  EmbedResponse,
  FinishReason,
  ProviderAdapter,
  ProviderCall,
  ProviderResponse,
} from '../types.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * OpenAI chat completions, and every server that speaks them (vLLM, LiteLLM, Gemini's
 * compatibility endpoint). Our chat shape is OpenAI's, so this is mostly renaming.
 */
export class OpenAIAdapter implements ProviderAdapter {
  readonly provider: string;
  readonly #client: OpenAI;
  /** OpenAI's reasoning models refuse max_tokens; many compatible servers only know it. */
  readonly #maxTokensField: 'max_completion_tokens' | 'max_tokens';

  constructor(provider: string, endpoint: Endpoint) {
    this.provider = provider;
    const compatible = provider !== 'openai';
    this.#maxTokensField = compatible ? 'max_tokens' : 'max_completion_tokens';
    this.#client = new OpenAI({
      // A local server often needs no key, but the SDK insists on one.
      apiKey: endpoint.apiKey?.reveal() ?? 'none',
      baseURL: endpoint.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
      // The SDK would add OPENAI_ORG_ID/OPENAI_PROJECT_ID from the environment to every request,
      // also to a third-party compatible server; only the configuration speaks for the kernel.
      organization: null,
      project: null,
      maxRetries: 0, // retries are the gateway's (retry.ts), in one place for every provider
      timeout: 2 ** 31 - 1, // so is the timeout (deadline.ts), which also catches stalled streams
    });
  }

  #params(call: ProviderCall): ChatCompletionCreateParamsBase {
    return {
      model: call.model,
      messages: call.messages.map(toOpenAIMessage),
      ...(call.tools.length > 0
        ? {
            tools: call.tools.map((t) => ({
              type: 'function' as const,
              function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters },
            })),
          }
        : {}),
      ...(call.maxTokens === undefined ? {} : { [this.#maxTokensField]: call.maxTokens }),
      ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
    };
  }

  async complete(call: ProviderCall): Promise<ProviderResponse> {
    const r = await this.#client.chat.completions.create({ ...this.#params(call), stream: false }, { signal: call.signal });
    const choice = r.choices[0];
    if (!choice) throw new Error('the response has no choices');
    const toolCalls = (choice.message.tool_calls ?? []).flatMap((c) =>
      c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [],
    );
    return {
      content: choice.message.content ?? null,
      toolCalls,
      finishReason: finishReasonOf(choice.finish_reason),
      usage: { promptTokens: r.usage?.prompt_tokens ?? 0, completionTokens: r.usage?.completion_tokens ?? 0 },
    };
  }

  async embed(call: EmbedCall): Promise<EmbedResponse> {
    // Without encoding_format the SDK asks for base64 and decodes it; floats are what servers all speak.
    const r = await this.#client.embeddings.create(
      { model: call.model, input: call.input, encoding_format: 'float' },
      { signal: call.signal },
    );
    const vectors = [...r.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    return { vectors, promptTokens: r.usage?.prompt_tokens ?? 0 };
  }

  async *stream(call: ProviderCall): AsyncGenerator<ChatDelta> {
    const s = await this.#client.chat.completions.create(
      { ...this.#params(call), stream: true, stream_options: { include_usage: true } },
      { signal: call.signal },
    );
    for await (const chunk of s) yield* chunkDeltas(chunk);
  }
}

function* chunkDeltas(chunk: ChatCompletionChunk): Generator<ChatDelta> {
  // The last chunk carries usage and no choices (stream_options.include_usage).
  if (chunk.usage) {
    yield { type: 'usage', usage: { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens } };
  }
  const choice = chunk.choices[0];
  if (!choice) return;
  if (choice.delta.content) yield { type: 'text', text: choice.delta.content };
  for (const t of choice.delta.tool_calls ?? []) {
    yield {
      type: 'tool_call',
      index: t.index,
      ...(t.id ? { id: t.id } : {}),
      ...(t.function?.name ? { name: t.function.name } : {}),
      argumentsDelta: t.function?.arguments ?? '',
    };
  }
  if (choice.finish_reason) yield { type: 'finish', finishReason: finishReasonOf(choice.finish_reason) };
}

function toOpenAIMessage(m: ChatMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case 'system':
      return { role: m.role, content: m.content };
    case 'user':
      // Images as data URLs in content parts: OpenAI's and every compatible vision server's form.
      if (!m.images?.length) return { role: 'user', content: m.content };
      return {
        role: 'user',
        content: [
          ...(m.content ? [{ type: 'text' as const, text: m.content }] : []),
          ...m.images.map((i) => ({ type: 'image_url' as const, image_url: { url: `data:${i.mediaType};base64,${i.data}` } })),
        ],
      };
    case 'assistant':
      return {
        role: 'assistant',
        content: m.content,
        ...(m.toolCalls?.length
          ? {
              tool_calls: m.toolCalls.map((c) => ({
                id: c.id,
                type: 'function' as const,
                function: { name: c.name, arguments: c.arguments },
              })),
            }
          : {}),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
  }
}

function finishReasonOf(r: string | null | undefined): FinishReason {
  if (r === 'stop' || r === 'length' || r === 'tool_calls' || r === 'content_filter') return r;
  if (r === 'function_call') return 'tool_calls';
  return 'other';
}
