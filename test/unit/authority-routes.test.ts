import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_ACTIONS } from '../../kernel-service/src/authority/index.js';
import { DesktopManager, desktopSocketRoutes } from '../../kernel-service/src/desktop/index.js';
import { EventBus } from '../../kernel-service/src/events/index.js';
import { IpcService, ipcSocketRoutes } from '../../kernel-service/src/ipc/index.js';
import { EpisodeRecorder, MemoryService, memorySocketRoutes, SocialMemory } from '../../kernel-service/src/memory/index.js';
import { Children, inboxRoutes, RunInbox, runSocketRoutes } from '../../kernel-service/src/runs/index.js';
import { buildSocketApp } from '../../kernel-service/src/socket/index.js';
import { TerminalManager, terminalSocketRoutes } from '../../kernel-service/src/terminals/index.js';
import { authorityFixture, failure } from '../helpers/authority-fixture.js';
import { testKernel } from '../helpers/kernel.js';

let f: Awaited<ReturnType<typeof authorityFixture>>;
beforeAll(async () => {
  f = await authorityFixture({ bare: { tools: ['@ipc'] } });
});
afterAll(() => f.close());

describe('every kernel-socket route passes the authority', () => {
  it('the socket app, with every subsystem main.ts gives it, has an action for each route and no stale entry', async () => {
    const k = await testKernel();
    const log = pino({ level: 'silent' });
    const events = new EventBus();
    const memory = new MemoryService({ db: k.db, embedder: null, limits: { maxPerLayer: 10 } });
    const ipc = new IpcService({ db: k.db, limits: { mailboxMax: 10 }, spaceAccess: () => null });
    const none = () => {
      throw new Error('not in this test');
    };
    const desktops = new DesktopManager(
      { describe: none, handle: none, kernelDir: none, companions: () => null },
      events,
      { geometry: '640x480', maxLeaseMs: 1000 },
      log,
    );
    const app = await buildSocketApp({
      llm: null,
      log,
      authority: k.authority,
      routes: [
        inboxRoutes(new RunInbox()),
        runSocketRoutes(k.runs, new Children(k.runs, k.supervisor, k.authority)),
        memorySocketRoutes({ memory, social: new SocialMemory(k.db, memory), episodes: new EpisodeRecorder(k.db, memory) }),
        ipcSocketRoutes(ipc),
        terminalSocketRoutes(new TerminalManager(none, events, { maxPerProcess: 1, scrollbackBytes: 1024 }, log)),
        desktopSocketRoutes(desktops),
      ],
    });
    // Registration refuses a route without an action (next test), so every route that exists has one;
    // and every entry of the table names a route that exists.
    for (const key of Object.keys(ROUTE_ACTIONS)) {
      const [method, url] = key.split(' ') as [string, string];
      expect(app.hasRoute({ method: method, url }), key).toBe(true);
    }
    await app.close();
  });

  it('refuses to build a socket app with a route that declares no action', async () => {
    const k = await testKernel();
    const sneaky = buildSocketApp({
      llm: null,
      log: pino({ level: 'silent' }),
      authority: k.authority,
      routes: [(app) => void app.post('/v1/sneaky', async () => ({ ok: true }))],
    });
    await expect(sneaky).rejects.toThrow(/POST \/v1\/sneaky declares no authority action/);
  });
});

describe('grants hold on the socket as for the model (finding 4)', () => {
  it('refuses a route whose tool the run is not granted; the granted one works', async () => {
    const p = await f.proc({ tools: ['recall'] });
    const e = await failure(p.client.post('/v1/memory/remember', { content: 'secret plan' }));
    expect(e).toMatchObject({ status: 403, code: 'AUTHORITY_NOT_GRANTED' });
    const spawn = await failure(p.client.post('/v1/agents', { goal: 'helper', callId: 'c1' }));
    expect(spawn).toMatchObject({ status: 403, code: 'AUTHORITY_NOT_GRANTED' });
    // Control: recall is granted and answers.
    expect(await p.client.post('/v1/memory/recall', { query: 'plan' })).toMatchObject({ memories: [] });
    expect(f.k.db.prepare(`SELECT count(*) AS n FROM memories`).get()).toEqual({ n: 0 });
  });

  it('gives bare programs the configured default grant (here @ipc only)', async () => {
    const bare = await f.proc();
    const peer = await f.proc();
    expect(await failure(bare.client.post('/v1/memory/recall', { query: 'x' }))).toMatchObject({
      code: 'AUTHORITY_NOT_GRANTED',
    });
    const sent = await bare.client.post<{ id: number }>('/v1/ipc/send', { to: peer.agent, text: 'hi' });
    expect(sent.id).toBeGreaterThan(0);
    expect(await failure(bare.client.get('/v1/run'))).toMatchObject({ status: 404, code: 'RUN_NOT_FOUND' });
  });
});

describe('approvals bound to the tool and arguments a person saw (finding 5)', () => {
  it('a route under the approval policy needs an approval of these very arguments, once', async () => {
    const p = await f.proc({ tools: ['remember'], approval: { tools: ['remember'] } });
    const args = { content: 'deploy key is in vault' };
    // Direct call from sandbox code: no approval, refused, nothing stored.
    expect(await failure(p.client.post('/v1/memory/remember', args))).toMatchObject({ status: 403, code: 'APPROVAL_REQUIRED' });

    const step = p.client.post<{ allowed: boolean }>('/v1/run/steps', {
      n: 1,
      kind: 'tool_call',
      tool: 'remember',
      arguments: args,
      callId: 'call_0',
    });
    const pending = await waitFor(() => f.k.runs.repo.approvals('pending', p.pid)[0]);
    f.k.runs.decide(pending.id, 'approve', null, 'admin');
    expect((await step).allowed).toBe(true);
    // Other arguments than the approved ones: refused. The approved ones: once.
    expect(await failure(p.client.post('/v1/memory/remember', { content: 'something else' }))).toMatchObject({
      code: 'APPROVAL_REQUIRED',
    });
    expect(await p.client.post('/v1/memory/remember', args)).toMatchObject({ content: args.content });
    expect(await failure(p.client.post('/v1/memory/remember', args))).toMatchObject({ code: 'APPROVAL_REQUIRED' });

    // The model reuses call_0 in a later turn with other arguments: a new approval, not the old one.
    const replay = p.client.post<{ allowed: boolean }>('/v1/run/steps', {
      n: 2,
      kind: 'tool_call',
      tool: 'remember',
      arguments: { content: 'exfiltrate' },
      callId: 'call_0',
    });
    const second = await waitFor(() => f.k.runs.repo.approvals('pending', p.pid)[0]);
    expect(second.id).not.toBe(pending.id);
    expect(second.arguments).toEqual({ content: 'exfiltrate' });
    f.k.runs.decide(second.id, 'deny', 'no', 'admin');
    expect((await replay).allowed).toBe(false);
  });

  it('holds a route serving several tools (desktop input) to the policy of any of them', async () => {
    const p = await f.proc({ tools: ['desktop_click', 'desktop_type'], approval: { tools: ['desktop_type'] } });
    const input = { kind: 'category', category: 'desktop' } as const;
    const caller = { pid: p.pid, agent: p.agent };
    const admit = () => f.k.authority.admitRoute(caller, input, { method: 'POST', body: { type: 'key', key: 'Return' } });
    expect(admit).toThrow(expect.objectContaining({ code: 'APPROVAL_REQUIRED' }));
    f.k.authority.issuePass(p.pid, 'desktop_type', { text: 'hello' }); // a person approved one desktop_type
    expect(admit).not.toThrow();
    expect(admit).toThrow(expect.objectContaining({ code: 'APPROVAL_REQUIRED' })); // once
    const other = await f.proc({ tools: ['recall'] });
    expect(() => f.k.authority.admitRoute({ pid: other.pid, agent: other.agent }, input, { method: 'GET' })).toThrow(
      expect.objectContaining({ code: 'AUTHORITY_NOT_GRANTED' }),
    );
  });

  it('makes IPC idempotency keys unique per step: a reused call id in a later turn is a new message', async () => {
    const p = await f.proc({ tools: ['send_message'] });
    const peer = await f.proc();
    const turn = async (n: number) =>
      p.client.post('/v1/run/steps', { n, kind: 'tool_call', tool: 'send_message', arguments: {}, callId: 'call_0' });
    await turn(1);
    const a = await p.client.post<{ id: number }>('/v1/ipc/send', { to: peer.agent, text: 'one', idempotencyKey: 'call_0' });
    const retry = await p.client.post<{ id: number }>('/v1/ipc/send', { to: peer.agent, text: 'one', idempotencyKey: 'call_0' });
    expect(retry.id).toBe(a.id); // the same step retried: the same message
    await turn(2);
    const b = await p.client.post<{ id: number }>('/v1/ipc/send', { to: peer.agent, text: 'two', idempotencyKey: 'call_0' });
    expect(b.id).not.toBe(a.id);
  });
});

async function waitFor<T>(get: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
