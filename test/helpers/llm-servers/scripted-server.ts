import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A local HTTP server that answers from a queue of scripted replies, one per request, so a test
 * says exactly what the "provider" does: answer, stream, fail with a status, stall, hang up.
 * The provider modules beside this file build replies in each provider's wire format; the
 * SDKs under test cannot tell this server from the real one.
 */
export type Reply =
  | { kind: 'json'; status?: number; headers?: Record<string, string>; body: unknown; delayMs?: number }
  /** Server-sent events; `stallAfter` stops sending (without closing) after that many events. */
  | { kind: 'sse'; events: SseEvent[]; gapMs?: number; stallAfter?: number }
  /** Newline-delimited JSON (Ollama's streaming). */
  | { kind: 'ndjson'; lines: unknown[]; gapMs?: number }
  /** Accepts the request and never answers: the client's timeout must end it. */
  | { kind: 'hang' }
  /** Closes the connection without a response: a network failure. */
  | { kind: 'drop' };

export interface SseEvent {
  event?: string;
  data: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed JSON the SDK sent; tests assert on its shape
  body: any;
}

export interface ScriptedServer {
  url: string;
  /** Queues replies for the next requests, in order. */
  push(...replies: Reply[]): void;
  requests: RecordedRequest[];
  /** Replies still queued: a test that scripted more than was used has a wrong expectation. */
  pending(): number;
  /**
   * Answers computed from the request, used when the queue is empty: for agents running
   * concurrently, whose requests arrive in no fixed order (the conversation says who asks).
   */
  respondWith(responder: ((req: RecordedRequest) => Reply | undefined) | null): void;
  /** Stop keeping requests (benchmarks send hundreds of thousands). */
  recordRequests(on: boolean): void;
  close(): Promise<void>;
}

/** `accepts` names the paths this provider serves; any other path gets 404 like the real one. */
export async function startScriptedServer(accepts: (method: string, path: string) => boolean): Promise<ScriptedServer> {
  const queue: Reply[] = [];
  const requests: RecordedRequest[] = [];
  let responder: ((req: RecordedRequest) => Reply | undefined) | null = null;
  let record = true;
  const open = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const recorded = { method: req.method ?? 'GET', path, headers: req.headers, body: text ? JSON.parse(text) : undefined };
      if (record) requests.push(recorded);
      if (!accepts(req.method ?? 'GET', path)) return sendJson(res, 404, {}, { error: `no route ${req.method} ${path}` });
      const reply = queue.shift() ?? responder?.(recorded);
      // Unscripted: a 4xx the gateway neither retries nor falls back on, so the test fails loudly.
      if (!reply) return sendJson(res, 418, {}, { error: { message: `unscripted request ${req.method} ${path}` } });
      open.add(res);
      res.on('close', () => open.delete(res));
      void play(reply, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    push: (...replies) => queue.push(...replies),
    requests,
    pending: () => queue.length,
    respondWith: (r) => void (responder = r),
    recordRequests: (on) => void (record = on),
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function play(reply: Reply, req: IncomingMessage, res: ServerResponse): Promise<void> {
  switch (reply.kind) {
    case 'json':
      if (reply.delayMs) await sleep(reply.delayMs);
      if (!res.destroyed) sendJson(res, reply.status ?? 200, reply.headers ?? {}, reply.body);
      return;
    case 'sse': {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const [i, e] of reply.events.entries()) {
        if (reply.stallAfter !== undefined && i >= reply.stallAfter) return; // keep the socket open, send nothing
        if (res.destroyed) return;
        res.write(`${e.event ? `event: ${e.event}\n` : ''}data: ${e.data}\n\n`);
        if (reply.gapMs) await sleep(reply.gapMs);
      }
      res.end();
      return;
    }
    case 'ndjson':
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      for (const line of reply.lines) {
        if (res.destroyed) return;
        res.write(JSON.stringify(line) + '\n');
        if (reply.gapMs) await sleep(reply.gapMs);
      }
      res.end();
      return;
    case 'hang':
      return;
    case 'drop':
      req.socket.destroy();
      return;
  }
}

function sendJson(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
