import { mkdtempSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RfbClient, type RfbLimits } from '../../kernel-service/src/desktop/rfb-client.js';
import { RfbServerError } from '../../kernel-service/src/desktop/rfb-reader.js';

/**
 * The kernel's RFB client against VNC servers on a Unix socket, as an agent could put one at its
 * vnc.sock: a well-behaved one (the control) and hostile ones announcing 4 GB lengths, 65535 x
 * 65535 screens, rectangles outside the screen, encodings never asked for, or nothing at all.
 */
const dir = mkdtempSync(join(tmpdir(), 'aether-rfb-'));
const servers: Server[] = [];
const limits: RfbLimits = { maxWidth: 4096, maxHeight: 4096, timeoutMs: 500 };
let n = 0;

afterAll(() => servers.forEach((s) => s.close()));

type Script = (sock: Socket, next: (bytes: number) => Promise<Buffer>) => Promise<void>;

/** A server that runs `script` for each connection; `next(k)` reads k bytes the client sent. */
async function serve(script: Script): Promise<string> {
  const path = join(dir, `s${n++}.sock`);
  const server = createServer((sock) => {
    sock.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let want: { k: number; resolve: (b: Buffer) => void } | null = null;
    const pump = () => {
      if (want && buf.length >= want.k) {
        const out = buf.subarray(0, want.k);
        buf = buf.subarray(want.k);
        const w = want;
        want = null;
        w.resolve(out);
      }
    };
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      pump();
    });
    const next = (k: number) =>
      new Promise<Buffer>((resolve) => {
        want = { k, resolve };
        pump();
      });
    script(sock, next).catch(() => sock.destroy());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(path, r));
  return path;
}

function dial(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

function serverInit(w: number, h: number, nameLength: number, name = ''): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt16BE(w, 0);
  b.writeUInt16BE(h, 2);
  b.writeUInt32BE(nameLength, 20);
  return Buffer.concat([b, Buffer.from(name)]);
}

/** RFB 3.8 up to ServerInit, as Xvnc speaks it; then the client's SetPixelFormat and SetEncodings. */
async function greet(sock: Socket, next: (k: number) => Promise<Buffer>, init: Buffer): Promise<void> {
  sock.write('RFB 003.008\n');
  await next(12);
  sock.write(Buffer.from([1, 1]));
  await next(1);
  sock.write(Buffer.alloc(4));
  await next(1);
  sock.write(init);
  await next(20 + 12);
}

function rect(x: number, y: number, w: number, h: number, enc: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(x, 0);
  b.writeUInt16BE(y, 2);
  b.writeUInt16BE(w, 4);
  b.writeUInt16BE(h, 6);
  b.writeInt32BE(enc, 8);
  return b;
}

const updateHeader = (rects: number) => Buffer.from([0, 0, rects >> 8, rects & 255]);

async function refused(path: string, code: string): Promise<void> {
  const started = Date.now();
  const err = await RfbClient.handshake(await dial(path), limits).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RfbServerError);
  expect((err as RfbServerError).code).toBe(code);
  expect(Date.now() - started).toBeLessThan(limits.timeoutMs + 1000);
}

/** Screenshots fail with `code`, the connection is closed, and the failure is recorded for the log. */
async function brokenAfterHandshake(path: string, code: string): Promise<void> {
  const c = await RfbClient.handshake(await dial(path), limits);
  await expect(c.screenshot()).rejects.toMatchObject({ code });
  await c.closed;
  expect(c.failure?.code).toBe(code);
}

describe('the kernel RFB client against hostile VNC servers', () => {
  it('control: a well-behaved server gives a screenshot of its pixels', async () => {
    const path = await serve(async (sock, next) => {
      await greet(sock, next, serverInit(2, 2, 5, 'agent'));
      for (;;) {
        await next(10); // FramebufferUpdateRequest
        const pixels = Buffer.from([255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 9, 9, 9, 0]);
        sock.write(Buffer.concat([updateHeader(1), rect(0, 0, 2, 2, 0), pixels]));
      }
    });
    const c = await RfbClient.handshake(await dial(path), limits);
    expect([c.width, c.height]).toEqual([2, 2]);
    const f = await c.frame();
    expect([...f.pixels]).toEqual([255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 9, 9, 9, 0]);
    const shot = await c.screenshot();
    expect(shot.png.subarray(1, 4).toString()).toBe('PNG');
    c.close();
  });

  it('refuses a 65535 x 65535 framebuffer before allocating it', async () => {
    await refused(await serve((sock, next) => greet(sock, next, serverInit(65535, 65535, 0))), 'RFB_SIZE_LIMIT');
  });

  it('refuses a 4 GB desktop name', async () => {
    await refused(await serve((sock, next) => greet(sock, next, serverInit(8, 8, 0xffffffff))), 'RFB_SIZE_LIMIT');
  });

  it('refuses servers that are not RFB, offer no security None, or say nothing at all', async () => {
    await refused(await serve(async (sock) => void sock.write('HTTP/1.1 200\n')), 'RFB_NOT_RFB');
    await refused(
      await serve(async (sock, next) => {
        sock.write('RFB 003.008\n');
        await next(12);
        sock.write(Buffer.from([1, 2])); // VNC authentication only
      }),
      'RFB_NOT_RFB',
    );
    await refused(await serve(async () => undefined), 'RFB_TIMEOUT');
  });

  it('closes the connection on a 4 GB clipboard text, a rectangle outside the screen or an encoding not asked for', async () => {
    const after = (tail: Buffer) =>
      serve(async (sock, next) => {
        await greet(sock, next, serverInit(16, 16, 0));
        await next(10);
        sock.write(tail);
      });
    const cut = Buffer.from([3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    await brokenAfterHandshake(await after(cut), 'RFB_SIZE_LIMIT');
    await brokenAfterHandshake(await after(Buffer.concat([updateHeader(1), rect(10, 10, 60000, 60000, 0)])), 'RFB_BAD_RECT');
    await brokenAfterHandshake(await after(Buffer.concat([updateHeader(1), rect(0, 0, 4, 4, 7)])), 'RFB_BAD_RECT');
    await brokenAfterHandshake(await after(Buffer.from([42])), 'RFB_BAD_MESSAGE');
    // A resize to a giant screen in the middle of the session.
    await brokenAfterHandshake(await after(Buffer.concat([updateHeader(1), rect(0, 0, 65535, 65535, -223)])), 'RFB_SIZE_LIMIT');
  });

  it('ends an update of 65535 empty rectangles and a server that never answers an update', async () => {
    const flood = Buffer.concat([updateHeader(65535), ...Array.from({ length: 65535 }, () => rect(0, 0, 0, 0, 0))]);
    await brokenAfterHandshake(
      await serve(async (sock, next) => {
        await greet(sock, next, serverInit(16, 16, 0));
        await next(10);
        sock.write(flood);
      }),
      'RFB_SIZE_LIMIT',
    );
    await brokenAfterHandshake(await serve((sock, next) => greet(sock, next, serverInit(16, 16, 0))), 'RFB_TIMEOUT');
  });

  it('stays responsive: timers fire on time while hostile servers are refused', async () => {
    const hostile = await serve((sock, next) => greet(sock, next, serverInit(65535, 65535, 0xffffffff)));
    let worst = 0;
    let last = Date.now();
    const tick = setInterval(() => {
      worst = Math.max(worst, Date.now() - last);
      last = Date.now();
    }, 5);
    await Promise.all(Array.from({ length: 20 }, () => refused(hostile, 'RFB_SIZE_LIMIT')));
    clearInterval(tick);
    expect(worst).toBeLessThan(200);
  });
});
