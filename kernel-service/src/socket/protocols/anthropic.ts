/**
 * Anthropic's Messages API on the kernel socket (POST /v1/messages), translated to and from the
 * gateway's one chat shape, so Claude Code and any Anthropic SDK in a sandbox reach whichever
 * provider the run's model maps to. Only the wire changes here: the model allow-list, budgets,
 * accounting and fallback are the gateway's and the authority's, as for chat completions.
 */
import Type, { type Static } from 'typebox';
import { AetherError } from '../../errors/index.js';
import type { ChatMessage, ChatRequest, ChatResult, FinishReason, ImagePart, StreamEvent, ToolSpec } from '../../llm/index.js';
import { parseArgs } from '../../llm/providers/args.js';
import { imageOf, imageOfUrl } from './images.js';
import { checked } from './validate.js';
import type { WireStream } from './serve.js';

// Blocks are checked by type in code (blockOf): the schema names the fields every block has.
const Block = Type.Object({ type: Type.String({ minLength: 1 }) });
const Content = Type.Union([Type.String(), Type.Array(Block)]);

export const MessagesRequest = Type.Object({
  model: Type.Optional(Type.String()),
  max_tokens: Type.Integer({ minimum: 1 }),
  system: Type.Optional(
    Type.Union([Type.String(), Type.Array(Type.Object({ type: Type.Literal('text'), text: Type.String() }))]),
  ),
  // Recent clients (Claude Code 2.1) also put system turns among the messages.
  messages: Type.Array(
    Type.Object({
      role: Type.Union([Type.Literal('user'), Type.Literal('assistant'), Type.Literal('system')]),
      content: Content,
    }),
    {
      minItems: 1,
      maxItems: 10_000,
    },
  ),
  tools: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String({ minLength: 1 }),
        type: Type.Optional(Type.String()),
        description: Type.Optional(Type.String()),
        input_schema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      }),
    ),
  ),
  temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  stream: Type.Optional(Type.Boolean()),
});
type MessagesRequest = Static<typeof MessagesRequest>;

/** count_tokens takes the same body less max_tokens. */
export const CountTokensRequest = Type.Omit(MessagesRequest, ['max_tokens', 'stream']);

type AnyBlock = Record<string, unknown> & { type: string };
type Open = { kind: 'text' } | { kind: 'tool'; call: number };

const str = (v: unknown, where: string): string => {
  if (typeof v !== 'string') throw new AetherError('VALIDATION_FAILED', `${where} must be a string`);
  return v;
};

function imageBlock(b: AnyBlock, where: string): ImagePart {
  const src = b.source as { type?: unknown; media_type?: unknown; data?: unknown; url?: unknown } | undefined;
  if (src?.type === 'base64')
    return imageOf(str(src.media_type, `${where}.source.media_type`), str(src.data, `${where}.source.data`), where);
  if (src?.type === 'url') return imageOfUrl(str(src.url, `${where}.source.url`), where);
  throw new AetherError('VALIDATION_FAILED', `${where}: an image source must be base64 (or a data: URL)`);
}

/** Text and images of a content list (a tool_result's content, or a user turn). */
function textAndImages(content: string | AnyBlock[], where: string): { text: string; images: ImagePart[] } {
  if (typeof content === 'string') return { text: content, images: [] };
  const texts: string[] = [];
  const images: ImagePart[] = [];
  content.forEach((b, i) => {
    if (b.type === 'text') texts.push(str(b.text, `${where}/${i}.text`));
    else if (b.type === 'image') images.push(imageBlock(b, `${where}/${i}`));
    else throw new AetherError('VALIDATION_FAILED', `${where}/${i}: a "${b.type}" block cannot appear here`);
  });
  return { text: texts.join('\n'), images };
}

/** Blocks the gateway has no form for and that carry nothing a model needs back (its own thinking). */
const DROPPED = new Set(['thinking', 'redacted_thinking']);

function userTurn(content: string | AnyBlock[], where: string): ChatMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  const out: ChatMessage[] = [];
  const rest: AnyBlock[] = [];
  content.forEach((b, i) => {
    if (b.type !== 'tool_result') {
      if (!DROPPED.has(b.type)) rest.push(b);
      return;
    }
    const id = str(b.tool_use_id, `${where}/${i}.tool_use_id`);
    const inner = b.content === undefined ? '' : (b.content as string | AnyBlock[]);
    const { text, images } = textAndImages(inner, `${where}/${i}.content`);
    // Tool messages carry text only: a result's images follow as a user turn, so they reach the model too.
    out.push({ role: 'tool', toolCallId: id, content: b.is_error === true ? `Error: ${text}` : text });
    if (images.length)
      rest.push(
        ...images.map((img) => ({ type: 'image', source: { type: 'base64', media_type: img.mediaType, data: img.data } })),
      );
  });
  if (rest.length) {
    const { text, images } = textAndImages(rest, where);
    out.push({ role: 'user', content: text, ...(images.length ? { images } : {}) });
  }
  return out;
}

function assistantTurn(content: string | AnyBlock[], where: string): ChatMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  const texts: string[] = [];
  const toolCalls: { id: string; name: string; arguments: string }[] = [];
  content.forEach((b, i) => {
    if (b.type === 'text') texts.push(str(b.text, `${where}/${i}.text`));
    else if (b.type === 'tool_use')
      toolCalls.push({
        id: str(b.id, `${where}/${i}.id`),
        name: str(b.name, `${where}/${i}.name`),
        arguments: JSON.stringify(b.input ?? {}),
      });
    else if (!DROPPED.has(b.type))
      throw new AetherError('VALIDATION_FAILED', `${where}/${i}: a "${b.type}" block cannot appear in an assistant turn`);
  });
  return { role: 'assistant', content: texts.length ? texts.join('') : null, ...(toolCalls.length ? { toolCalls } : {}) };
}

/**
 * Client tools become gateway tools. Anthropic's server tools (web_search_…, a `type` and no
 * input_schema) run on Anthropic's side only; no provider behind the gateway runs them, so they are left out.
 */
function toolsOf(tools: MessagesRequest['tools']): ToolSpec[] {
  return (tools ?? []).flatMap((t) =>
    t.input_schema || !t.type || t.type === 'custom'
      ? [
          {
            name: t.name,
            ...(t.description ? { description: t.description } : {}),
            parameters: t.input_schema ?? { type: 'object' },
          },
        ]
      : [],
  );
}

/** The gateway messages of a Messages request (also what count_tokens counts). */
function messagesOf(b: Static<typeof CountTokensRequest>): ChatMessage[] {
  const system = typeof b.system === 'string' ? b.system : (b.system ?? []).map((s) => s.text).join('\n\n');
  const messages: ChatMessage[] = system ? [{ role: 'system', content: system }] : [];
  b.messages.forEach((m, i) => {
    const where = `/messages/${i}/content`;
    const content = m.content;
    if (m.role === 'user') messages.push(...userTurn(content, where));
    else if (m.role === 'system') messages.push({ role: 'system', content: textAndImages(content, where).text });
    else messages.push(assistantTurn(content, where));
  });
  return messages;
}

export function fromAnthropic(body: unknown): { request: ChatRequest; stream: boolean } {
  const b = checked(MessagesRequest, body, 'messages request');
  const tools = toolsOf(b.tools);
  return {
    stream: b.stream === true,
    request: {
      ...(b.model ? { model: b.model } : {}),
      messages: messagesOf(b),
      ...(tools.length ? { tools } : {}),
      maxTokens: b.max_tokens,
      ...(b.temperature !== undefined ? { temperature: b.temperature } : {}),
    },
  };
}

export function countRequestOf(body: unknown): ChatRequest {
  const b = checked(CountTokensRequest, body, 'count_tokens request');
  const tools = toolsOf(b.tools);
  return { ...(b.model ? { model: b.model } : {}), messages: messagesOf(b), ...(tools.length ? { tools } : {}) };
}

export function stopReasonOf(f: FinishReason): string {
  if (f === 'length') return 'max_tokens';
  if (f === 'tool_calls') return 'tool_use';
  if (f === 'content_filter') return 'refusal';
  return 'end_turn';
}

export function toAnthropic(id: string, r: ChatResult): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  if (r.message.content) content.push({ type: 'text', text: r.message.content });
  for (const c of r.message.toolCalls ?? [])
    content.push({ type: 'tool_use', id: c.id, name: c.name, input: parseArgs(c.arguments) });
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: r.model,
    content,
    stop_reason: stopReasonOf(r.finishReason),
    stop_sequence: null,
    usage: { input_tokens: r.usage.promptTokens, output_tokens: r.usage.completionTokens },
  };
}

const sse = (event: string, data: Record<string, unknown>) =>
  `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;

/**
 * The gateway's stream as Anthropic's event sequence: message_start, ping, then per content
 * block content_block_start / _delta / _stop, then message_delta (stop reason, usage) and
 * message_stop. A provider that streams tool calls one after the other (all of them) maps to
 * one block per call; message_start waits for the first content so Anthropic's own input count
 * (sent up front) is in it.
 */
export class AnthropicStream implements WireStream {
  #model = '';
  #started = false;
  #block = -1;
  #open: Open | null = null;
  #input = 0;
  #output = 0;

  constructor(private readonly id: string) {}

  event(e: StreamEvent): string {
    switch (e.type) {
      case 'start':
        this.#model = e.model;
        return '';
      case 'usage':
        this.#input = Math.max(this.#input, e.usage.promptTokens);
        this.#output = Math.max(this.#output, e.usage.completionTokens);
        return '';
      case 'text':
        return (
          this.#start() +
          (this.#open?.kind === 'text' ? '' : this.#openBlock({ kind: 'text' }, { type: 'text', text: '' })) +
          sse('content_block_delta', { index: this.#block, delta: { type: 'text_delta', text: e.text } })
        );
      case 'tool_call': {
        let out = this.#start();
        const current = this.#open?.kind === 'tool' && this.#open.call === e.index;
        if (!current)
          out += this.#openBlock(
            { kind: 'tool', call: e.index },
            { type: 'tool_use', id: e.id ?? `toolu_${e.index}`, name: e.name ?? '', input: {} },
          );
        if (e.argumentsDelta)
          out += sse('content_block_delta', {
            index: this.#block,
            delta: { type: 'input_json_delta', partial_json: e.argumentsDelta },
          });
        return out;
      }
      case 'finish':
        return '';
      case 'done':
        return (
          this.#start() +
          this.#close() +
          sse('message_delta', {
            delta: { stop_reason: stopReasonOf(e.result.finishReason), stop_sequence: null },
            usage: { input_tokens: e.result.usage.promptTokens, output_tokens: e.result.usage.completionTokens },
          }) +
          sse('message_stop', {})
        );
    }
  }

  /** Headers are sent: Anthropic says a late failure as an `error` event. */
  fail(e: AetherError): string {
    return sse('error', { error: { type: anthropicErrorType(e.status), message: e.message, code: e.code } });
  }

  #start(): string {
    if (this.#started) return '';
    this.#started = true;
    const message = {
      id: this.id,
      type: 'message',
      role: 'assistant',
      model: this.#model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: this.#input, output_tokens: this.#output },
    };
    return sse('message_start', { message }) + sse('ping', {});
  }

  #openBlock(open: Open, block: Record<string, unknown>): string {
    const out = this.#close();
    this.#block += 1;
    this.#open = open;
    return out + sse('content_block_start', { index: this.#block, content_block: block });
  }

  #close(): string {
    if (!this.#open) return '';
    this.#open = null;
    return sse('content_block_stop', { index: this.#block });
  }
}

/** Anthropic's error types by HTTP status; our stable code rides along in `code`. */
export function anthropicErrorType(status: number): string {
  if (status === 400 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 402 || status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 503 || status === 529) return 'overloaded_error';
  return 'api_error';
}

export function anthropicError(e: AetherError): Record<string, unknown> {
  return {
    type: 'error',
    error: { type: anthropicErrorType(e.status), message: e.message, code: e.code, ...(e.hint ? { hint: e.hint } : {}) },
  };
}
