import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AetherError } from '../errors/index.js';
import { callHash } from '../authority/index.js';
import { callerOf } from '../socket/index.js';
import type { Children } from './children.js';
import type { RunService } from './service.js';
import { STEP_KINDS, type StepKind } from './types.js';

const CallId = Type.String({ minLength: 1, maxLength: 128 });
const StepBody = Type.Object(
  {
    n: Type.Integer({ minimum: 0 }),
    kind: Type.Unsafe<StepKind>({ type: 'string', enum: [...STEP_KINDS] }),
    text: Type.Optional(Type.String({ maxLength: 200_000 })),
    tool: Type.Optional(Type.String({ maxLength: 64 })),
    arguments: Type.Optional(Type.Unknown()),
    output: Type.Optional(Type.String({ maxLength: 200_000 })),
    isError: Type.Optional(Type.Boolean()),
    callId: Type.Optional(CallId),
  },
  { additionalProperties: false },
);

/** Aborted when the runtime's request goes away (it was stopped, or restarted its call). */
function gone(reply: FastifyReply): AbortSignal {
  const ac = new AbortController();
  // The response's close, not the socket's: connections are kept alive across requests.
  reply.raw.once('close', () => ac.abort());
  return ac.signal;
}

/**
 * A long-poll for a person (question, approval) lasts at most `maxMs` (protection.longPollMaxMs):
 * then STILL_WAITING, and the runtime asks again with the same callId, which waits on the same
 * question. Nothing an agent sends holds a kernel connection longer.
 */
async function bounded<T>(reply: FastifyReply, maxMs: number, wait: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = AbortSignal.timeout(maxMs);
  try {
    return await wait(AbortSignal.any([gone(reply), deadline]));
  } catch (err) {
    if (!deadline.aborted) throw err;
    throw new AetherError('STILL_WAITING', `No decision within ${maxMs} ms; ask again with the same callId to keep waiting.`, {
      details: { waitedMs: maxMs },
    });
  }
}

/** The runtime's system calls on the kernel socket: its run, steps, checkpoints, humans and children. */
export function runSocketRoutes(runs: RunService, children: Children, longPollMaxMs = 300_000) {
  return (app: FastifyInstance): void => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.get('/v1/run', async (req) => {
      const { pid } = callerOf(req);
      return { run: runs.get(pid), checkpoint: runs.repo.checkpoint(pid) };
    });

    r.post('/v1/run/steps', { schema: { body: StepBody } }, async (req, reply) => {
      const { pid } = callerOf(req);
      const step = runs.recordStep(pid, req.body);
      if (req.body.kind !== 'tool_call') return { id: step.id };
      // A tool call is a request for permission: the kernel holds the tool set and the policy.
      // Keyed by the turn and the model's call id: ids like call_0 recur every turn, turns do not.
      const decision = await runs.authorize(
        pid,
        `n${req.body.n}:${req.body.callId ?? `step-${step.id}`}`,
        req.body.tool ?? '',
        req.body.arguments,
        gone(reply),
      );
      return { id: step.id, ...decision };
    });

    r.put(
      '/v1/run/checkpoint',
      { schema: { body: Type.Object({ step: Type.Integer({ minimum: 0 }), state: Type.Unknown() }) } },
      async (req) => {
        const { pid } = callerOf(req);
        runs.get(pid);
        runs.repo.saveCheckpoint(pid, req.body.state, req.body.step);
        return { ok: true };
      },
    );

    r.post(
      '/v1/run/complete',
      { schema: { body: Type.Object({ result: Type.String({ maxLength: 100_000 }), success: Type.Boolean() }) } },
      async (req) => {
        runs.complete(callerOf(req).pid, req.body.result, req.body.success);
        return { ok: true };
      },
    );

    r.post(
      '/v1/human/questions',
      { schema: { body: Type.Object({ question: Type.String({ minLength: 1, maxLength: 10_000 }), callId: CallId }) } },
      async (req, reply) => {
        const q = await bounded(reply, longPollMaxMs, (signal) =>
          runs.ask(callerOf(req).pid, req.body.callId, req.body.question, signal),
        );
        return { answer: q.answer };
      },
    );

    r.post(
      '/v1/human/approvals',
      {
        schema: {
          body: Type.Object({
            action: Type.String({ minLength: 1, maxLength: 2000 }),
            details: Type.Optional(Type.String({ maxLength: 20_000 })),
            callId: CallId,
          }),
        },
      },
      async (req, reply) => {
        const { pid } = callerOf(req);
        const why = 'the agent asked for approval';
        const args = { action: req.body.action, details: req.body.details };
        // Bound to what the person is shown (callId is unique per step already, see authority/install.ts).
        const key = `${req.body.callId}#${callHash('request_approval', args)}`;
        const a = await bounded(reply, longPollMaxMs, (signal) =>
          runs.awaitApproval(pid, key, 'request_approval', args, why, signal),
        );
        return { approved: a.state === 'approved', reason: a.reason };
      },
    );

    r.post(
      '/v1/agents',
      {
        schema: {
          body: Type.Object({
            goal: Type.String({ minLength: 1, maxLength: 20_000 }),
            template: Type.Optional(Type.String({ maxLength: 64 })),
            name: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$' })),
            callId: CallId,
          }),
        },
      },
      async (req) => children.spawn(callerOf(req), req.body),
    );

    r.get('/v1/agents', async (req) => ({ agents: children.views(callerOf(req).pid) }));

    r.get(
      '/v1/agents/:pid/wait',
      {
        schema: {
          params: Type.Object({ pid: Type.Integer({ minimum: 1 }) }),
          querystring: Type.Object({ timeoutMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400_000 })) }),
        },
      },
      // Clamped to protection.longPollMaxMs: the answer then says the child still runs, and the caller waits again.
      async (req, reply) =>
        children.wait(callerOf(req).pid, req.params.pid, Math.min(req.query.timeoutMs ?? 600_000, longPollMaxMs), gone(reply)),
    );
  };
}
