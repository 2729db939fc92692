import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Supervisor } from '../../agents/index.js';
import { MessageBody, messageToWire, Text, TopicName, type IpcService, type Topic } from '../../ipc/index.js';
import { ErrorBody, PidParams } from '../schemas.js';
import { NextCursor, pageOf, PageQuery } from '../pagination.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };
const Page = Type.Object({
  before: Type.Optional(Type.Integer({ minimum: 1, description: 'page: messages with a smaller id' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
const HumanMessage = Type.Object(
  {
    text: Text,
    data: Type.Optional(Type.Unknown()),
    /** Shown to the agent as the sender ("human:<from>"); defaults to "admin". */
    from: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.@-]*$' })),
  },
  { additionalProperties: false },
);
const MessageList = Type.Object({ messages: Type.Array(MessageBody) });
const TopicBody = Type.Object(
  {
    name: Type.String(),
    space: Type.Union([Type.String(), Type.Null()]),
    subscribers: Type.Array(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: true },
);
const Published = Type.Object(
  {
    delivered: Type.Integer({ description: 'Subscribers whose mailbox took it' }),
    refused: Type.Array(Type.Object({}, { additionalProperties: true }), {
      description: 'Subscribers that could not take it, and why',
    }),
  },
  { additionalProperties: true },
);
const topicToWire = (t: Topic) => ({ ...t, createdAt: new Date(t.createdAt).toISOString() });
const human = (from?: string) => ({ pid: null, agent: `human:${from ?? 'admin'}` });

/** Messages for people: read an agent's mailbox and history, and write to an agent or a topic. */
export function messageRoutes(
  app: FastifyInstance,
  ipc: IpcService,
  supervisor: Supervisor,
  /** Throws SPACE_NOT_FOUND for a space that does not exist (memory's Spaces.get). */
  spaceExists: (space: string) => void,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['messages'];

  r.get(
    '/agents/:pid/messages',
    {
      schema: {
        tags,
        operationId: 'listAgentMessages',
        summary: 'Messages to and from one process, newest first',
        params: PidParams,
        querystring: Page,
        response: { 200: MessageList, ...errors },
      },
    },
    async (req) => {
      supervisor.get(req.params.pid);
      return { messages: ipc.history({ pid: req.params.pid }, req.query.before, req.query.limit).map(messageToWire) };
    },
  );

  r.post(
    '/agents/:pid/messages',
    {
      schema: {
        tags,
        operationId: 'sendAgentMessage',
        summary: 'Send a message to a running process (it arrives as an observation)',
        params: PidParams,
        body: HumanMessage,
        response: { 201: MessageBody, ...errors },
      },
    },
    async (req, reply) => {
      supervisor.get(req.params.pid);
      return reply.status(201).send(messageToWire(ipc.send(human(req.body.from), { pid: req.params.pid }, req.body)));
    },
  );

  const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
  r.get(
    '/agents/by-name/:name/messages',
    {
      schema: {
        tags,
        operationId: 'listAgentMessagesByName',
        summary: 'Messages to and from an agent (all its runs), newest first',
        params: NameParams,
        querystring: Page,
        response: { 200: MessageList, ...errors },
      },
    },
    async (req) => ({ messages: ipc.history({ agent: req.params.name }, req.query.before, req.query.limit).map(messageToWire) }),
  );

  r.post(
    '/agents/by-name/:name/messages',
    {
      schema: {
        tags,
        operationId: 'sendAgentMessageByName',
        summary: 'Send a message to an agent: kept in its mailbox until one of its runs reads it',
        params: NameParams,
        body: HumanMessage,
        response: { 201: MessageBody, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(messageToWire(ipc.send(human(req.body.from), { agent: req.params.name }, req.body))),
  );

  r.get(
    '/topics',
    {
      schema: {
        tags,
        operationId: 'listTopics',
        summary: 'Topics, their space and subscribers',
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Type.Object({ topics: Type.Array(TopicBody), nextCursor: NextCursor }), ...errors },
      },
    },
    async (req) => {
      const { page, nextCursor } = pageOf(ipc.topics.list(), req.query);
      return { topics: page.map(topicToWire), nextCursor };
    },
  );

  r.put(
    '/topics/:topic',
    {
      schema: {
        tags,
        operationId: 'putTopic',
        summary: 'Create a topic, or set the space whose members may use it (null: open to all agents)',
        response: { 200: TopicBody, ...errors },
        params: Type.Object({ topic: TopicName }),
        body: Type.Object(
          { space: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      if (req.body.space !== null) spaceExists(req.body.space);
      return topicToWire(ipc.topics.put(req.params.topic, req.body.space, Date.now()));
    },
  );

  r.get(
    '/topics/:topic/messages',
    {
      schema: {
        tags,
        operationId: 'listTopicMessages',
        summary: 'Messages published on a topic, newest first',
        params: Type.Object({ topic: TopicName }),
        querystring: Page,
        response: { 200: MessageList, ...errors },
      },
    },
    async (req) => ({ messages: ipc.history({ topic: req.params.topic }, req.query.before, req.query.limit).map(messageToWire) }),
  );

  r.post(
    '/topics/:topic/messages',
    {
      schema: {
        tags,
        operationId: 'publishTopicMessage',
        summary: "Publish to a topic's subscribers as a human",
        params: Type.Object({ topic: TopicName }),
        body: HumanMessage,
        response: { 200: Published, ...errors },
      },
    },
    async (req) => ipc.publish(human(req.body.from), req.params.topic, req.body),
  );
}
