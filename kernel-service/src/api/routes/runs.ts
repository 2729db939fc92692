import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { expandTools, templateKind, TEMPLATES } from '../../runs/templates.js';
import type { RunService } from '../../runs/service.js';
import { ErrorBody, LimitsInput, PidParams } from '../schemas.js';
import { NextCursor, pageOf, PageQuery } from '../pagination.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Loose = { additionalProperties: true };
const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Time = Nullable(Type.String({ format: 'date-time' }));
const TemplateBody = Type.Object(
  {
    name: Type.String(),
    description: Type.String(),
    prompt: Type.String(),
    tools: Type.Array(Type.String()),
    limits: LimitsInput,
    network: Type.String(),
    maxSteps: Type.Integer(),
    tokenBudget: Type.Integer(),
    contextTokens: Type.Integer(),
    approval: Type.Object({}, Loose),
    model: Nullable(Type.String()),
    kind: Type.Union([Type.Literal('agent'), Type.Literal('program')], {
      description: 'agent: the Aether runtime; program: a packaged agent program (claude-code, codex)',
    }),
  },
  Loose,
);
const ToolBody = Type.Object({ name: Type.String(), category: Type.String() }, Loose);
const StepBody = Type.Object(
  {
    id: Type.Integer(),
    pid: Type.Integer(),
    n: Type.Integer(),
    kind: Type.String(),
    text: Type.Optional(Type.String()),
    tool: Type.Optional(Type.String()),
    arguments: Type.Optional(Type.Unknown()),
    output: Type.Optional(Type.String()),
    isError: Type.Optional(Type.Boolean()),
    callId: Type.Optional(Type.String()),
    at: Type.Number(),
  },
  Loose,
);
const ApprovalBody = Type.Object(
  {
    id: Type.Integer(),
    pid: Type.Integer(),
    agent: Type.String(),
    callId: Type.String(),
    tool: Type.String(),
    arguments: Type.Unknown(),
    why: Type.String(),
    state: Type.String({ enum: ['pending', 'approved', 'denied'] }),
    reason: Nullable(Type.String()),
    decidedBy: Nullable(Type.String()),
    createdAt: Time,
    decidedAt: Time,
  },
  Loose,
);
const QuestionBody = Type.Object(
  {
    id: Type.Integer(),
    pid: Type.Integer(),
    agent: Type.String(),
    callId: Type.String(),
    question: Type.String(),
    state: Type.String({ enum: ['open', 'answered'] }),
    answer: Nullable(Type.String()),
    createdAt: Time,
    answeredAt: Time,
  },
  Loose,
);
const Paged = Type.Object(PageQuery, { additionalProperties: false });

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
    {
      schema: {
        tags: ['runs'],
        operationId: 'listTemplates',
        summary: 'Agent templates: prompt, granted tools, limits, approval policy',
        querystring: Paged,
        response: { 200: Type.Object({ templates: Type.Array(TemplateBody), nextCursor: NextCursor }), ...errors },
      },
    },
    async (req) => {
      const { page, nextCursor } = pageOf(TEMPLATES, req.query);
      return {
        templates: page.map((t) => ({ ...t, kind: templateKind(t), tools: expandTools(t.tools, runs.knownTools()) })),
        nextCursor,
      };
    },
  );

  r.get(
    '/tools',
    {
      schema: {
        tags: ['runs'],
        operationId: 'listTools',
        summary: 'Every registered tool',
        querystring: Paged,
        response: { 200: Type.Object({ tools: Type.Array(ToolBody), nextCursor: NextCursor }), ...errors },
      },
    },
    async (req) => {
      const { page, nextCursor } = pageOf(runs.knownTools(), req.query);
      return { tools: page, nextCursor };
    },
  );

  r.get(
    '/agents/:pid/steps',
    {
      schema: {
        tags: ['runs'],
        operationId: 'listAgentSteps',
        summary: 'The steps of a run (thoughts, tool calls, observations), oldest first; page with after= (the last step id)',
        params: PidParams,
        response: { 200: Type.Object({ steps: Type.Array(StepBody) }), ...errors },
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
        operationId: 'listApprovals',
        summary: 'Tool calls waiting for (or decided by) a human',
        querystring: Type.Object(
          {
            state: Type.Optional(
              Type.Unsafe<'pending' | 'approved' | 'denied'>({ type: 'string', enum: ['pending', 'approved', 'denied'] }),
            ),
            pid: Type.Optional(Type.Integer({ minimum: 1 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ approvals: Type.Array(ApprovalBody), nextCursor: NextCursor }), ...errors },
      },
    },
    async (req) => {
      const { page, nextCursor } = pageOf(runs.repo.approvals(req.query.state, req.query.pid), req.query);
      return { approvals: page.map(dated), nextCursor };
    },
  );

  r.post(
    '/approvals/:id',
    {
      schema: {
        tags: ['runs'],
        operationId: 'decideApproval',
        summary: 'Approve or deny; the agent receives the decision and the reason as an observation',
        response: { 200: ApprovalBody, ...errors },
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
        operationId: 'listQuestions',
        summary: 'Questions agents asked humans',
        querystring: Type.Object(
          {
            state: Type.Optional(Type.Unsafe<'open' | 'answered'>({ type: 'string', enum: ['open', 'answered'] })),
            pid: Type.Optional(Type.Integer({ minimum: 1 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ questions: Type.Array(QuestionBody), nextCursor: NextCursor }), ...errors },
      },
    },
    async (req) => {
      const { page, nextCursor } = pageOf(runs.repo.questions(req.query.state, req.query.pid), req.query);
      return { questions: page.map(dated), nextCursor };
    },
  );

  r.post(
    '/questions/:id',
    {
      schema: {
        tags: ['runs'],
        operationId: 'answerQuestion',
        summary: 'Answer a question; the agent continues with the answer',
        response: { 200: QuestionBody, ...errors },
        params: IdParams,
        body: Type.Object({ answer: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false }),
      },
    },
    async (req) => dated(runs.answer(req.params.id, req.body.answer)),
  );
}
