import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AuditLog } from '../../audit/index.js';
import { ErrorBody } from '../schemas.js';

const AuditQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0, description: 'Entries with a seq above this one' })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

const Entry = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  role: Type.String(),
  action: Type.String({
    description: "The route's operationId, or METHOD and route pattern; auth.failed for a refused credential",
  }),
  target: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.Literal('ok'), Type.Literal('refused'), Type.Literal('failed')]),
  sourceAddress: Type.Union([Type.String(), Type.Null()]),
  prevHash: Type.String(),
  hash: Type.String(),
});

const Page = Type.Object({
  entries: Type.Array(Entry),
  nextAfter: Type.Union([Type.Integer(), Type.Null()], { description: 'Pass as after= for the next page; null at the end' }),
});

const Verdict = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  firstSeq: Type.Union([Type.Integer(), Type.Null()]),
  lastSeq: Type.Union([Type.Integer(), Type.Null()]),
  headHash: Type.String({ description: "The newest entry's hash: the journal carries a copy of every entry" }),
  brokenAt: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
});

const errors = { 400: ErrorBody, 401: ErrorBody };

/** The audit log: who changed what (docs/SECURITY.md, "Audit"). Read-only over the API. */
export function auditRoutes(app: FastifyInstance, audit: AuditLog): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['audit'];
  r.get(
    '/audit',
    {
      schema: {
        tags,
        operationId: 'listAuditEntries',
        summary: 'Audit entries, oldest first, filtered by actor and action',
        querystring: AuditQuery,
        response: { 200: Page, ...errors },
      },
    },
    async (req) => audit.list(req.query),
  );
  r.get(
    '/audit/verify',
    {
      schema: {
        tags,
        operationId: 'verifyAuditChain',
        summary: 'Walk the hash chain: ok, or the first entry that was altered or removed',
        response: { 200: Verdict, ...errors },
      },
    },
    async () => audit.verify(),
  );
}
