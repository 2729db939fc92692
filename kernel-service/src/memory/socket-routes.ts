import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { callerOf, type SocketRoutes } from '../socket/index.js';
import { startOfRunContext } from './context.js';
import type { EpisodeRecorder } from './episodes.js';
import type { MemoryService } from './service.js';
import type { SocialMemory } from './social.js';
import { memoryToWire, RecallBody, RememberBody, ReviewBody } from './wire.js';

export interface MemorySocketDeps {
  memory: MemoryService;
  social: SocialMemory;
  episodes: EpisodeRecorder;
}

/**
 * Memory on the kernel socket (/v1/memory/...): always the caller's own identity (from the
 * socket, never from the body) and the spaces it is a member of.
 */
export function memorySocketRoutes(deps: MemorySocketDeps): SocketRoutes {
  const { memory, social, episodes } = deps;
  return (app: FastifyInstance): void => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.post('/v1/memory/context', { schema: { body: Type.Object({ goal: Type.String({ maxLength: 20_000 }) }) } }, async (req) => {
      const { pid, agent } = callerOf(req);
      episodes.begin(pid, agent, req.body.goal);
      return { text: await startOfRunContext(memory, social, agent, pid, req.body.goal), retrieval: memory.retrieval };
    });

    r.post('/v1/memory/remember', { schema: { body: RememberBody } }, async (req) => {
      const { pid, agent } = callerOf(req);
      const m = await memory.remember(agent, pid, { ...req.body, layer: req.body.layer ?? 'semantic' });
      return memoryToWire(m);
    });

    r.post('/v1/memory/recall', { schema: { body: RecallBody } }, async (req) => {
      const { pid, agent } = callerOf(req);
      const result = await memory.recall(agent, pid, req.body);
      return { ...result, memories: result.memories.map(memoryToWire) };
    });

    r.delete('/v1/memory/:id', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) } }, async (req) => {
      memory.forget(callerOf(req).agent, req.params.id);
      return { forgotten: req.params.id };
    });

    r.post('/v1/memory/review', { schema: { body: ReviewBody } }, async (req) => {
      const { pid, agent } = callerOf(req);
      return social.review(agent, pid, req.body.subject, req.body.good, req.body.note);
    });

    r.get(
      '/v1/memory/social',
      { schema: { querystring: Type.Object({ subject: Type.Optional(Type.String({ maxLength: 200 })) }) } },
      async (req) => ({ ties: social.ties(callerOf(req).agent, req.query.subject) }),
    );
  };
}
