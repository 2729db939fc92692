import Fastify from 'fastify';
import fastifyWebsocket from '@fastify/websocket';
import { pino } from 'pino';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventRoutes } from '../../kernel-service/src/api/routes/events.js';
import { EventBus } from '../../kernel-service/src/events/index.js';
import { VectorIndex } from '../../kernel-service/src/memory/vectors.js';
import { createGuardedServer } from '../../kernel-service/src/protection/index.js';
import type { SandboxDriver, SandboxHandle, TerminalChannel } from '../../kernel-service/src/sandbox/index.js';
import { TerminalManager } from '../../kernel-service/src/terminals/index.js';
import { open, tempDbPath } from '../helpers/memory-fixtures.js';

/** What the kernel holds for agents grows with their activity only up to a configured bound. */

/** A driver whose terminals end when the test says so. */
function terminalDriver() {
  const ends: ((code: number) => void)[] = [];
  const driver = {
    name: 'fake',
    openTerminal: async (): Promise<TerminalChannel> => {
      let exit: (code: number | null) => void = () => undefined;
      let data: (d: Buffer) => void = () => undefined;
      ends.push((code) => {
        data(Buffer.alloc(200 * 1024, 'x')); // a full scrollback's worth of output first
        exit(code);
      });
      return {
        write: () => undefined,
        resize: () => undefined,
        onData: (l) => (data = l),
        onExit: (l) => (exit = l),
        close: () => undefined,
      };
    },
  } as unknown as SandboxDriver;
  return { driver, ends };
}

describe('ended terminals', () => {
  it('are forgotten beyond endedKept per process, oldest first; open ones and the newest ended stay', async () => {
    const { driver, ends } = terminalDriver();
    const m = new TerminalManager(
      () => ({ driver, handle: {} as SandboxHandle }),
      new EventBus(),
      { maxPerProcess: 8, scrollbackBytes: 256 * 1024, endedKept: 2 },
      pino({ level: 'silent' }),
    );
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await m.open(7, { cols: 80, rows: 24 }, 'agent')).id);
    for (let i = 0; i < 5; i++) ends[i]!(i);
    const left = m.list(7);
    expect(left.map((t) => t.id)).toEqual([ids[3], ids[4], ids[5]]);
    expect(left.map((t) => t.state)).toEqual(['ended', 'ended', 'open']);
    // Control: a kept ended terminal still answers a late reader with its output and exit code.
    expect(m.read(7, ids[4]!, 0).data.length).toBe(200 * 1024);
    expect(m.get(7, ids[4]!).exitCode).toBe(4);
    expect(() => m.get(7, ids[0]!)).toThrow(/no terminal/);
  });
});

describe('vector partitions', () => {
  it('keep at most the configured number in memory, least recently used evicted, and still answer after', () => {
    const db = open(tempDbPath());
    const index = new VectorIndex(db, 2);
    const insert = db.prepare(
      "INSERT INTO memories (owner, layer, content, importance, author, content_hash, created_at, accessed_at) VALUES (?, 'semantic', ?, 0.5, 'v', ?, 0, 0)",
    );
    const ids = new Map<string, number>();
    for (const owner of ['agent:a', 'agent:b', 'agent:c']) {
      const id = Number(insert.run(owner, owner, owner).lastInsertRowid);
      ids.set(owner, id);
      index.put(id, owner, 'm', [1, 0, 0, 0]);
    }
    for (const owner of ['agent:a', 'agent:b', 'agent:c', 'agent:a']) {
      expect(index.nearest([owner], 'm', [1, 0, 0, 0], 1).map((r) => r.id)).toEqual([ids.get(owner)]);
      expect(index.cached).toBeLessThanOrEqual(2);
    }
    // a was used last, then c: b (least recently used) went. Asking for b reloads it from the database.
    expect(index.nearest(['agent:b'], 'm', [1, 0, 0, 0], 1).map((r) => r.id)).toEqual([ids.get('agent:b')]);
    expect(index.cached).toBe(2);
  });
});

describe('WebSocket back-pressure', () => {
  it('drops an event client that stopped reading, while a reading client gets every event', async () => {
    const events = new EventBus();
    const app = Fastify({ loggerInstance: pino({ level: 'silent' }) });
    await app.register(fastifyWebsocket);
    await app.register(async (api) => eventRoutes(api, events, 256 * 1024));
    const url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws') + '/events';
    const connectWs = async () => {
      const ws = new WebSocket(url);
      const got: string[] = [];
      ws.on('message', (d: Buffer) => got.push(d.toString()));
      await new Promise((r) => ws.once('open', r));
      return { ws, got, closed: new Promise<void>((r) => ws.once('close', () => r())) };
    };
    const hog = await connectWs();
    const reader = await connectWs();
    // The hog stops reading: its TCP window fills, and the kernel's send buffer for it would grow.
    (hog.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = 'x'.repeat(64 * 1024);
    let sent = 0;
    for (let i = 0; i < 400; i++) {
      events.publish({ type: 'test.flood', n: i, big });
      sent++;
      if (i % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    // The kernel let go of the hog (its side is gone); the hog learns once it reads again.
    const server = (app as unknown as { websocketServer: { clients: Set<unknown> } }).websocketServer;
    await new Promise<void>((resolve) => {
      const check = () => (server.clients.size === 1 ? resolve() : setTimeout(check, 20));
      check();
    });
    (hog.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await hog.closed;
    expect(hog.got.length).toBeLessThan(sent + 1);
    await new Promise<void>((resolve) => {
      const check = () => (reader.got.length >= sent + 1 ? resolve() : setTimeout(check, 20));
      check();
    });
    expect(reader.got.length).toBe(sent + 1); // hello and every event
    expect(reader.ws.readyState).toBe(WebSocket.OPEN);
    reader.ws.close();
    await app.close();
  }, 20_000);
});

describe('the public API server', () => {
  it('refuses a connection over its cap in the API envelope without handling its request; the held one is served', async () => {
    let handled = 0;
    const server = createGuardedServer(
      (_req, res) => {
        handled++;
        res.setHeader('connection', 'keep-alive');
        res.end('ok');
      },
      { maxConnections: 1, headersTimeoutMs: 5000, requestTimeoutMs: 5000, idleTimeoutMs: 5000 },
      'api',
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const talk = (request: string) =>
      new Promise<string>((resolve) => {
        const s = connect(port, '127.0.0.1');
        let got = '';
        s.on('data', (d) => {
          got += d.toString();
          if (got.endsWith('ok')) resolve(got);
        });
        s.on('close', () => resolve(got));
        s.write(request);
      });
    const held = talk('GET / HTTP/1.1\r\nhost: k\r\n\r\n');
    expect(await held).toMatch(/^HTTP\/1.1 200/);
    const refused = await talk('POST /danger HTTP/1.1\r\nhost: k\r\ncontent-length: 0\r\n\r\n');
    expect(refused).toMatch(/^HTTP\/1.1 503/);
    expect(JSON.parse(refused.slice(refused.indexOf('{')))).toMatchObject({ code: 'TOO_MANY_CONNECTIONS' });
    expect(handled).toBe(1);
    server.closeAllConnections();
    server.close();
  });
});
