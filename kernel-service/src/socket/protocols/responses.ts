/**
 * OpenAI's Responses API on the kernel socket (POST /v1/responses), the protocol Codex speaks,
 * translated to and from the gateway's chat shape. Stateless: the kernel stores no responses,
 * so a client sends its whole history (Codex does, with store: false) and
 * `previous_response_id` is refused rather than silently ignored.
 */
import { randomBytes } from 'node:crypto';
import Type, { type Static } from 'typebox';
import { AetherError } from '../../errors/index.js';
import type { ChatMessage, ChatRequest, ChatResult, ImagePart, StreamEvent, ToolSpec } from '../../llm/index.js';
import { imageOfUrl } from './images.js';
import { checked } from './validate.js';
import type { WireStream } from './serve.js';

const Item = Type.Object({ type: Type.Optional(Type.String()) });

export const ResponsesRequest = Type.Object({
  model: Type.Optional(Type.String()),
  instructions: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  input: Type.Union([Type.String(), Type.Array(Item, { minItems: 1, maxItems: 10_000 })]),
  tools: Type.Optional(
    Type.Array(
      Type.Object({
        type: Type.String(),
        name: Type.Optional(Type.String({ minLength: 1 })),
        description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        parameters: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
      }),
    ),
  ),
  max_output_tokens: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  temperature: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 2 }), Type.Null()])),
  stream: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  previous_response_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
type ResponsesRequest = Static<typeof ResponsesRequest>;

type AnyItem = Record<string, unknown>;

const str = (v: unknown, where: string): string => {
  if (typeof v !== 'string') throw new AetherError('VALIDATION_FAILED', `${where} must be a string`);
  return v;
};

/** A message item's content: a string, or input_text / output_text / input_image parts. */
function partsOf(content: unknown, where: string): { text: string; images: ImagePart[] } {
  if (typeof content === 'string') return { text: content, images: [] };
  if (!Array.isArray(content)) throw new AetherError('VALIDATION_FAILED', `${where} must be a string or a list of parts`);
  const texts: string[] = [];
  const images: ImagePart[] = [];
  content.forEach((p: AnyItem, i) => {
    const at = `${where}/${i}`;
    if (p.type === 'input_text' || p.type === 'output_text' || p.type === 'text') texts.push(str(p.text, `${at}.text`));
    else if (p.type === 'refusal') texts.push(str(p.refusal, `${at}.refusal`));
    else if (p.type === 'input_image') images.push(imageOfUrl(str(p.image_url, `${at}.image_url`), at));
    else throw new AetherError('VALIDATION_FAILED', `${at}: a "${String(p.type)}" part is not supported`);
  });
  return { text: texts.join('\n'), images };
}

/** Items the gateway has no form for and that a model does not need back: its own reasoning. */
const DROPPED = new Set(['reasoning', 'item_reference']);

function messagesOf(b: ResponsesRequest): ChatMessage[] {
  const out: ChatMessage[] = b.instructions ? [{ role: 'system', content: b.instructions }] : [];
  if (typeof b.input === 'string') return [...out, { role: 'user', content: b.input }];
  (b.input as AnyItem[]).forEach((item, i) => {
    const where = `/input/${i}`;
    const type = typeof item.type === 'string' ? item.type : 'message';
    if (DROPPED.has(type)) return;
    if (type === 'message') {
      const { text, images } = partsOf(item.content, `${where}/content`);
      if (item.role === 'system' || item.role === 'developer') out.push({ role: 'system', content: text });
      else if (item.role === 'user') out.push({ role: 'user', content: text, ...(images.length ? { images } : {}) });
      else if (item.role === 'assistant') {
        // Consecutive assistant items (text, then its calls) are one assistant turn in chat form.
        const last = out[out.length - 1];
        if (last?.role === 'assistant' && last.content === null && !last.toolCalls) last.content = text;
        else out.push({ role: 'assistant', content: text });
      } else throw new AetherError('VALIDATION_FAILED', `${where}.role must be user, assistant, system or developer`);
    } else if (type === 'function_call') {
      const call = {
        id: str(item.call_id, `${where}.call_id`),
        name: str(item.name, `${where}.name`),
        arguments: str(item.arguments, `${where}.arguments`),
      };
      const last = out[out.length - 1];
      if (last?.role === 'assistant') last.toolCalls = [...(last.toolCalls ?? []), call];
      else out.push({ role: 'assistant', content: null, toolCalls: [call] });
    } else if (type === 'function_call_output') {
      const { text, images } = partsOf(item.output, `${where}/output`);
      out.push({ role: 'tool', toolCallId: str(item.call_id, `${where}.call_id`), content: text });
      if (images.length) out.push({ role: 'user', content: '', images });
    } else {
      throw new AetherError('VALIDATION_FAILED', `${where}: a "${type}" item is not supported by the Aether gateway`);
    }
  });
  return out;
}

/**
 * Function tools become gateway tools. Hosted tools (web_search, file_search, code_interpreter…)
 * and freeform `custom` tools run on OpenAI's side or need grammars no other provider has, so
 * they are left out: the model cannot call what is not offered.
 */
function toolsOf(tools: ResponsesRequest['tools']): ToolSpec[] {
  return (tools ?? []).flatMap((t) =>
    t.type === 'function' && t.name
      ? [
          {
            name: t.name,
            ...(t.description ? { description: t.description } : {}),
            parameters: t.parameters ?? { type: 'object' },
          },
        ]
      : [],
  );
}

export function fromResponses(body: unknown): { request: ChatRequest; stream: boolean } {
  const b = checked(ResponsesRequest, body, 'responses request');
  if (b.previous_response_id) {
    throw new AetherError(
      'VALIDATION_FAILED',
      'previous_response_id: the kernel keeps no responses; send the whole input (store: false)',
    );
  }
  const tools = toolsOf(b.tools);
  return {
    stream: b.stream === true,
    request: {
      ...(b.model ? { model: b.model } : {}),
      messages: messagesOf(b),
      ...(tools.length ? { tools } : {}),
      ...(b.max_output_tokens ? { maxTokens: b.max_output_tokens } : {}),
      ...(typeof b.temperature === 'number' ? { temperature: b.temperature } : {}),
    },
  };
}

const itemId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

const usageOf = (r: ChatResult) => ({
  input_tokens: r.usage.promptTokens,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: r.usage.completionTokens,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: r.usage.promptTokens + r.usage.completionTokens,
});

function envelope(id: string, model: string, status: string, output: unknown[], extra: Record<string, unknown> = {}) {
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model,
    output,
    error: null,
    incomplete_details: null,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    ...extra,
  };
}

const messageItem = (id: string, text: string, status = 'completed') => ({
  type: 'message',
  id,
  status,
  role: 'assistant',
  content: [{ type: 'output_text', text, annotations: [] }],
});

const callItem = (id: string, call: { id: string; name: string; arguments: string }, status = 'completed') => ({
  type: 'function_call',
  id,
  call_id: call.id,
  name: call.name,
  arguments: call.arguments,
  status,
});

/** A finished call as a response object; a length stop is `incomplete`, as OpenAI reports it. */
function final(id: string, r: ChatResult, output: unknown[]) {
  const truncated = r.finishReason === 'length';
  return envelope(id, r.model, truncated ? 'incomplete' : 'completed', output, {
    usage: usageOf(r),
    ...(truncated ? { incomplete_details: { reason: 'max_output_tokens' } } : {}),
  });
}

export function toResponses(id: string, r: ChatResult): Record<string, unknown> {
  const output: unknown[] = [];
  if (r.message.content) output.push(messageItem(itemId('msg'), r.message.content));
  for (const c of r.message.toolCalls ?? []) output.push(callItem(itemId('fc'), c));
  return { ...final(id, r, output), output_text: r.message.content ?? '' };
}

/**
 * The gateway's stream as Responses events: response.created / in_progress; for text an
 * output_item.added, content_part.added, output_text.delta…, output_text.done, content_part.done,
 * output_item.done; for each function call output_item.added, function_call_arguments.delta…,
 * .done, output_item.done; then response.completed (or .incomplete) with the usage. Every event
 * carries a sequence_number, as OpenAI's do.
 */
export class ResponsesStream implements WireStream {
  #seq = 0;
  #model = '';
  #index = -1;
  #open:
    | { kind: 'text'; id: string; text: string }
    | { kind: 'call'; id: string; call: number; callId: string; name: string; args: string }
    | null = null;
  readonly #done: unknown[] = [];

  constructor(private readonly id: string) {}

  #sse(type: string, data: Record<string, unknown>): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: this.#seq++, ...data })}\n\n`;
  }

  event(e: StreamEvent): string {
    switch (e.type) {
      case 'start': {
        this.#model = e.model;
        const response = envelope(this.id, e.model, 'in_progress', []);
        return this.#sse('response.created', { response }) + this.#sse('response.in_progress', { response });
      }
      case 'text': {
        let out = '';
        if (this.#open?.kind !== 'text') {
          out += this.#close();
          this.#index += 1;
          this.#open = { kind: 'text', id: itemId('msg'), text: '' };
          const item = { ...messageItem(this.#open.id, '', 'in_progress'), content: [] };
          out += this.#sse('response.output_item.added', { output_index: this.#index, item });
          out += this.#sse('response.content_part.added', {
            item_id: this.#open.id,
            output_index: this.#index,
            content_index: 0,
            part: { type: 'output_text', text: '', annotations: [] },
          });
        }
        this.#open.text += e.text;
        return (
          out +
          this.#sse('response.output_text.delta', {
            item_id: this.#open.id,
            output_index: this.#index,
            content_index: 0,
            delta: e.text,
          })
        );
      }
      case 'tool_call': {
        let out = '';
        if (this.#open?.kind !== 'call' || this.#open.call !== e.index) {
          out += this.#close();
          this.#index += 1;
          this.#open = {
            kind: 'call',
            id: itemId('fc'),
            call: e.index,
            callId: e.id ?? `call_${e.index}`,
            name: e.name ?? '',
            args: '',
          };
          const item = callItem(this.#open.id, { id: this.#open.callId, name: this.#open.name, arguments: '' }, 'in_progress');
          out += this.#sse('response.output_item.added', { output_index: this.#index, item });
        }
        if (!e.argumentsDelta) return out;
        this.#open.args += e.argumentsDelta;
        return (
          out +
          this.#sse('response.function_call_arguments.delta', {
            item_id: this.#open.id,
            output_index: this.#index,
            delta: e.argumentsDelta,
          })
        );
      }
      case 'done': {
        const out = this.#close();
        const response = final(this.id, { ...e.result, model: this.#model || e.result.model }, this.#done);
        return out + this.#sse(response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response });
      }
      default:
        return '';
    }
  }

  fail(e: AetherError): string {
    const response = envelope(this.id, this.#model, 'failed', this.#done, { error: { code: e.code, message: e.message } });
    return this.#sse('response.failed', { response });
  }

  #close(): string {
    const o = this.#open;
    if (!o) return '';
    this.#open = null;
    if (o.kind === 'text') {
      const item = messageItem(o.id, o.text);
      this.#done.push(item);
      const at = { item_id: o.id, output_index: this.#index, content_index: 0 };
      return (
        this.#sse('response.output_text.done', { ...at, text: o.text }) +
        this.#sse('response.content_part.done', { ...at, part: item.content[0] }) +
        this.#sse('response.output_item.done', { output_index: this.#index, item })
      );
    }
    const item = callItem(o.id, { id: o.callId, name: o.name, arguments: o.args });
    this.#done.push(item);
    return (
      this.#sse('response.function_call_arguments.done', { item_id: o.id, output_index: this.#index, arguments: o.args }) +
      this.#sse('response.output_item.done', { output_index: this.#index, item })
    );
  }
}
