import { AetherError } from '../errors/index.js';
import type { ChatDelta, FinishReason, ProviderResponse, ToolCall, ToolSpec, Usage } from './types.js';

/**
 * Folds stream deltas into one response, so a streamed call ends in exactly the result the
 * same call would have returned unstreamed.
 */
export class Assembler {
  #text = '';
  #sawText = false;
  readonly #calls: { id: string; name: string; arguments: string }[] = [];
  #finish: FinishReason | undefined;
  #usage: Usage = { promptTokens: 0, completionTokens: 0 };

  add(d: ChatDelta): void {
    switch (d.type) {
      case 'text':
        this.#text += d.text;
        this.#sawText = true;
        break;
      case 'tool_call': {
        const call = (this.#calls[d.index] ??= { id: '', name: '', arguments: '' });
        if (d.id) call.id = d.id;
        if (d.name) call.name += d.name;
        call.arguments += d.argumentsDelta;
        break;
      }
      case 'usage':
        // Providers send usage once or cumulatively (Anthropic: input at start, output at end).
        this.#usage = {
          promptTokens: Math.max(this.#usage.promptTokens, d.usage.promptTokens),
          completionTokens: Math.max(this.#usage.completionTokens, d.usage.completionTokens),
        };
        break;
      case 'finish':
        this.#finish = d.finishReason;
        break;
    }
  }

  result(): ProviderResponse {
    const toolCalls = this.#calls.filter(Boolean).map((c, i) => ({ ...c, id: c.id || `call_${i}` }));
    return {
      content: this.#sawText ? this.#text : null,
      toolCalls,
      finishReason: this.#finish ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      usage: this.#usage,
    };
  }
}

export function assemble(deltas: Iterable<ChatDelta>): ProviderResponse {
  const a = new Assembler();
  for (const d of deltas) a.add(d);
  return a.result();
}

/** The deltas a complete response would have streamed: adapters without a stream reuse this. */
export function* toDeltas(r: ProviderResponse): Generator<ChatDelta> {
  if (r.content !== null) yield { type: 'text', text: r.content };
  for (const [index, c] of r.toolCalls.entries()) {
    yield { type: 'tool_call', index, id: c.id, name: c.name, argumentsDelta: c.arguments };
  }
  yield { type: 'usage', usage: r.usage };
  yield { type: 'finish', finishReason: r.finishReason };
}

/**
 * A tool call is usable when it names a tool the request offered and its arguments are a JSON
 * object. Anything else is the model's mistake: LLM_BAD_RESPONSE with the raw call in `details`,
 * so a runtime can show the model its error and ask again.
 */
export function checkToolCalls(calls: ToolCall[], tools: ToolSpec[], where: string): void {
  const offered = new Set(tools.map((t) => t.name));
  for (const call of calls) {
    if (!offered.has(call.name)) {
      throw new AetherError('LLM_BAD_RESPONSE', `${where} called tool "${call.name}", which the request did not offer`, {
        details: { problem: 'unknown_tool', toolCall: call, offered: [...offered] },
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(call.arguments || '{}');
    } catch (err) {
      throw new AetherError('LLM_BAD_RESPONSE', `${where} sent malformed arguments for tool "${call.name}"`, {
        details: { problem: 'malformed_arguments', toolCall: call, parseError: (err as Error).message },
      });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new AetherError('LLM_BAD_RESPONSE', `${where} sent arguments for tool "${call.name}" that are not a JSON object`, {
        details: { problem: 'malformed_arguments', toolCall: call },
      });
    }
  }
}
