import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ProcessRecord, Supervisor } from '../../agents/index.js';
import { parseSignal } from '../../sandbox/index.js';
import { ErrorBody, ListQuery, PidParams, ProcessBody, ProcessList, SignalBody, SpawnBody } from '../schemas.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toApi(p: ProcessRecord) {
  return { ...p, createdAt: iso(p.createdAt), startedAt: iso(p.startedAt), endedAt: iso(p.endedAt) };
}

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 502: ErrorBody, 503: ErrorBody };

/** Processes are addressed by kernel PID: /api/v1/agents/:pid is one run of an agent. */
export function agentRoutes(app: FastifyInstance, supervisor: Supervisor): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['processes'];

  r.post(
    '/agents',
    { schema: { tags, summary: 'Spawn a process in a new sandbox', body: SpawnBody, response: { 201: ProcessBody, ...errors } } },
    async (req, reply) => reply.status(201).send(toApi(await supervisor.spawn(req.body))),
  );

  r.get(
    '/agents',
    { schema: { tags, summary: 'List processes', querystring: ListQuery, response: { 200: ProcessList, ...errors } } },
    async (req) => ({ processes: supervisor.list(req.query.state ? [req.query.state] : undefined).map(toApi) }),
  );

  r.get(
    '/agents/:pid',
    { schema: { tags, summary: 'One process', params: PidParams, response: { 200: ProcessBody, ...errors } } },
    async (req) => toApi(supervisor.get(req.params.pid)),
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
    async (req) => toApi(await supervisor.signal(req.params.pid, parseSignal(req.body.signal))),
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
    async (req) => toApi(await supervisor.pause(req.params.pid)),
  );

  r.post(
    '/agents/:pid/resume',
    { schema: { tags, summary: 'Thaw a paused sandbox', params: PidParams, response: { 200: ProcessBody, ...errors } } },
    async (req) => toApi(await supervisor.resume(req.params.pid)),
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
    async (req) => toApi(await supervisor.terminate(req.params.pid)),
  );
}
