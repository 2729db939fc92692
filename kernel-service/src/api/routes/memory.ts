import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import {
  agentOwner,
  LayerSchema,
  MemoryBody,
  memoryToWire,
  RecallResponse,
  spaceOwner,
  SpaceName,
  type MemoryService,
  type Owner,
  type SocialMemory,
} from '../../memory/index.js';
import { ErrorBody } from '../schemas.js';
import { NextCursor, pageOf, PageQuery } from '../pagination.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const AgentParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
const SpaceParams = Type.Object({ name: SpaceName });
const BrowseQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 4000, description: 'search text; without it, newest first' })),
  layer: Type.Optional(LayerSchema),
  subject: Type.Optional(Type.String({ maxLength: 500 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  before: Type.Optional(Type.Integer({ minimum: 1, description: 'page: memories with a smaller id' })),
  spaces: Type.Optional(Type.Boolean({ description: 'also the spaces the agent may read (default true)' })),
});
const SpaceBody = Type.Object({
  name: Type.String(),
  description: Type.String(),
  createdAt: Type.String(),
  members: Type.Array(Type.Object({ agent: Type.String(), access: Type.String() })),
});
const TieBody = Type.Object(
  {
    subject: Type.String(),
    interactions: Type.Integer(),
    positive: Type.Integer(),
    negative: Type.Integer(),
    lastAt: Type.Number(),
    reliability: Type.Number(),
  },
  { additionalProperties: true },
);
const StatusBody = Type.Object({ retrieval: Type.String(), note: Type.Optional(Type.String()) });
const spaceToWire = <S extends { createdAt: number }>(s: S) => ({ ...s, createdAt: new Date(s.createdAt).toISOString() });

/**
 * Browsing and searching memory (Mission Control's memory tab). An agent's memory is shown as
 * that agent sees it: its own and the spaces it is a member of, under the same access rules.
 */
export function memoryRoutes(app: FastifyInstance, memory: MemoryService, social: SocialMemory): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['memory'];

  async function browse(owners: Owner[], q: Static<typeof BrowseQuery>) {
    const layers = q.layer ? [q.layer] : undefined;
    if (q.q) {
      const result = await memory.recallIn(owners, null, { query: q.q, layers, subject: q.subject, limit: q.limit ?? 20 });
      return { ...result, memories: result.memories.map(memoryToWire) };
    }
    const list = memory.list(owners, { layers, subject: q.subject, before: q.before, limit: q.limit });
    return { retrieval: memory.retrieval, memories: list.map(memoryToWire) };
  }

  r.get(
    '/agents/by-name/:name/memory',
    {
      schema: {
        tags,
        operationId: 'listAgentMemory',
        summary: "Browse or search an agent's memory (its own and its spaces')",
        params: AgentParams,
        querystring: BrowseQuery,
        response: { 200: RecallResponse, ...errors },
      },
    },
    async (req) =>
      browse(
        req.query.spaces === false ? [agentOwner(req.params.name)] : memory.spaces.readableOwners(req.params.name),
        req.query,
      ),
  );

  r.post(
    '/agents/by-name/:name/memory',
    {
      schema: {
        tags,
        operationId: 'teachAgentMemory',
        summary: 'Tell an agent something to remember (a human teaching it)',
        params: AgentParams,
        body: Type.Object(
          {
            content: Type.String({ minLength: 1, maxLength: 16_384 }),
            layer: Type.Optional(LayerSchema),
            subject: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
            importance: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: MemoryBody, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          memoryToWire(
            await memory.remember(req.params.name, null, { ...req.body, layer: req.body.layer ?? 'semantic' }, 'human:admin'),
          ),
        ),
  );

  r.get(
    '/agents/by-name/:name/social',
    {
      schema: {
        tags,
        operationId: 'getAgentSocial',
        summary: 'What an agent knows about others: exchanges and reliability (the 50 strongest ties)',
        params: AgentParams,
        response: { 200: Type.Object({ ties: Type.Array(TieBody) }), ...errors },
      },
    },
    async (req) => ({ ties: social.ties(req.params.name) }),
  );

  r.delete(
    '/memory/:id',
    {
      schema: {
        tags,
        operationId: 'forgetMemory',
        summary: 'Forget one memory',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      memory.forgetById(req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/memory/status',
    {
      schema: {
        tags,
        operationId: 'getMemoryStatus',
        summary: 'How recall works on this kernel',
        response: { 200: StatusBody },
      },
    },
    async () => ({
      retrieval: memory.retrieval,
      ...(memory.retrieval === 'fulltext'
        ? { note: 'no embedding model is configured (llm.embeddingModel): full-text recall only' }
        : {}),
    }),
  );

  r.get(
    '/memory/spaces',
    {
      schema: {
        tags,
        operationId: 'listMemorySpaces',
        summary: 'Shared memory spaces and their members',
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Type.Object({ spaces: Type.Array(SpaceBody), nextCursor: NextCursor }), ...errors },
      },
    },
    async (req) => {
      const { page, nextCursor } = pageOf(memory.spaces.list(), req.query);
      return { spaces: page.map(spaceToWire), nextCursor };
    },
  );

  r.post(
    '/memory/spaces',
    {
      schema: {
        tags,
        operationId: 'createMemorySpace',
        summary: 'Create a shared memory space for a team',
        body: Type.Object(
          { name: SpaceName, description: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 201: SpaceBody, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(spaceToWire(memory.spaces.create(req.body.name, req.body.description ?? ''))),
  );

  r.delete(
    '/memory/spaces/:name',
    {
      schema: {
        tags,
        operationId: 'deleteMemorySpace',
        summary: 'Delete a space and its memories',
        params: SpaceParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      memory.spaces.remove(req.params.name);
      return reply.status(204).send(null);
    },
  );

  r.put(
    '/memory/spaces/:name/members/:agent',
    {
      schema: {
        tags,
        operationId: 'setMemorySpaceMember',
        summary: "Set an agent's access to a space (read, or write which includes read)",
        params: Type.Object({ name: SpaceName, agent: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Type.Object({ access: Type.Union([Type.Literal('read'), Type.Literal('write')]) }, { additionalProperties: false }),
        response: { 200: SpaceBody, ...errors },
      },
    },
    async (req) => spaceToWire(memory.spaces.setMember(req.params.name, req.params.agent, req.body.access)),
  );

  r.delete(
    '/memory/spaces/:name/members/:agent',
    {
      schema: {
        tags,
        operationId: 'removeMemorySpaceMember',
        summary: 'Remove an agent from a space',
        params: Type.Object({ name: SpaceName, agent: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: SpaceBody, ...errors },
      },
    },
    async (req) => spaceToWire(memory.spaces.setMember(req.params.name, req.params.agent, null)),
  );

  r.get(
    '/memory/spaces/:name/memory',
    {
      schema: {
        tags,
        operationId: 'listMemorySpaceMemory',
        summary: "Browse or search a space's memory",
        params: SpaceParams,
        querystring: BrowseQuery,
        response: { 200: RecallResponse, ...errors },
      },
    },
    async (req) => {
      memory.spaces.get(req.params.name);
      return browse([spaceOwner(req.params.name)], req.query);
    },
  );
}
