import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { expandTools, templateKind, TEMPLATES } from '../../runs/templates.js';
import type { RunService } from '../../runs/service.js';
import { PidParams } from '../schemas.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const dated = <T extends { createdAt: number }>(x: T) => ({
  ...x,
  createdAt: iso(x.createdAt),
  ...('decidedAt' in x ? { decidedAt: iso(x.decidedAt as number | null) } : {}),
  ...('answeredAt' in x ? { answeredAt: iso(x.answeredAt as number | null) } : {}),
});

/** Templates, tools, the steps of runs, and the human side of runs: approvals and questions. */
export function runRoutes(app: FastifyInstance, runs: RunService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/templates',
    { schema: { tags: ['runs'], summary: 'Agent templates: prompt, granted tools, limits, approval policy' } },
    async () => ({
      templates: TEMPLATES.map((t) => ({ ...t, kind: templateKind(t), tools: expandTools(t.tools, runs.knownTools()) })),
    }),
  );

  r.get('/tools', { schema: { tags: ['runs'], summary: 'Every registered tool' } }, async () => ({ tools: runs.knownTools() }));

  r.get(
    '/agents/:pid/steps',
    {
      schema: {
        tags: ['runs'],
        summary: 'The steps of a run (thoughts, tool calls, observations), oldest first',
        params: PidParams,
        querystring: Type.Object(
          {
            after: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      runs.get(req.params.pid);
      return { steps: runs.repo.steps(req.params.pid, req.query.after ?? 0, req.query.limit ?? 200) };
    },
  );

  r.get(
    '/approvals',
    {
      schema: {
        tags: ['runs'],
        summary: 'Tool calls waiting for (or decided by) a human',
        querystring: Type.Object(
          {
            state: Type.Optional(
              Type.Unsafe<'pending' | 'approved' | 'denied'>({ type: 'string', enum: ['pending', 'approved', 'denied'] }),
            ),
            pid: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => ({ approvals: runs.repo.approvals(req.query.state, req.query.pid).map(dated) }),
  );

  r.post(
    '/approvals/:id',
    {
      schema: {
        tags: ['runs'],
        summary: 'Approve or deny; the agent receives the decision and the reason as an observation',
        params: IdParams,
        body: Type.Object(
          {
            decision: Type.Unsafe<'approve' | 'deny'>({ type: 'string', enum: ['approve', 'deny'] }),
            reason: Type.Optional(Type.String({ maxLength: 5000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => dated(runs.decide(req.params.id, req.body.decision, req.body.reason ?? null, 'admin')),
  );

  r.get(
    '/questions',
    {
      schema: {
        tags: ['runs'],
        summary: 'Questions agents asked humans',
        querystring: Type.Object(
          {
            state: Type.Optional(Type.Unsafe<'open' | 'answered'>({ type: 'string', enum: ['open', 'answered'] })),
            pid: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => ({ questions: runs.repo.questions(req.query.state, req.query.pid).map(dated) }),
  );

  r.post(
    '/questions/:id',
    {
      schema: {
        tags: ['runs'],
        summary: 'Answer a question; the agent continues with the answer',
        params: IdParams,
        body: Type.Object({ answer: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false }),
      },
    },
    async (req) => dated(runs.answer(req.params.id, req.body.answer)),
  );
}
