import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { IpcService, ipcInboxSource, ipcSocketRoutes } from '../../kernel-service/src/ipc/index.js';
import { Spaces } from '../../kernel-service/src/memory/index.js';
import { inboxRoutes, RunInbox } from '../../kernel-service/src/runs/inbox.js';
import { KernelClient } from '../../kernel-service/src/runtime/kernel-client.js';
import { buildSocketApp, KernelSockets } from '../../kernel-service/src/socket/index.js';
import type { Db } from '../../kernel-service/src/store/index.js';
import { addProcess, open, setState, tempDbPath } from '../helpers/memory-fixtures.js';
import { testAuthority } from '../helpers/authority.js';

function ipcOn(db: Db, mailboxMax = 100) {
  const spaces = new Spaces(db);
  return { ipc: new IpcService({ db, limits: { mailboxMax }, spaceAccess: (s, a) => spaces.accessOf(s, a) }), spaces };
}

describe('mailboxes', () => {
  it('delivers by pid and by agent name, exactly once, across a kernel restart', () => {
    const path = tempDbPath();
    const db = open(path);
    addProcess(db, 1, 'coder');
    addProcess(db, 2, 'reviewer');
    const { ipc } = ipcOn(db);
    ipc.send({ pid: 1, agent: 'coder' }, { pid: 2 }, { text: 'first' });
    ipc.send({ pid: 1, agent: 'coder' }, { agent: 'reviewer' }, { text: 'second', data: { pr: 7 } });
    const seen = ipc.pending(2);
    expect(seen.map((m) => [m.text, m.from, m.data])).toEqual([
      ['first', { pid: 1, agent: 'coder' }, null],
      ['second', { pid: 1, agent: 'coder' }, { pr: 7 }],
    ]);
    ipc.read(2, [seen[0]!.id]);
    db.close();

    // The kernel restarts: what was read stays read, what was not is still there.
    const again = ipcOn(open(path)).ipc;
    expect(again.pending(2).map((m) => m.text)).toEqual(['second']);
    expect(again.read(2, [seen[0]!.id, seen[1]!.id]).map((m) => m.text)).toEqual(['second']);
    expect(again.pending(2)).toEqual([]);
    expect(again.read(2, [seen[1]!.id])).toEqual([]); // a repeated ack is harmless
  });

  it('gives an agent-addressed message to one of its runs only, and back when that run ends unread', () => {
    const db = open(tempDbPath());
    addProcess(db, 1, 'boss');
    addProcess(db, 2, 'worker');
    addProcess(db, 3, 'worker');
    const { ipc } = ipcOn(db);
    ipc.send({ pid: 1, agent: 'boss' }, { agent: 'worker' }, { text: 'job' });
    expect(ipc.pending(2).map((m) => m.text)).toEqual(['job']);
    expect(ipc.pending(3)).toEqual([]);
    expect(ipc.read(3, [ipc.pending(2)[0]!.id])).toEqual([]); // not its message to acknowledge
    setState(db, 2, 'killed');
    ipc.processEnded(2);
    expect(ipc.pending(3).map((m) => m.text)).toEqual(['job']);
  });

  it('refuses unknown recipients, ended processes and full mailboxes with stable codes, storing nothing', () => {
    const db = open(tempDbPath());
    addProcess(db, 1, 'a');
    addProcess(db, 2, 'b');
    addProcess(db, 3, 'gone', 'exited');
    const { ipc } = ipcOn(db, 3);
    const from = { pid: 1, agent: 'a' };
    expect(() => ipc.send(from, { pid: 99 }, { text: 'x' })).toThrow(expect.objectContaining({ code: 'RECIPIENT_NOT_FOUND' }));
    expect(() => ipc.send(from, { agent: 'nobody' }, { text: 'x' })).toThrow(
      expect.objectContaining({ code: 'RECIPIENT_NOT_FOUND' }),
    );
    expect(() => ipc.send(from, { pid: 3 }, { text: 'x' })).toThrow(expect.objectContaining({ code: 'PROCESS_NOT_RUNNING' }));
    ipc.send(from, { agent: 'gone' }, { text: 'kept for its next run' }); // by name: accepted
    for (let i = 0; i < 3; i++) ipc.send(from, { pid: 2 }, { text: `m${i}` });
    expect(() => ipc.send(from, { pid: 2 }, { text: 'one too many' })).toThrow(
      expect.objectContaining({ code: 'MAILBOX_FULL', status: 429 }),
    );
    expect(ipc.pending(2).map((m) => m.text)).toEqual(['m0', 'm1', 'm2']);
    ipc.read(2, [ipc.pending(2)[0]!.id]);
    expect(ipc.send(from, { pid: 2 }, { text: 'room again' }).text).toBe('room again');
  });

  it('forgets read messages past the retention, never unread ones', () => {
    const db = open(tempDbPath());
    addProcess(db, 1, 'a');
    addProcess(db, 2, 'b');
    let now = Date.now();
    const ipc = new IpcService({ db, limits: { mailboxMax: 10, retentionDays: 30 }, spaceAccess: () => null, now: () => now });
    const read = ipc.send({ pid: 1, agent: 'a' }, { pid: 2 }, { text: 'read' });
    ipc.send({ pid: 1, agent: 'a' }, { pid: 2 }, { text: 'unread' });
    ipc.read(2, [read.id]);
    now += 31 * 86_400_000;
    expect(ipc.prune()).toBe(1);
    expect(ipc.history({ pid: 2 }).map((m) => m.text)).toEqual(['unread']);
  });

  it('wakes a waiting receive when a message arrives; what it returns stays unread until acknowledged', async () => {
    const db = open(tempDbPath());
    addProcess(db, 1, 'a');
    addProcess(db, 2, 'b');
    const { ipc } = ipcOn(db);
    const waiting = ipc.receive(2, { waitMs: 5000 });
    setTimeout(() => ipc.send({ pid: 1, agent: 'a' }, { pid: 2 }, { text: 'wake up' }), 50);
    const t0 = Date.now();
    expect((await waiting).map((m) => m.text)).toEqual(['wake up']);
    expect(Date.now() - t0).toBeLessThan(4000);
    const again = await ipc.receive(2, { waitMs: 30 });
    expect(again.map((m) => m.text)).toEqual(['wake up']);
    ipc.read(2, [again[0]!.id]);
    expect(await ipc.receive(2, { waitMs: 30 })).toEqual([]);
  });
});

describe('topics', () => {
  it('fans a publication out to every subscriber but the publisher, and reports full mailboxes', () => {
    const db = open(tempDbPath());
    for (const [pid, name] of [
      [1, 'pub'],
      [2, 's1'],
      [3, 's2'],
    ] as const)
      addProcess(db, pid, name);
    const { ipc } = ipcOn(db, 1);
    for (const a of ['pub', 's1', 's2']) ipc.subscribe(a, 'builds');
    ipc.send({ pid: 1, agent: 'pub' }, { pid: 3 }, { text: 'fills s2' });
    const r = ipc.publish({ pid: 1, agent: 'pub' }, 'builds', { text: 'build 41 is green' });
    expect(r).toEqual({ delivered: 1, refused: [{ agent: 's2', code: 'MAILBOX_FULL' }] });
    expect(ipc.pending(2)).toMatchObject([{ kind: 'topic', topic: 'builds', text: 'build 41 is green' }]);
    expect(ipc.pending(1)).toEqual([]);
  });

  it('keeps a team topic to the members of its space', () => {
    const db = open(tempDbPath());
    addProcess(db, 1, 'lead');
    addProcess(db, 2, 'outsider');
    const { ipc, spaces } = ipcOn(db);
    spaces.create('team', '');
    spaces.setMember('team', 'lead', 'write');
    ipc.topics.put('team/plans', 'team', Date.now());
    expect(() => ipc.subscribe('outsider', 'team/plans')).toThrow(expect.objectContaining({ code: 'IPC_ACCESS_DENIED' }));
    expect(() => ipc.publish({ pid: 2, agent: 'outsider' }, 'team/plans', { text: 'x' })).toThrow(
      expect.objectContaining({ code: 'IPC_ACCESS_DENIED' }),
    );
    ipc.subscribe('lead', 'team/plans');
    spaces.setMember('team', 'outsider', 'read');
    ipc.subscribe('outsider', 'team/plans');
    expect(ipc.publish({ pid: 1, agent: 'lead' }, 'team/plans', { text: 'ship friday' }).delivered).toBe(1);
  });
});

describe('request and reply', () => {
  it('pairs a reply with its request by correlation id, once; a late reply arrives as a message', async () => {
    const db = open(tempDbPath());
    addProcess(db, 1, 'asker');
    addProcess(db, 2, 'answerer');
    const { ipc } = ipcOn(db);
    const asked = ipc.request({ pid: 1, agent: 'asker' }, { agent: 'answerer' }, { text: 'LGTM?' }, 5000);
    const [req] = ipc.pending(2);
    expect(req).toMatchObject({ kind: 'request', text: 'LGTM?' });
    ipc.read(2, [req!.id]);
    ipc.reply({ pid: 2, agent: 'answerer' }, req!.correlationId!, { text: 'approved' });
    expect(await asked).toMatchObject({ kind: 'reply', text: 'approved', correlationId: req!.correlationId });
    expect(ipc.pending(1)).toEqual([]); // the request call read it
    expect(() => ipc.reply({ pid: 2, agent: 'answerer' }, req!.correlationId!, { text: 'again' })).toThrow(
      expect.objectContaining({ code: 'IPC_REQUEST_NOT_FOUND' }),
    );
    expect(() => ipc.reply({ pid: 1, agent: 'asker' }, 'made-up', { text: 'x' })).toThrow(
      expect.objectContaining({ code: 'IPC_REQUEST_NOT_FOUND' }),
    );

    const timedOut = ipc.request({ pid: 1, agent: 'asker' }, { pid: 2 }, { text: 'still there?' }, 100);
    await expect(timedOut).rejects.toMatchObject({ code: 'IPC_TIMEOUT' });
    expect(ipc.pending(2)).toEqual([]); // the request expired unread
    expect(ipc.unread('answerer')).toBe(0); // and no longer takes room in the mailbox
    const late = ipc.history({ pid: 2 }).find((m) => m.text === 'still there?')!;
    ipc.reply({ pid: 2, agent: 'answerer' }, late.correlationId!, { text: 'late answer' });
    expect(ipc.pending(1).map((m) => m.text)).toEqual(['late answer']);
  });
});

describe('IPC on the kernel socket', () => {
  const sockets = new KernelSockets(mkdtempSync(join(tmpdir(), 'aether-ipc-sock-')));
  afterAll(() => sockets.stopAll());

  it('sends as the calling process, reads only its own mailbox, and hands messages to the run inbox exactly once', async () => {
    const db = open(tempDbPath());
    addProcess(db, 51, 'alice');
    addProcess(db, 52, 'bob');
    addProcess(db, 53, 'mallory');
    const { ipc } = ipcOn(db);
    const inbox = new RunInbox();
    inbox.register(ipcInboxSource(ipc));
    sockets.attach(
      await buildSocketApp({
        llm: null,
        log: pino({ level: 'silent' }),
        authority: testAuthority(db),
        routes: [inboxRoutes(inbox), ipcSocketRoutes(ipc)],
      }),
    );
    const uid = process.getuid!();
    const client = async (pid: number, name: string) =>
      new KernelClient(join(await sockets.serve(pid, name, uid), 'kernel.sock'));
    const [alice, bob, mallory] = [await client(51, 'alice'), await client(52, 'bob'), await client(53, 'mallory')];

    const sent = await alice.post<{ id: number; from: unknown }>('/v1/ipc/send', { to: 'bob', text: 'hello bob' });
    expect(sent.from).toEqual({ pid: 51, agent: 'alice' }); // from the socket, not the body
    expect(await mallory.get('/v1/ipc/messages')).toEqual({ messages: [] });

    const items = (await bob.get<{ items: { id: string; source: string; text: string }[] }>('/v1/run/inbox')).items;
    expect(items).toEqual([
      expect.objectContaining({ source: 'ipc', id: String(sent.id), text: expect.stringContaining('hello bob') }),
    ]);
    expect((await bob.get<{ items: unknown[] }>('/v1/run/inbox')).items).toHaveLength(1); // until acknowledged
    await mallory.post('/v1/run/inbox/ack', { keys: [`ipc:${sent.id}`] }); // not mallory's to acknowledge
    expect((await bob.get<{ items: unknown[] }>('/v1/run/inbox')).items).toHaveLength(1);
    await bob.post('/v1/run/inbox/ack', { keys: [`ipc:${sent.id}`] });
    expect((await bob.get<{ items: unknown[] }>('/v1/run/inbox')).items).toEqual([]);

    const bad = await alice.post('/v1/ipc/send', { to: 'nobody', text: 'x' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 404, code: 'RECIPIENT_NOT_FOUND' });

    // Request/reply across two sockets, the reply read by the waiting request.
    const asked = alice.post<{ text: string }>('/v1/ipc/request', { to: 52, text: 'ready?', timeoutMs: 5000 });
    const got = await bob.get<{ messages: { id: number; correlationId: string }[] }>('/v1/ipc/messages?waitMs=5000');
    expect(await bob.post('/v1/ipc/ack', { ids: [got.messages[0]!.id] })).toEqual({ acked: [got.messages[0]!.id] });
    const key = { correlationId: got.messages[0]!.correlationId, text: 'ready', idempotencyKey: 'call-1' };
    const replied = await bob.post<{ id: number }>('/v1/ipc/reply', key);
    expect((await bob.post<{ id: number }>('/v1/ipc/reply', key)).id).toBe(replied.id); // a retried call, not a second reply
    expect((await asked).text).toBe('ready');

    // A retried send (same key) is the same message.
    const once = { to: 'bob', text: 'only once', idempotencyKey: 'call-2' };
    expect((await alice.post<{ id: number }>('/v1/ipc/send', once)).id).toBe(
      (await alice.post<{ id: number }>('/v1/ipc/send', once)).id,
    );
    expect((await alice.get<{ processes: { pid: number }[] }>('/v1/ipc/agents')).processes.map((p) => p.pid)).toEqual([
      51, 52, 53,
    ]);
  });
});
