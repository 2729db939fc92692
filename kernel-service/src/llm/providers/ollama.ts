import { Ollama, type ChatResponse, type Message, type Tool } from 'ollama';
import type { Endpoint } from '../config.js';
import { parseArgs } from './args.js';
import type {
  ChatDelta,
  ChatMessage,
  EmbedCall,
  EmbedResponse,
  FinishReason,
  ProviderAdapter,
  ProviderCall,
  ProviderResponse,
  ToolCall,
} from '../types.js';

/**
 * Ollama's /api/chat. Its SDK passes no abort signal on unstreamed calls and hides response
 * headers from its errors, so the adapter gives it a fetch that adds the attempt's signal and
 * copies the headers of a failed response onto the error (errors.ts reads Retry-After there).
 */
export class OllamaAdapter implements ProviderAdapter {
  readonly provider = 'ollama';
  readonly #host: string;

  constructor(endpoint: Endpoint) {
    this.#host = endpoint.baseUrl!;
  }

  /** A client per call: the signal and the failed response's headers belong to one attempt. */
  async #run<T>(call: { signal: AbortSignal }, work: (client: Ollama) => Promise<T>): Promise<T> {
    let failed: Headers | undefined;
    const client = new Ollama({
      host: this.#host,
      fetch: async (input, init) => {
        const signal = init?.signal ? AbortSignal.any([init.signal, call.signal]) : call.signal;
        const res = await fetch(input, { ...init, signal });
        if (!res.ok) failed = res.headers;
        return res;
      },
    });
    try {
      return await work(client);
    } catch (err) {
      if (failed && err instanceof Error) Object.assign(err, { headers: failed });
      throw err;
    }
  }

  #request(call: ProviderCall) {
    return {
      model: call.model,
      messages: toOllamaMessages(call.messages),
      ...(call.tools.length > 0 ? { tools: call.tools.map(toOllamaTool) } : {}),
      options: {
        ...(call.maxTokens === undefined ? {} : { num_predict: call.maxTokens }),
        ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
      },
    };
  }

  async complete(call: ProviderCall): Promise<ProviderResponse> {
    const r = await this.#run(call, (c) => c.chat({ ...this.#request(call), stream: false }));
    const toolCalls = toolCallsOf(r, 0);
    return {
      content: r.message.content || (toolCalls.length ? null : ''),
      toolCalls,
      finishReason: finishReasonOf(r, toolCalls.length > 0),
      usage: { promptTokens: r.prompt_eval_count ?? 0, completionTokens: r.eval_count ?? 0 },
    };
  }

  /** Ollama's /api/embed (the batch endpoint; /api/embeddings is its older one-text form). */
  async embed(call: EmbedCall): Promise<EmbedResponse> {
    const r = await this.#run(call, (c) => c.embed({ model: call.model, input: call.input }));
    return { vectors: r.embeddings, promptTokens: r.prompt_eval_count ?? 0 };
  }

  async *stream(call: ProviderCall): AsyncGenerator<ChatDelta> {
    const chunks = await this.#run(call, (c) => c.chat({ ...this.#request(call), stream: true }));
    let calls = 0;
    // Ollama sends each tool call whole, in one chunk: it becomes one delta with all its arguments.
    for await (const chunk of chunks) {
      if (chunk.message?.content) yield { type: 'text', text: chunk.message.content };
      for (const c of toolCallsOf(chunk, calls)) {
        yield { type: 'tool_call', index: calls++, id: c.id, name: c.name, argumentsDelta: c.arguments };
      }
      if (chunk.done) {
        yield { type: 'usage', usage: { promptTokens: chunk.prompt_eval_count ?? 0, completionTokens: chunk.eval_count ?? 0 } };
        yield { type: 'finish', finishReason: finishReasonOf(chunk, calls > 0) };
      }
    }
  }
}

/** Ollama calls carry no id (older servers) and parsed arguments; ids are made up, arguments re-serialised. */
function toolCallsOf(r: ChatResponse, first: number): ToolCall[] {
  return (r.message?.tool_calls ?? []).map((c, i) => {
    const id = (c as { id?: unknown }).id;
    const args: unknown = c.function.arguments;
    return {
      id: typeof id === 'string' && id ? id : `call_${first + i}`,
      name: c.function.name,
      arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
    };
  });
}

function toOllamaTool(t: { name: string; description?: string; parameters: Record<string, unknown> }): Tool {
  // Ollama's Tool type narrows JSON Schema; the server accepts any schema object.
  return { type: 'function', function: { name: t.name, description: t.description ?? '', parameters: t.parameters } };
}

function toOllamaMessages(messages: ChatMessage[]): Message[] {
  const names = new Map<string, string>();
  return messages.map((m): Message => {
    if (m.role === 'assistant') {
      for (const c of m.toolCalls ?? []) names.set(c.id, c.name);
      return {
        role: 'assistant',
        content: m.content ?? '',
        ...(m.toolCalls?.length
          ? { tool_calls: m.toolCalls.map((c) => ({ function: { name: c.name, arguments: parseArgs(c.arguments) } })) }
          : {}),
      };
    }
    if (m.role === 'tool') {
      const name = m.name ?? names.get(m.toolCallId);
      return { role: 'tool', content: m.content, ...(name ? { tool_name: name } : {}) };
    }
    // Ollama takes a user turn's images as bare base64 beside the text.
    if (m.role === 'user' && m.images?.length) return { role: 'user', content: m.content, images: m.images.map((i) => i.data) };
    return { role: m.role, content: m.content };
  });
}

function finishReasonOf(r: ChatResponse, calledTools: boolean): FinishReason {
  if (calledTools) return 'tool_calls';
  if (r.done_reason === 'length') return 'length';
  return r.done_reason === 'stop' || !r.done_reason ? 'stop' : 'other';
}
