import Fastify from 'fastify';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditLog, installAuditHook } from '../../kernel-service/src/audit/index.js';
import { openDatabase } from '../../kernel-service/src/store/index.js';
import { TOKEN, testKernel } from '../helpers/kernel.js';

let k: Awaited<ReturnType<typeof testKernel>>;
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  k = await testKernel();
});
afterAll(async () => {
  await k.app.close();
});

const entries = (query = '') =>
  k.app.inject({ url: `/api/v1/audit${query}`, headers: auth }).then((r) => r.json().entries as Record<string, unknown>[]);

/** A journal that keeps what was written to it. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino(stream), lines };
}

describe('the audit hook on the API', () => {
  it('records a state-changing call with who, what, target and outcome; a read is not recorded', async () => {
    const before = (await entries()).length;
    await k.app.inject({ url: '/api/v1/agents', headers: auth });
    await k.app.inject({ method: 'POST', url: '/api/v1/agents/999/pause', headers: auth });
    await vi.waitFor(async () => expect((await entries()).length).toBe(before + 1));
    const [entry] = (await entries()).slice(-1);
    expect(entry).toMatchObject({
      actor: 'admin',
      role: 'admin',
      action: expect.stringMatching(/pause/i) as unknown,
      target: 'pid=999',
      outcome: 'refused',
      sourceAddress: '127.0.0.1',
    });
  });

  it('records a spawn refused for bad input, naming the agent it asked for', async () => {
    await k.app.inject({ method: 'POST', url: '/api/v1/agents', headers: auth, payload: { name: 'who-asked', memoryMax: -1 } });
    await vi.waitFor(async () =>
      expect((await entries()).some((e) => e.target === 'name=who-asked' && e.outcome === 'refused')).toBe(true),
    );
  });

  it('records refused credentials as auth.failed, any method, capped per address and minute', async () => {
    const failed = async () => (await entries('?action=auth.failed&limit=1000')).length;
    const before = await failed();
    await k.app.inject({ url: '/api/v1/agents', headers: { authorization: 'Bearer wrong-wrong-wrong-wrong' } });
    await vi.waitFor(async () => expect(await failed()).toBe(before + 1));
    const [entry] = (await entries('?action=auth.failed&limit=1000')).slice(-1);
    expect(entry).toMatchObject({ actor: 'anonymous', role: 'none', outcome: 'refused' });
    for (let i = 0; i < 40; i++) await k.app.inject({ url: '/api/v1/system' });
    await vi.waitFor(async () => expect(await failed()).toBe(before + 20));
  });

  it('lists by actor and action, pages with nextAfter, and refuses bad queries with VALIDATION_FAILED', async () => {
    const page = await k.app.inject({ url: '/api/v1/audit?limit=2', headers: auth });
    expect(page.json().entries).toHaveLength(2);
    const next = page.json().nextAfter as number;
    expect(next).toBe(page.json().entries[1].seq);
    const rest = await k.app.inject({ url: `/api/v1/audit?after=${next}&limit=1000`, headers: auth });
    expect(rest.json().entries[0].seq).toBe(next + 1);
    expect((await entries('?actor=admin&limit=1000')).every((e) => e.actor === 'admin')).toBe(true);
    for (const q of ['?limit=0', '?after=-1', '?colour=red']) {
      const bad = await k.app.inject({ url: `/api/v1/audit${q}`, headers: auth });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('verifies the chain of the live log', async () => {
    const res = await k.app.inject({ url: '/api/v1/audit/verify', headers: auth });
    expect(res.json()).toMatchObject({ ok: true, firstSeq: 1 });
    expect(res.json().checked).toBeGreaterThan(20);
  });
});

describe('the audit chain', () => {
  const fresh = (now = () => Date.now(), retentionDays = 0) => {
    const db = openDatabase(':memory:');
    const { log, lines } = capturedLog();
    return { db, lines, audit: new AuditLog(db, log, retentionDays, now) };
  };
  const entry = (action: string) => ({
    actor: 'admin',
    role: 'admin',
    action,
    target: null,
    outcome: 'ok' as const,
    sourceAddress: null,
  });

  it('sends each entry to the journal with its hash', () => {
    const { audit, lines } = fresh();
    const written = audit.record(entry('spawnAgent'));
    expect(lines.at(-1)?.audit).toMatchObject({ seq: 1, action: 'spawnAgent', hash: written.hash });
  });

  it('detects an altered row (control: intact before the change)', () => {
    const { db, audit } = fresh();
    for (const a of ['one', 'two', 'three', 'four']) audit.record(entry(a));
    expect(audit.verify()).toMatchObject({ ok: true, checked: 4 });
    // An attacker with write access to the database first has to get past the trigger.
    expect(() => db.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2").run()).toThrow(/append-only/);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2").run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringMatching(/altered/) as unknown });
  });

  it('detects a removed entry in the middle and a re-linked row', () => {
    const { db, audit } = fresh();
    for (const a of ['one', 'two', 'three']) audit.record(entry(a));
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/oldest/);
    db.exec('DROP TRIGGER audit_log_delete_oldest_only');
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/missing/) as unknown });

    const other = fresh();
    for (const a of ['one', 'two']) other.audit.record(entry(a));
    other.db.exec('DROP TRIGGER audit_log_no_update');
    other.db.prepare('UPDATE audit_log SET prev_hash = ? WHERE seq = 2').run('f'.repeat(64));
    expect(other.audit.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('prunes only the oldest entries past the retention, keeping the chain verifiable and its head', () => {
    let now = Date.UTC(2026, 0, 1);
    const { db, audit } = fresh(() => now, 30);
    audit.record(entry('old-1'));
    audit.record(entry('old-2'));
    now += 31 * 24 * 3600 * 1000;
    audit.record(entry('new-1'));
    expect(audit.prune()).toBe(2);
    expect(audit.list().entries.map((e) => e.action)).toEqual(['new-1']);
    expect(audit.verify()).toMatchObject({ ok: true, checked: 1, firstSeq: 3 });
    now += 365 * 24 * 3600 * 1000;
    expect(audit.prune()).toBe(0); // the head stays whatever its age
    audit.record(entry('newer'));
    expect(db.prepare('SELECT MAX(seq) AS s FROM audit_log').get()).toEqual({ s: 4 });
  });

  it('writes what was suppressed once the minute is over', async () => {
    let now = Date.UTC(2026, 0, 1);
    const { audit } = fresh(() => now);
    const app = Fastify();
    installAuditHook(app, audit, () => now);
    app.get('/api/v1/x', async (_req, reply) => reply.status(401).send({ code: 'UNAUTHENTICATED' }));
    for (let i = 0; i < 25; i++) await app.inject({ url: '/api/v1/x' });
    now += 60_000;
    await app.inject({ url: '/api/v1/x' });
    await vi.waitFor(() => expect(audit.list({ limit: 1000 }).entries).toHaveLength(22));
    const actions = audit.list({ limit: 1000 }).entries.map((e) => `${e.action}:${e.target}`);
    expect(actions.filter((a) => a.startsWith('auth.failed:'))).toHaveLength(21);
    expect(actions).toContain('auth.failed.suppressed:count=5');
    await app.close();
  });
});
