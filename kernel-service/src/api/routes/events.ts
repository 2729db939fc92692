import type { FastifyInstance } from 'fastify';
import type { EventBus } from '../../events/index.js';

/**
 * GET /api/v1/events (WebSocket): every kernel event as one JSON text frame.
 * The first frame is {"type":"hello","protocol":1} so clients can check the version.
 */
export function eventRoutes(app: FastifyInstance, events: EventBus): void {
  app.get(
    '/events',
    { websocket: true, schema: { tags: ['events'], summary: 'Lifecycle event stream (WebSocket)' } },
    (socket) => {
      socket.send(JSON.stringify({ type: 'hello', protocol: 1 }));
      const unsubscribe = events.subscribe((event) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
      });
      socket.on('close', unsubscribe);
      socket.on('error', unsubscribe);
    },
  );
}
