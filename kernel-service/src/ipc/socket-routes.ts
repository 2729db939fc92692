import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { callerOf, type SocketRoutes } from '../socket/index.js';
import type { IpcService } from './service.js';
import { addressOf, messageToWire, PublishBody, ReplyBody, RequestBody, SendBody, TopicBody } from './wire.js';

/**
 * IPC on the kernel socket (/v1/ipc/...). The sender is always the calling process; a process
 * reads only its own mailbox (its pid's messages and its agent's that it claimed).
 */
export function ipcSocketRoutes(ipc: IpcService, longPollMaxMs = 300_000): SocketRoutes {
  return (app: FastifyInstance): void => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.post('/v1/ipc/send', { schema: { body: SendBody } }, async (req) => {
      const { pid, agent } = callerOf(req);
      return messageToWire(ipc.send({ pid, agent }, addressOf(req.body.to), req.body));
    });

    r.post('/v1/ipc/publish', { schema: { body: PublishBody } }, async (req) => {
      const { pid, agent } = callerOf(req);
      return ipc.publish({ pid, agent }, req.body.topic, req.body);
    });

    r.post('/v1/ipc/subscribe', { schema: { body: TopicBody } }, async (req) => {
      ipc.subscribe(callerOf(req).agent, req.body.topic);
      return { subscribed: req.body.topic, topics: ipc.topics.subscriptionsOf(callerOf(req).agent) };
    });

    r.post('/v1/ipc/unsubscribe', { schema: { body: TopicBody } }, async (req) => {
      ipc.unsubscribe(callerOf(req).agent, req.body.topic);
      return { unsubscribed: req.body.topic, topics: ipc.topics.subscriptionsOf(callerOf(req).agent) };
    });

    r.post('/v1/ipc/request', { schema: { body: RequestBody } }, async (req) => {
      const { pid, agent } = callerOf(req);
      // protection.longPollMaxMs bounds how long a request holds its connection (and so its timeout).
      const timeoutMs = Math.min(req.body.timeoutMs ?? 30_000, longPollMaxMs);
      const reply = await ipc.request({ pid, agent }, addressOf(req.body.to), req.body, timeoutMs);
      return messageToWire(reply);
    });

    r.post('/v1/ipc/reply', { schema: { body: ReplyBody } }, async (req) => {
      const { pid, agent } = callerOf(req);
      return messageToWire(ipc.reply({ pid, agent }, req.body.correlationId, req.body));
    });

    /** Receive: unread messages (waitMs long-polls for the first); they stay unread until POST /v1/ipc/ack. */
    r.get(
      '/v1/ipc/messages',
      {
        schema: {
          querystring: Type.Object({
            waitMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 300_000 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          }),
        },
      },
      async (req, reply) => {
        // The response's close: the caller hung up (or we answered); a waiting receive stops then.
        const closed = new AbortController();
        reply.raw.once('close', () => closed.abort());
        const waitMs = Math.min(req.query.waitMs ?? 0, longPollMaxMs);
        const got = await ipc.receive(callerOf(req).pid, { ...req.query, waitMs, signal: closed.signal });
        return { messages: got.map(messageToWire) };
      },
    );

    r.post(
      '/v1/ipc/ack',
      { schema: { body: Type.Object({ ids: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000 }) }) } },
      async (req) => ({ acked: ipc.read(callerOf(req).pid, req.body.ids).map((m) => m.id) }),
    );

    r.get('/v1/ipc/agents', async (req) => ({
      self: callerOf(req),
      processes: ipc.directory.live(),
      topics: ipc.topics.subscriptionsOf(callerOf(req).agent),
    }));
  };
}
