import type { FastifyInstance } from 'fastify';
import type { EventBus } from '../../events/index.js';
import { sendBounded } from '../../protection/index.js';

/**
 * GET /api/v1/events (WebSocket): every kernel event as one JSON text frame.
 * The first frame is {"type":"hello","protocol":1} so clients can check the version.
 * A client that falls more than `maxBuffered` bytes behind is dropped (it reconnects).
 */
export function eventRoutes(app: FastifyInstance, events: EventBus, maxBuffered = 8 * 1024 * 1024): void {
  app.get(
    '/events',
    { websocket: true, schema: { tags: ['events'], summary: 'Lifecycle event stream (WebSocket)' } },
    (socket) => {
      socket.send(JSON.stringify({ type: 'hello', protocol: 1 }));
      const unsubscribe = events.subscribe((event) => {
        sendBounded(socket, JSON.stringify(event), maxBuffered, () => {
          unsubscribe();
          app.log.warn('dropped a WebSocket event client that fell behind');
        });
      });
      socket.on('close', unsubscribe);
      socket.on('error', unsubscribe);
    },
  );
}
