import Type from 'typebox';

/** Request and response shapes shared by the kernel socket and the API. */
export const LayerSchema = Type.Union(
  [Type.Literal('episodic'), Type.Literal('semantic'), Type.Literal('procedural'), Type.Literal('social')],
  { description: 'episodic | semantic | procedural | social' },
);
const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$' });
export const SpaceName = Name;

export const RememberBody = Type.Object(
  {
    content: Type.String({ minLength: 1, maxLength: 16_384 }),
    layer: Type.Optional(LayerSchema),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    importance: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    space: Type.Optional(Name),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

export const RecallBody = Type.Object(
  {
    query: Type.String({ minLength: 1, maxLength: 4000 }),
    layers: Type.Optional(Type.Array(LayerSchema, { maxItems: 4 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    includeSpaces: Type.Optional(Type.Boolean()),
    subject: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const ReviewBody = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    good: Type.Boolean(),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const MemoryBody = Type.Object({
  id: Type.Integer(),
  owner: Type.String(),
  layer: LayerSchema,
  content: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  importance: Type.Number(),
  author: Type.String(),
  sourcePid: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String(),
  accessedAt: Type.String(),
  accessCount: Type.Integer(),
  score: Type.Optional(Type.Number()),
  why: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()]))),
});

export const RecallResponse = Type.Object({
  retrieval: Type.Union([Type.Literal('hybrid'), Type.Literal('fulltext')]),
  note: Type.Optional(Type.String()),
  memories: Type.Array(MemoryBody),
});

/** Times as ISO strings on the wire, like the rest of the API. */
export function memoryToWire<M extends { createdAt: number; accessedAt: number }>(m: M) {
  return { ...m, createdAt: new Date(m.createdAt).toISOString(), accessedAt: new Date(m.accessedAt).toISOString() };
}
