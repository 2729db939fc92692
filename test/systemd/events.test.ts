import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api, machine, sleep, spawn } from './client.js';

describe('event stream', () => {
  it('refuses a WebSocket without a token', async () => {
    const ws = new WebSocket(`${machine().url.replace('http', 'ws')}/api/v1/events`);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('streams lifecycle events of a process, in order', async () => {
    const ws = new WebSocket(`${machine().url.replace('http', 'ws')}/api/v1/events?token=${machine().token}`);
    const events: { type: string; pid?: number; to?: string; seq?: number }[] = [];
    ws.on('message', (data: Buffer) => events.push(JSON.parse(data.toString('utf8'))));
    await new Promise((r) => ws.on('open', r));
    const p = await spawn({ name: 'evented', command: ['/bin/sh', '-c', 'exit 4'] });
    const deadline = Date.now() + 10_000;
    while (!events.some((e) => e.pid === p.pid && e.to === 'exited') && Date.now() < deadline) {
      await sleep(20);
    }
    ws.close();
    expect(events[0]).toMatchObject({ type: 'hello', protocol: 1 });
    const mine = events.filter((e) => e.pid === p.pid);
    expect(mine.map((e) => e.to)).toEqual(['starting', 'running', 'exited']);
    const seqs = mine.map((e) => e.seq!);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect((await api('GET', `/api/v1/agents/${p.pid}`)).body.exit.code).toBe(4);
  });
});
