/** An RFB client through the kernel's authenticated WebSocket proxy, for the desktop tests and the bench. */
import type { Socket } from 'node:net';
import WebSocket, { createWebSocketStream } from 'ws';
import { RfbClient } from '../../kernel-service/src/desktop/rfb-client.js';
import { api, machine, sleep } from './client.js';

export function vncUrl(pid: number, opts: { token?: string | null; lease?: string } = {}): string {
  const token = opts.token === undefined ? machine().token : opts.token;
  const q = new URLSearchParams({ ...(token ? { token } : {}), ...(opts.lease ? { lease: opts.lease } : {}) });
  return `${machine().url.replace('http', 'ws')}/api/v1/agents/${pid}/desktop/vnc?${q.toString()}`;
}

/** Opens the WebSocket and speaks RFB over it with the kernel's own client (a real RFB 3.8 handshake). */
export async function viewer(pid: number, opts: { token?: string | null; lease?: string } = {}): Promise<RfbClient> {
  const ws = new WebSocket(vncUrl(pid, opts));
  // The stream listens from the start: the server's first RFB bytes can arrive in the same read as
  // the upgrade response and be emitted before code awaiting 'open' runs.
  const stream = createWebSocketStream(ws);
  stream.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  // The stream is a Duplex with the socket methods RfbClient uses (data, write, destroy, close).
  return RfbClient.handshake(stream as unknown as Socket);
}

export async function waitDesktopReady(pid: number, timeoutMs = 20_000): Promise<{ state: string; units: string[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = (await api('GET', `/api/v1/agents/${pid}/desktop`)).body as {
      state: string;
      error: string | null;
      units: string[];
    };
    if (d.state === 'ready') return d;
    if (d.state === 'failed') throw new Error(`desktop failed: ${d.error}`);
    if (Date.now() > deadline) throw new Error('desktop not ready in time');
    await sleep(50);
  }
}

/** Pixels (R,G,B,x) that differ from the most common colour: 0 for a blank screen. */
export function nonBackground(pixels: Buffer): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < pixels.length; i += 4 * 7) {
    const c = pixels.readUInt32LE(i) & 0xffffff;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const bg = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4) if ((pixels.readUInt32LE(i) & 0xffffff) !== bg) n++;
  return n;
}

/** A frame once the screen has settled (windows still opening would change any spot). */
export async function stableFrame(c: RfbClient, timeoutMs = 30_000): Promise<{ pixels: Buffer; width: number; height: number }> {
  const deadline = Date.now() + timeoutMs;
  let last = await c.frame();
  for (;;) {
    await sleep(700);
    const now = await c.frame();
    if (now.pixels.equals(last.pixels)) return now;
    if (Date.now() > deadline) throw new Error('the screen never settled');
    last = now;
  }
}

/** The colours of a w x h patch at (x, y). */
export function patch(f: { pixels: Buffer; width: number }, x: number, y: number, w = 14, h = 22): number[] {
  const out: number[] = [];
  for (let dy = 0; dy < h; dy++)
    for (let dx = 0; dx < w; dx++) out.push(f.pixels.readUInt32LE(((y + dy) * f.width + x + dx) * 4) & 0xffffff);
  return out;
}

/** A point whose patch is one colour, away from where the pointer is now: the drawn cursor will show there. */
export function uniformSpot(f: { pixels: Buffer; width: number; height: number }): { x: number; y: number } {
  for (let y = f.height - 60; y > 40; y -= 37) {
    for (let x = 40; x < f.width - 60; x += 53) {
      const p = patch(f, x, y);
      if (p.every((c) => c === p[0]) && Math.hypot(x - f.width / 2, y - f.height / 2) > 80) return { x, y };
    }
  }
  throw new Error('no uniform area on the screen');
}
