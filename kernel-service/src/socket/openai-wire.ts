/**
 * OpenAI's chat-completions wire format on the kernel socket, translated to and from the
 * gateway's own shape (which follows it closely). Any program in a sandbox can then use an
 * OpenAI client pointed at the socket; the provider key stays in the kernel.
 */
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { AetherError } from '../errors/index.js';
import type { ChatMessage, ChatRequest, ChatResult, ImagePart, StreamEvent } from '../llm/index.js';
import { imageOfUrl } from './protocols/images.js';

const ToolCallWire = Type.Object({
  id: Type.String(),
  type: Type.Optional(Type.Literal('function')),
  function: Type.Object({ name: Type.String(), arguments: Type.String() }),
});

const Content = Type.Union([
  Type.String(),
  Type.Null(),
  // Text parts, and images as data: URLs (carried to the provider; see protocols/images.ts).
  Type.Array(
    Type.Union([
      Type.Object({ type: Type.Literal('text'), text: Type.String() }),
      Type.Object({ type: Type.Literal('image_url'), image_url: Type.Object({ url: Type.String() }) }),
    ]),
  ),
]);

const MessageWire = Type.Object({
  role: Type.Union([
    Type.Literal('system'),
    Type.Literal('developer'),
    Type.Literal('user'),
    Type.Literal('assistant'),
    Type.Literal('tool'),
  ]),
  content: Type.Optional(Content),
  name: Type.Optional(Type.String()),
  tool_calls: Type.Optional(Type.Array(ToolCallWire)),
  tool_call_id: Type.Optional(Type.String()),
});

export const ChatCompletionRequest = Type.Object({
  model: Type.Optional(Type.String()),
  messages: Type.Array(MessageWire, { minItems: 1, maxItems: 10_000 }),
  tools: Type.Optional(
    Type.Array(
      Type.Object({
        type: Type.Literal('function'),
        function: Type.Object({
          name: Type.String({ minLength: 1 }),
          description: Type.Optional(Type.String()),
          parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        }),
      }),
    ),
  ),
  max_tokens: Type.Optional(Type.Integer({ minimum: 1 })),
  max_completion_tokens: Type.Optional(Type.Integer({ minimum: 1 })),
  temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 2 })),
  stream: Type.Optional(Type.Boolean()),
});
type ChatCompletionRequest = Static<typeof ChatCompletionRequest>;

const text = (c: Static<typeof Content> | undefined): string | null =>
  c === undefined || c === null ? null : typeof c === 'string' ? c : c.map((p) => (p.type === 'text' ? p.text : '')).join('');

const imagesOf = (c: Static<typeof Content> | undefined, where: string): ImagePart[] =>
  Array.isArray(c) ? c.flatMap((p, i) => (p.type === 'image_url' ? [imageOfUrl(p.image_url.url, `${where}/${i}`)] : [])) : [];

/** Validates a request body and turns it into a gateway request. */
export function fromWire(body: unknown): { request: ChatRequest; stream: boolean } {
  if (!Value.Check(ChatCompletionRequest, body)) {
    const first = [...Value.Errors(ChatCompletionRequest, body)][0];
    throw new AetherError(
      'VALIDATION_FAILED',
      `chat request: ${first?.instancePath || '(body)'} ${first?.message ?? 'is invalid'}`,
    );
  }
  const b: ChatCompletionRequest = body;
  const messages: ChatMessage[] = b.messages.map((m, i): ChatMessage => {
    switch (m.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content: text(m.content) ?? '' };
      case 'user': {
        const images = imagesOf(m.content, `/messages/${i}/content`);
        return { role: 'user', content: text(m.content) ?? '', ...(images.length ? { images } : {}) };
      }
      case 'assistant':
        return {
          role: 'assistant',
          content: text(m.content),
          ...(m.tool_calls
            ? { toolCalls: m.tool_calls.map((t) => ({ id: t.id, name: t.function.name, arguments: t.function.arguments })) }
            : {}),
        };
      case 'tool':
        return {
          role: 'tool',
          toolCallId: m.tool_call_id ?? '',
          content: text(m.content) ?? '',
          ...(m.name ? { name: m.name } : {}),
        };
    }
  });
  const maxTokens = b.max_completion_tokens ?? b.max_tokens;
  return {
    stream: b.stream === true,
    request: {
      ...(b.model ? { model: b.model } : {}),
      messages,
      ...(b.tools
        ? {
            tools: b.tools.map((t) => ({
              name: t.function.name,
              description: t.function.description,
              parameters: t.function.parameters ?? { type: 'object' },
            })),
          }
        : {}),
      ...(maxTokens ? { maxTokens } : {}),
      ...(b.temperature !== undefined ? { temperature: b.temperature } : {}),
    },
  };
}

const toolCallsWire = (calls: { id: string; name: string; arguments: string }[] | undefined) =>
  calls?.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } }));

export function toWire(id: string, result: ChatResult): Record<string, unknown> {
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: result.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: result.message.content,
          ...(result.message.toolCalls ? { tool_calls: toolCallsWire(result.message.toolCalls) } : {}),
        },
        finish_reason: result.finishReason === 'other' ? 'stop' : result.finishReason,
      },
    ],
    usage: {
      prompt_tokens: result.usage.promptTokens,
      completion_tokens: result.usage.completionTokens,
      total_tokens: result.usage.promptTokens + result.usage.completionTokens,
    },
  };
}

/** One stream event as an OpenAI `chat.completion.chunk`, or null for events it has no form for. */
export function chunkOf(id: string, model: string, event: StreamEvent): Record<string, unknown> | null {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) => ({
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });
  switch (event.type) {
    case 'start':
      return chunk({ role: 'assistant', content: '' });
    case 'text':
      return chunk({ content: event.text });
    case 'tool_call':
      return chunk({
        tool_calls: [
          {
            index: event.index,
            ...(event.id ? { id: event.id, type: 'function' } : {}),
            function: { ...(event.name ? { name: event.name } : {}), arguments: event.argumentsDelta },
          },
        ],
      });
    case 'finish':
      return chunk({}, event.finishReason === 'other' ? 'stop' : event.finishReason);
    case 'done':
      return {
        ...chunk({}),
        choices: [],
        usage: {
          prompt_tokens: event.result.usage.promptTokens,
          completion_tokens: event.result.usage.completionTokens,
          total_tokens: event.result.usage.promptTokens + event.result.usage.completionTokens,
        },
      };
    default:
      return null;
  }
}
