import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { WebSocket } from 'ws';
import type { EventBus, KernelEvent } from '../../events/index.js';
import { sendBounded } from '../../protection/index.js';
import { DEFAULT_LIMIT, PageQuery } from '../pagination.js';
import { ErrorBody } from '../schemas.js';

const AfterQuery = Type.Object(
  {
    after: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Only events with a larger seq (the last seq the client saw); 0: from the oldest kept',
      }),
    ),
    limit: PageQuery.limit,
    token: Type.Optional(
      Type.String({ maxLength: 512, description: 'WebSocket only: the bearer token (browsers cannot set headers)' }),
    ),
  },
  { additionalProperties: false },
);
const EventBody = Type.Object(
  { seq: Type.Integer(), type: Type.String() },
  { additionalProperties: true, description: 'A kernel event; its other fields depend on type' },
);
const EventPage = Type.Object({
  events: Type.Array(EventBody),
  nextAfter: Type.Integer({ description: 'Pass as after= for the next page (the last seq here, or after itself)' }),
});

/** Replayed in pages this size while a WebSocket catches up. */
const REPLAY_PAGE = 500;

/**
 * GET /api/v1/events: the kernel's events, from the events table (seq = row id).
 * - plain HTTP: a page of stored events after ?after=, as JSON;
 * - WebSocket: {"type":"hello","protocol":1} first, then every stored event after ?after= in
 *   order, then live ones. The subscription starts before the replay and live events are held
 *   until it ends, each sent only if its seq is above the last one sent: no gap, no duplicate.
 * A client that falls more than `maxBuffered` bytes behind is dropped (protection/); it
 * reconnects with ?after=<last seq it saw> and misses nothing.
 */
export function eventRoutes(app: FastifyInstance, events: EventBus, maxBuffered = 8 * 1024 * 1024): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.route({
    method: 'GET',
    url: '/events',
    schema: {
      tags: ['events'],
      operationId: 'listEvents',
      summary: 'Stored kernel events after a seq (JSON); the same URL as a WebSocket streams them, then live ones',
      querystring: AfterQuery,
      response: { 200: EventPage, 400: ErrorBody, 401: ErrorBody },
    },
    handler: async (req) => {
      const after = req.query.after ?? 0;
      const page = events.replay(after, req.query.limit ?? DEFAULT_LIMIT);
      return { events: page, nextAfter: page.length ? page[page.length - 1]!.seq : after };
    },
    wsHandler: (socket, req) => {
      const after = (req.query as { after?: number }).after;
      stream(socket, after, events, maxBuffered, () => app.log.warn('dropped a WebSocket event client that fell behind'));
    },
  });
}

function stream(socket: WebSocket, after: number | undefined, events: EventBus, maxBuffered: number, onDrop: () => void) {
  socket.send(JSON.stringify({ type: 'hello', protocol: 1 }));
  let last = after ?? -1;
  let held: KernelEvent[] | null = after !== undefined ? [] : null;
  let dropped = false;
  const send = (e: KernelEvent) => {
    if (dropped || e.seq <= last) return;
    last = e.seq;
    if (!sendBounded(socket, JSON.stringify(e), maxBuffered, onDrop)) {
      dropped = socket.readyState !== socket.OPEN;
      if (dropped) unsubscribe();
    }
  };
  const unsubscribe = events.subscribe((e) => (held ? held.push(e) : send(e)));
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);
  if (held === null) return;
  // Catch up from the table (synchronous reads: no live event is sent in between), then the held ones.
  for (let page = events.replay(last, REPLAY_PAGE); page.length > 0 && !dropped; page = events.replay(last, REPLAY_PAGE)) {
    for (const e of page) send(e);
  }
  for (const e of held) send(e);
  held = null;
}
