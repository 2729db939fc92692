import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ProcessRecord, Supervisor } from '../../agents/index.js';
import { AetherError } from '../../errors/index.js';
import type { RunService, RunView } from '../../runs/service.js';
import { parseSignal } from '../../sandbox/index.js';
import { ErrorBody, ListQuery, PidParams, ProcessBody, ProcessList, SignalBody, SpawnBody } from '../schemas.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toApi(p: ProcessRecord, extra?: RunView) {
  return { ...p, createdAt: iso(p.createdAt), startedAt: iso(p.startedAt), endedAt: iso(p.endedAt), ...(extra ?? {}) };
}

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 502: ErrorBody, 503: ErrorBody };

/** Processes are addressed by kernel PID: /api/v1/agents/:pid is one run of an agent. */
export function agentRoutes(app: FastifyInstance, supervisor: Supervisor, runs: RunService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['processes'];
  const one = (p: ProcessRecord) => toApi(p, runs.views([p.pid]).get(p.pid));
  const many = (ps: ProcessRecord[]) => {
    const views = runs.views(ps.map((p) => p.pid));
    return ps.map((p) => toApi(p, views.get(p.pid)));
  };

  r.post(
    '/agents',
    { schema: { tags, summary: 'Spawn a process in a new sandbox', body: SpawnBody, response: { 201: ProcessBody, ...errors } } },
    async (req, reply) => {
      const { command, goal, template, model, tools, maxSteps, tokenBudget, approval, resumeFrom, plugins, ...common } = req.body;
      const runFields = { goal, template, model, tools, maxSteps, tokenBudget, approval, resumeFrom, plugins };
      const given = Object.entries(runFields).filter(([, v]) => v !== undefined);
      if (command && given.length > 0) {
        throw new AetherError(
          'VALIDATION_FAILED',
          `${given.map(([k]) => k).join(', ')} belong to agent runs; give either command (a program) or goal (the agent runtime).`,
        );
      }
      const created = command
        ? await supervisor.spawn({ ...common, command })
        : await runs.spawn({ ...common, ...Object.fromEntries(given) });
      return reply.status(201).send(one(created));
    },
  );

  r.get(
    '/agents',
    { schema: { tags, summary: 'List processes', querystring: ListQuery, response: { 200: ProcessList, ...errors } } },
    async (req) => ({ processes: many(supervisor.list(req.query.state ? [req.query.state] : undefined)) }),
  );

  r.get(
    '/agents/:pid',
    { schema: { tags, summary: 'One process', params: PidParams, response: { 200: ProcessBody, ...errors } } },
    async (req) => one(supervisor.get(req.params.pid)),
  );

  r.post(
    '/agents/:pid/signal',
    {
      schema: {
        tags,
        summary: 'Send a POSIX signal to the main program',
        params: PidParams,
        body: SignalBody,
        response: { 200: ProcessBody, ...errors },
      },
    },
    async (req) => one(await supervisor.signal(req.params.pid, parseSignal(req.body.signal))),
  );

  r.post(
    '/agents/:pid/pause',
    {
      schema: {
        tags,
        summary: 'Freeze every process of the sandbox (memory kept)',
        params: PidParams,
        response: { 200: ProcessBody, ...errors },
      },
    },
    async (req) => one(await supervisor.pause(req.params.pid)),
  );

  r.post(
    '/agents/:pid/resume',
    { schema: { tags, summary: 'Thaw a paused sandbox', params: PidParams, response: { 200: ProcessBody, ...errors } } },
    async (req) => one(await supervisor.resume(req.params.pid)),
  );

  r.delete(
    '/agents/:pid',
    {
      schema: {
        tags,
        summary: 'Terminate: SIGTERM, then SIGKILL after the grace period; returns the final record',
        params: PidParams,
        response: { 200: ProcessBody, ...errors },
      },
    },
    async (req) => one(await supervisor.terminate(req.params.pid)),
  );
}
