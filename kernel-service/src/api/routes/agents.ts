import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ProcessRecord, Supervisor } from '../../agents/index.js';
import { AetherError } from '../../errors/index.js';
import type { PolicyState } from '../../policies/index.js';
import type { RunService, RunView } from '../../runs/service.js';
import { parseSignal } from '../../sandbox/index.js';
import { DEFAULT_LIMIT, decodeCursor, encodeCursor } from '../pagination.js';
import {
  ErrorBody,
  LABEL_KEY_PATTERN,
  ListQuery,
  PidParams,
  ProcessBody,
  ProcessList,
  SignalBody,
  SpawnBody,
} from '../schemas.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toApi(p: ProcessRecord, extra?: RunView) {
  return {
    ...p,
    expiresAt: iso(p.expiresAt),
    createdAt: iso(p.createdAt),
    startedAt: iso(p.startedAt),
    endedAt: iso(p.endedAt),
    ...(extra ?? {}),
  };
}

/** The record's policy fields (policies/), timestamps as ISO strings; absent where the kernel has no policies. */
function policyApi(s: PolicyState | null) {
  if (!s) return {};
  const { idle, autoResume, restart, restarts, idleSince, pausedBy } = s;
  return {
    idle,
    autoResume,
    restart,
    restarts: { ...restarts, lastAt: iso(restarts.lastAt) },
    idleSince: iso(idleSince),
    pausedBy,
  };
}

/** "key=value" from ?label=; the key follows the label key rule, the value may be empty. */
function parseLabel(raw: string): [string, string] {
  const at = raw.indexOf('=');
  const key = at < 0 ? raw : raw.slice(0, at);
  if (at < 0 || !new RegExp(LABEL_KEY_PATTERN).test(key) || raw.length - at - 1 > 256) {
    throw new AetherError('VALIDATION_FAILED', `label: "${raw.slice(0, 80)}" is not key=value with a valid key.`);
  }
  return [key, raw.slice(at + 1)];
}

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 502: ErrorBody, 503: ErrorBody };

/** Processes are addressed by kernel PID: /api/v1/agents/:pid is one run of an agent. */
export function agentRoutes(app: FastifyInstance, supervisor: Supervisor, runs: RunService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['processes'];
  const one = (p: ProcessRecord) => ({
    ...toApi(p, runs.views([p.pid]).get(p.pid)),
    ...policyApi(supervisor.policyState(p.pid)),
  });
  const many = (ps: ProcessRecord[]) => {
    const views = runs.views(ps.map((p) => p.pid));
    return ps.map((p) => ({ ...toApi(p, views.get(p.pid)), ...policyApi(supervisor.policyState(p.pid)) }));
  };

  r.post(
    '/agents',
    {
      schema: {
        tags,
        operationId: 'spawnAgent',
        summary: 'Spawn a process in a new sandbox',
        body: SpawnBody,
        response: { 201: ProcessBody, ...errors },
      },
    },
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
    {
      schema: {
        tags,
        operationId: 'listAgents',
        summary: 'List processes, by pid, filtered by state and labels, a page at a time',
        querystring: ListQuery,
        response: { 200: ProcessList, ...errors },
      },
    },
    async (req) => {
      const { state, label, limit = DEFAULT_LIMIT, cursor } = req.query;
      const labels = (label ?? []).map(parseLabel);
      // One more than asked tells whether a next page exists without a COUNT.
      const rows = supervisor.query({
        ...(state ? { states: [state] } : {}),
        labels,
        afterPid: decodeCursor(cursor),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { processes: many(page), nextCursor: rows.length > limit && last ? encodeCursor(last.pid) : null };
    },
  );

  r.get(
    '/agents/:pid',
    {
      schema: {
        tags,
        operationId: 'getAgent',
        summary: 'One process',
        params: PidParams,
        response: { 200: ProcessBody, ...errors },
      },
    },
    async (req) => one(supervisor.get(req.params.pid)),
  );

  r.post(
    '/agents/:pid/signal',
    {
      schema: {
        tags,
        operationId: 'signalAgent',
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
        operationId: 'pauseAgent',
        summary: 'Freeze every process of the sandbox (memory kept)',
        params: PidParams,
        response: { 200: ProcessBody, ...errors },
      },
    },
    async (req) => one(await supervisor.pause(req.params.pid)),
  );

  r.post(
    '/agents/:pid/resume',
    {
      schema: {
        tags,
        operationId: 'resumeAgent',
        summary: 'Thaw a paused sandbox',
        params: PidParams,
        response: { 200: ProcessBody, ...errors },
      },
    },
    async (req) => one(await supervisor.resume(req.params.pid)),
  );

  r.delete(
    '/agents/:pid',
    {
      schema: {
        tags,
        operationId: 'terminateAgent',
        summary: 'Terminate: SIGTERM, then SIGKILL after the grace period; returns the final record',
        params: PidParams,
        response: { 200: ProcessBody, ...errors },
      },
    },
    async (req) => one(await supervisor.terminate(req.params.pid)),
  );
}
