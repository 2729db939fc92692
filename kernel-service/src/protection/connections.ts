import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { errorCatalogue } from '../errors/catalogue.js';

/** One server's bounds (config protection.api / protection.socket). */
export interface ServerLimits {
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
}

const HINT = errorCatalogue.TOO_MANY_CONNECTIONS.hint;

function refusal(kind: 'api' | 'socket'): string {
  const body = JSON.stringify(
    kind === 'api'
      ? { code: 'TOO_MANY_CONNECTIONS', message: 'The kernel API holds its maximum of connections.', hint: HINT }
      : {
          error: {
            message: 'This kernel socket holds its maximum of connections.',
            type: 'TOO_MANY_CONNECTIONS',
            code: 'TOO_MANY_CONNECTIONS',
            hint: HINT,
          },
        },
  );
  return [
    'HTTP/1.1 503 Service Unavailable',
    'content-type: application/json; charset=utf-8',
    'connection: close',
    `content-length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * An HTTP(S) server that bounds what one client can make it hold: a cap on open connections
 * (one more gets a 503 TOO_MANY_CONNECTIONS and is closed; none of its requests is handled), a
 * deadline for the request head and for the whole request (a slow-loris sender is cut off; the
 * answer itself may take as long as a long-poll is allowed), and an idle timeout between
 * kept-alive requests. There is no inactivity timeout on a request in flight: how long an answer
 * may take is each route's bound (protection.longPollMaxMs, llm.timeoutMs). Node checks the request deadlines every
 * connectionsCheckingInterval, a fraction of the shortest deadline here.
 */
export function createGuardedServer(
  handler: Handler,
  limits: ServerLimits,
  kind: 'api' | 'socket',
  tls?: { cert: Buffer; key: Buffer },
): Server {
  const refused = new WeakSet<Socket>();
  const guarded: Handler = (req, res) => {
    if (refused.has(req.socket)) return void req.socket.destroy();
    handler(req, res);
  };
  const connectionsCheckingInterval = Math.max(250, Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4);
  const server: Server = tls
    ? createHttpsServer({ ...tls, connectionsCheckingInterval }, guarded)
    : createServer({ connectionsCheckingInterval }, guarded);
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.idleTimeoutMs;
  server.timeout = 0;
  const open = new Set<Socket>();
  const answer = refusal(kind);
  // Before node's own listener, so the socket is marked before any of its requests is parsed.
  // Counted at the TCP level (a TLS handshake is held too); over TLS the refusal is a plain close.
  server.prependListener('connection', (socket: Socket) => {
    if (open.size >= limits.maxConnections) {
      refused.add(socket);
      socket.on('error', () => undefined);
      if (tls) socket.destroy();
      else socket.end(answer, () => socket.destroy());
      return;
    }
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  // An upgrade (WebSocket) skips the request handler: a refused socket is ended here too, before
  // the WebSocket server sees it (it refuses sockets that are no longer readable).
  server.prependListener('upgrade', (req: IncomingMessage) => {
    if (refused.has(req.socket)) req.socket.destroy();
  });
  return server;
}
