/**
 * Issue 15's API additions in the host tier, through inject: labels and cursor pagination on
 * real SQLite rows, event replay over HTTP and the WebSocket, and every bad input of logs, exec
 * and spawn (4xx with a stable code, nothing created). What reaches a sandbox (logs, exec, TTL)
 * is tested against real systemd in test/systemd/api-complete.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, testKernel } from '../helpers/kernel.js';
import type { StateEvent } from '../../kernel-service/src/agents/index.js';

let k: Awaited<ReturnType<typeof testKernel>>;
const auth = { authorization: `Bearer ${TOKEN}` };
const pids: number[] = [];

function row(name: string, labels: Record<string, string>) {
  return k.repo.insertProcess({
    ppid: null,
    agentId: k.repo.findOrCreateAgent(name, 200_000).id,
    command: ['/bin/true'],
    environment: {},
    limits: { memoryMax: 1 << 26, cpuQuota: 100, tasksMax: 64 },
    network: 'none',
    driver: 'none',
    sandboxOptions: {},
    labels,
  });
}

/** A state change as the supervisor writes it (row and event in one transaction), then published. */
function move(pid: number, from: StateEvent['from'], to: StateEvent['to']) {
  const event: StateEvent = { type: 'process.state', pid, agent: 'x', from, to, exit: null, at: Date.now() };
  const seq = k.repo.applyState(pid, to, {}, event);
  return k.events.publish({ ...event }, seq);
}

beforeAll(async () => {
  k = await testKernel();
  for (let i = 0; i < 7; i++) pids.push(row(`a${i}`, { team: i % 2 ? 'odd' : 'even', 'app.io/tier': i < 3 ? 'web' : 'db' }));
});
afterAll(async () => {
  await k.app.close();
});

const get = (url: string) => k.app.inject({ url, headers: auth });

describe('GET /agents: labels and pagination', () => {
  it('pages by pid with an opaque cursor until nextCursor is null', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/v1/agents?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json<{
        processes: { pid: number; labels: object; expiresAt: null; endReason: null }[];
        nextCursor: string | null;
      }>();
      expect(body.processes.length).toBeLessThanOrEqual(3);
      seen.push(...body.processes.map((p) => p.pid));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(pids);
    expect(pages).toBe(3);
  });

  it('filters by labels (repeated label= is AND), with the same pagination', async () => {
    type List = { processes: { pid: number; labels: Record<string, string> }[] };
    const odd = await get('/api/v1/agents?label=team=odd');
    expect(odd.json<List>().processes.map((p) => p.pid)).toEqual([pids[1], pids[3], pids[5]]);
    const both = await get('/api/v1/agents?label=team=odd&label=app.io/tier=db');
    expect(both.json<List>().processes.map((p) => p.pid)).toEqual([pids[3], pids[5]]);
    expect(both.json().processes[0].labels).toEqual({ team: 'odd', 'app.io/tier': 'db' });
    const none = await get('/api/v1/agents?label=team=blue');
    expect(none.json()).toEqual({ processes: [], nextCursor: null });
  });

  it.each([
    ['a forged cursor', 'cursor=bm9wZQ'],
    ['a label without =', 'label=team'],
    ['a label with a bad key', 'label=Team!=x'],
    ['limit 0', 'limit=0'],
    ['limit 501', 'limit=501'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_, q) => {
    const res = await get(`/api/v1/agents?${q}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('every other list pages the same way', () => {
  it('templates: limit and cursor walk the whole list once', async () => {
    const all = (await get('/api/v1/templates?limit=500')).json<{ templates: { name: string }[]; nextCursor: null }>();
    expect(all.nextCursor).toBeNull();
    expect(all.templates.length).toBeGreaterThan(3);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { templates: { name: string }[]; nextCursor: string | null } = (
        await get(`/api/v1/templates?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      expect(page.templates.length).toBeLessThanOrEqual(2);
      names.push(...page.templates.map((t) => t.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(all.templates.map((t) => t.name));
    expect((await get('/api/v1/approvals?cursor=%%%')).json().code).toBe('VALIDATION_FAILED');
  });
});

describe('spawn: labels and ttlSeconds are checked before anything exists', () => {
  const valid = { name: 'labelled', command: ['/bin/true'] };
  it.each([
    ['an upper-case label key', { ...valid, labels: { Team: 'x' } }],
    ['a label value over 256 characters', { ...valid, labels: { team: 'x'.repeat(257) } }],
    ['33 labels', { ...valid, labels: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])) }],
    ['a ttl of 0', { ...valid, ttlSeconds: 0 }],
    ['a ttl over a year', { ...valid, ttlSeconds: 31_536_001 }],
    ['a fractional ttl', { ...valid, ttlSeconds: 1.5 }],
  ])('refuses %s', async (_, body) => {
    const before = k.repo.list().length;
    const res = await k.app.inject({ method: 'POST', url: '/api/v1/agents', payload: body, headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(k.repo.list()).toHaveLength(before);
    expect(k.driver.launches).toBe(0);
  });

  it('control: valid labels and ttl pass validation and reach the (refusing) driver', async () => {
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/agents',
      payload: { ...valid, labels: { team: 'a', 'x.io/y': '' }, ttlSeconds: 60 },
      headers: auth,
    });
    expect(res.statusCode).toBe(502);
    expect(k.driver.launches).toBe(1);
    const rec = k.repo.list().at(-1)!;
    expect(rec.labels).toEqual({ team: 'a', 'x.io/y': '' });
    expect(rec.expiresAt! - Date.now()).toBeGreaterThan(55_000);
  });
});

describe('logs and exec: bad input and wrong states', () => {
  it('logs: unknown pid 404, bad since 400, a driver without logs 503', async () => {
    expect((await get('/api/v1/agents/99999/logs')).json().code).toBe('PROCESS_NOT_FOUND');
    const since = await get(`/api/v1/agents/${pids[0]}/logs?since=yesterday`);
    expect(since.statusCode).toBe(400);
    expect(since.json().code).toBe('VALIDATION_FAILED');
    expect((await get(`/api/v1/agents/${pids[0]}/logs?tail=-1`)).statusCode).toBe(400);
    const none = await get(`/api/v1/agents/${pids[0]}/logs?since=2026-01-01T00:00:00Z`);
    expect(none.statusCode).toBe(503);
    expect(none.json().code).toBe('LOGS_UNAVAILABLE');
  });

  const exec = (pid: number, payload: unknown) =>
    k.app.inject({ method: 'POST', url: `/api/v1/agents/${pid}/exec`, payload: payload as object, headers: auth });

  it.each([
    ['no command', {}],
    ['an empty command', { command: [] }],
    ['257 arguments', { command: Array.from({ length: 257 }, () => 'x') }],
    ['a timeout of 0', { command: ['id'], timeoutMs: 0 }],
    ['a timeout over 10 minutes', { command: ['id'], timeoutMs: 600_001 }],
    ['a bad env name', { command: ['id'], env: { 'A-B': '1' } }],
    ['a reserved env name', { command: ['id'], env: { AETHER_PID: '1' } }],
    ['an unknown key', { command: ['id'], user: 'root' }],
  ])('exec refuses %s with 400', async (_, body) => {
    const pid = row('exec-bad', {});
    move(pid, 'created', 'starting');
    move(pid, 'starting', 'running');
    const res = await exec(pid, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('exec: 404 for no process, 409 PROCESS_NOT_RUNNING for one not running, 409 PROCESS_PAUSED for a paused one', async () => {
    expect((await exec(99999, { command: ['id'] })).json().code).toBe('PROCESS_NOT_FOUND');
    const created = row('exec-created', {});
    const notRunning = await exec(created, { command: ['id'] });
    expect(notRunning.statusCode).toBe(409);
    expect(notRunning.json().code).toBe('PROCESS_NOT_RUNNING');
    const paused = row('exec-paused', {});
    move(paused, 'created', 'starting');
    move(paused, 'starting', 'running');
    move(paused, 'running', 'paused');
    const res = await exec(paused, { command: ['id'] });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PROCESS_PAUSED');
  });
});

describe('event replay', () => {
  it('pages stored events over HTTP with after= and nextAfter', async () => {
    const pid = row('replay', {});
    const first = move(pid, 'created', 'starting');
    const second = move(pid, 'starting', 'running');
    const third = k.events.publish({ type: 'agent.run', pid, status: 'done', result: null });
    expect([second.seq, third.seq]).toEqual([first.seq + 1, first.seq + 2]);
    const res = await get(`/api/v1/events?after=${first.seq - 1}&limit=2`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ events: { seq: number; type: string; to?: string }[]; nextAfter: number }>();
    expect(body.events.map((e) => [e.seq, e.type, e.to])).toEqual([
      [first.seq, 'process.state', 'starting'],
      [second.seq, 'process.state', 'running'],
    ]);
    expect(body.nextAfter).toBe(second.seq);
    const rest = await get(`/api/v1/events?after=${body.nextAfter}`);
    expect(rest.json()).toMatchObject({ events: [{ seq: third.seq, type: 'agent.run' }], nextAfter: third.seq });
    const end = await get(`/api/v1/events?after=${third.seq}`);
    expect(end.json()).toEqual({ events: [], nextAfter: third.seq });
    expect((await get('/api/v1/events?after=-1')).statusCode).toBe(400);
  });

  it('WebSocket: replays after= in order, then live ones, no gap and no duplicate across a reconnect', async () => {
    const pid = row('ws-replay', {});
    const a = move(pid, 'created', 'starting');
    const got1: Frame[] = [];
    const ws1 = await k.app.injectWS(
      `/api/v1/events?after=${a.seq - 1}`,
      { headers: auth },
      { onInit: (ws) => frames(ws, got1) },
    );
    const b = move(pid, 'starting', 'running');
    await until(() => got1.some((e) => e.seq === b.seq));
    ws1.terminate();
    // Missed while away:
    const c = move(pid, 'running', 'stopping');
    const d = k.events.publish({ type: 'agent.run', pid, status: 'stopped', result: null });
    const last = Math.max(...got1.filter((e) => e.seq).map((e) => e.seq!));
    const got2: Frame[] = [];
    const ws2 = await k.app.injectWS(`/api/v1/events?after=${last}`, { headers: auth }, { onInit: (ws) => frames(ws, got2) });
    const e = move(pid, 'stopping', 'exited');
    await until(() => got2.some((x) => x.seq === e.seq));
    ws2.terminate();
    expect(got1[0]).toEqual({ type: 'hello', protocol: 1 });
    expect(got2[0]).toEqual({ type: 'hello', protocol: 1 });
    const seqs = [...got1, ...got2].filter((x) => x.seq !== undefined).map((x) => x.seq);
    expect(seqs).toEqual([a.seq, b.seq, c.seq, d.seq, e.seq]);
  });
});

type Frame = { seq?: number; type: string; protocol?: number };
function frames(ws: { on(ev: 'message', l: (d: Buffer) => void): unknown }, got: Frame[]) {
  ws.on('message', (d) => got.push(JSON.parse(d.toString()) as Frame));
}

async function until(cond: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
