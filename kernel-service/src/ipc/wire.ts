import Type from 'typebox';
import type { Message } from './types.js';

/** Request and response shapes shared by the kernel socket and the API. */
export const TopicName = Type.String({ minLength: 1, maxLength: 128, pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.:/-]*$' });
const AgentName = Type.String({ minLength: 1, maxLength: 64 });
export const To = Type.Union([Type.Integer({ minimum: 1, description: 'a pid' }), AgentName], {
  description: 'a live process by pid, or an agent by name',
});
export const Text = Type.String({ minLength: 1, maxLength: 65_536 });
const Data = Type.Optional(Type.Unknown({ description: 'any JSON value, delivered as is' }));
/** The runtime passes its tool-call id: a retried call returns the first message instead of sending twice. */
const Key = Type.Optional(Type.String({ minLength: 1, maxLength: 128 }));

export const SendBody = Type.Object({ to: To, text: Text, data: Data, idempotencyKey: Key }, { additionalProperties: false });
export const PublishBody = Type.Object(
  { topic: TopicName, text: Text, data: Data, idempotencyKey: Key },
  { additionalProperties: false },
);
export const RequestBody = Type.Object(
  {
    to: To,
    text: Text,
    data: Data,
    idempotencyKey: Key,
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 300_000 })),
  },
  { additionalProperties: false },
);
export const ReplyBody = Type.Object(
  { correlationId: Type.String({ minLength: 1, maxLength: 64 }), text: Text, data: Data, idempotencyKey: Key },
  { additionalProperties: false },
);
export const TopicBody = Type.Object({ topic: TopicName }, { additionalProperties: false });

export const MessageBody = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  from: Type.Object({ pid: Type.Union([Type.Integer(), Type.Null()]), agent: Type.String() }),
  to: Type.Object({ pid: Type.Union([Type.Integer(), Type.Null()]), agent: Type.String() }),
  topic: Type.Union([Type.String(), Type.Null()]),
  correlationId: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  data: Type.Unknown(),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  readAt: Type.Union([Type.String(), Type.Null()]),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function messageToWire(m: Message) {
  const { ackedAt, ...rest } = m;
  return { ...rest, createdAt: iso(m.createdAt)!, expiresAt: iso(m.expiresAt), readAt: iso(ackedAt) };
}

export const addressOf = (to: number | string) => (typeof to === 'number' ? { pid: to } : { agent: to });
