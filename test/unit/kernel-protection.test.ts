import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../kernel-service/src/config/index.js';
import { Children, runSocketRoutes } from '../../kernel-service/src/runs/index.js';
import { KernelCallError, KernelClient } from '../../kernel-service/src/runtime/kernel-client.js';
import { buildSocketApp, KernelSockets } from '../../kernel-service/src/socket/index.js';
import { insertTestProcess, testKernel } from '../helpers/kernel.js';

/**
 * An agent trying to exhaust the kernel through its own socket: holding connections, sending
 * its request head slowly, long-polling for ever. Each attack is cut off; the controls show a
 * well-behaved caller (the same process after the hog, or another process) is served meanwhile.
 */
const uid = process.getuid!();
const limits = { maxConnections: 3, headersTimeoutMs: 1000, requestTimeoutMs: 1500, idleTimeoutMs: 30_000, longPollMaxMs: 1000 };
let k: Awaited<ReturnType<typeof testKernel>>;
let sockets: KernelSockets;
let n = 0;

beforeAll(async () => {
  sockets = new KernelSockets(mkdtempSync(join(tmpdir(), 'aether-guard-')), limits);
  k = await testKernel({ sockets });
  sockets.attach(
    await buildSocketApp({
      llm: null,
      log: pino({ level: 'silent' }),
      authority: k.authority,
      routes: [runSocketRoutes(k.runs, new Children(k.runs, k.supervisor, k.authority), limits.longPollMaxMs)],
    }),
  );
});

afterAll(async () => {
  await sockets.stopAll();
});

/** A process with a run, and its socket's path. */
async function process_(): Promise<{ pid: number; path: string }> {
  const name = `hog-${++n}`;
  const pid = insertTestProcess(k.repo, name);
  k.runs.repo.insert(
    {
      pid,
      goal: 'hog the kernel',
      template: 'general',
      model: null,
      // Granted what the long-polls below need: the authority refuses every other tool's route.
      tools: ['ask_human', 'request_approval', 'spawn_agent', 'wait_agent'],
      approval: {},
      maxSteps: 5,
      tokenBudget: 1000,
      contextTokens: 1000,
      prompt: '',
      resumedFrom: null,
    },
    null,
  );
  return { pid, path: join(await sockets.serve(pid, name, uid), 'kernel.sock') };
}

function raw(path: string): Promise<Socket & { text: () => string; ended: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const s = connect(path) as Socket & { text: () => string; ended: Promise<number> };
    let got = '';
    const started = Date.now();
    s.on('data', (d) => (got += d.toString()));
    s.on('error', () => undefined);
    s.text = () => got;
    s.ended = new Promise((r) => s.once('close', () => r(Date.now() - started)));
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

describe('connection caps and timeouts on a kernel socket', () => {
  it('answers the connection over the cap 503 TOO_MANY_CONNECTIONS, cuts idle hogs off, then serves again', async () => {
    const a = await process_();
    const other = await process_();
    const hogs = await Promise.all([raw(a.path), raw(a.path), raw(a.path)]);
    const extra = await raw(a.path);
    await extra.ended;
    expect(extra.text()).toMatch(/^HTTP\/1.1 503/);
    expect(extra.text()).toContain('"code":"TOO_MANY_CONNECTIONS"');
    // Control: another process's socket is not affected by this one's hog.
    expect(await new KernelClient(other.path).get('/v1/whoami')).toMatchObject({ pid: other.pid });
    // The hogs never sent a request: they are closed within the head deadline (plus node's check interval).
    const lived = await Promise.all(hogs.map((h) => h.ended));
    for (const ms of lived) expect(ms).toBeLessThan(limits.headersTimeoutMs + 1500);
    expect(await new KernelClient(a.path).get('/v1/whoami')).toMatchObject({ pid: a.pid });
  });

  it('cuts off a request head sent slowly (slow loris) while a normal request on the same socket is served', async () => {
    const a = await process_();
    const loris = await raw(a.path);
    loris.write('GET /v1/whoami HTTP/1.1\r\nhost: k\r\n');
    const drip = setInterval(() => loris.writable && loris.write('x-drip: 1\r\n'), 200);
    const normal = await new KernelClient(a.path).get('/v1/whoami');
    expect(normal).toMatchObject({ pid: a.pid });
    const lived = await loris.ended;
    clearInterval(drip);
    expect(lived).toBeLessThan(limits.headersTimeoutMs + 1500);
    expect(loris.text()).not.toContain('"pid"');
  });
});

describe('bounded long-polls', () => {
  it('ends a question unanswered after longPollMaxMs with STILL_WAITING, and the same callId waits on', async () => {
    const a = await process_();
    const client = new KernelClient(a.path);
    const started = Date.now();
    const err = await client.post('/v1/human/questions', { question: 'Colour?', callId: 'c1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KernelCallError);
    expect((err as KernelCallError).code).toBe('STILL_WAITING');
    expect(Date.now() - started).toBeLessThan(limits.longPollMaxMs + 1000);
    // Control: a client that re-polls gets the answer given after several bounds have passed.
    const answered = client.post<{ answer: string }>(
      '/v1/human/questions',
      { question: 'Colour?', callId: 'c1' },
      { repollWhileWaiting: true },
    );
    const open = k.runs.repo.questions('open', a.pid);
    expect(open).toHaveLength(1); // one question however often it was asked
    setTimeout(() => k.runs.answer(open[0]!.id, 'blue'), 2500);
    expect(await answered).toEqual({ answer: 'blue' });
  }, 10_000);
});

describe('a child wait asked for a day', () => {
  it('answers "still running" after longPollMaxMs (control: the child is there and the caller may ask again)', async () => {
    const a = await process_();
    const child = insertTestProcess(k.repo, `child-${++n}`, a.pid);
    const started = Date.now();
    const view = await new KernelClient(a.path).get<{ pid: number; ended: boolean }>(
      `/v1/agents/${child}/wait?timeoutMs=86400000`,
    );
    expect(view).toMatchObject({ pid: child, ended: false });
    expect(Date.now() - started).toBeLessThan(limits.longPollMaxMs + 1500);
  });
});

describe('protection configuration', () => {
  it('has defaults and refuses values that would switch a protection off', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aether-conf-')), 'config.json');
    writeFileSync(file, '{}');
    const c = loadConfig({ env: {}, file });
    expect(c.protection.socket.maxConnections).toBe(32);
    expect(c.protection.longPollMaxMs).toBe(300_000);
    expect(c.protection.rfb).toEqual({ maxWidth: 4096, maxHeight: 4096, timeoutMs: 10_000 });
    const bad = (env: Record<string, string>) => () => loadConfig({ env, file });
    expect(bad({ AETHER_PROTECTION_LONG_POLL_MAX_MS: '0' })).toThrow(/protection\.longPollMaxMs/);
    expect(bad({ AETHER_PROTECTION_SOCKET_MAX_CONNECTIONS: '0' })).toThrow(/protection\.socket\.maxConnections/);
    expect(bad({ AETHER_PROTECTION_RFB_MAX_WIDTH: '100000' })).toThrow(/protection\.rfb\.maxWidth/);
    expect(bad({ AETHER_PROTECTION_WEBSOCKET_MAX_BUFFERED_BYTES: 'lots' })).toThrow(/CONFIG_INVALID|protection/);
  });
});
