/**
 * people/: users, tokens, sessions and the permission table, through app.inject against the real
 * app (SQLite, scrypt, the guard hook). The clock is injectable: expiry and throttling without sleeps.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installGuard, People, PERMISSIONS } from '../../kernel-service/src/people/index.js';
import { openDatabase } from '../../kernel-service/src/store/index.js';
import { TEST_SCRYPT, TOKEN, testKernel } from '../helpers/kernel.js';
import { fullApp } from '../helpers/full-app.js';

let clock = Date.now();
let k: Awaited<ReturnType<typeof testKernel>>;
const admin = { authorization: `Bearer ${TOKEN}` };
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

beforeAll(async () => {
  k = await testKernel({ now: () => clock });
});
afterAll(async () => {
  await k.app.close();
});

async function user(name: string, role: string, grants: string[] = []) {
  const res = await k.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: admin,
    payload: { name, role, password: 'correct horse battery', grants },
  });
  expect(res.statusCode).toBe(201);
}
async function login(name: string, password = 'correct horse battery', ip = '10.0.0.1') {
  return k.app.inject({ method: 'POST', url: '/api/v1/session', payload: { name, password }, remoteAddress: ip });
}
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0]!;
async function token(role: string, extra: Record<string, unknown> = {}) {
  const res = await k.app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: admin,
    payload: { name: `t-${role}`, role, ...extra },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; secret: string }>();
}

describe('the permission table', () => {
  it('names every route of the full app', async () => {
    const app = await fullApp();
    try {
      const ids = Object.values(app.app.swagger().paths ?? {}).flatMap((ops) =>
        Object.values(ops as Record<string, { operationId?: string }>).map((o) => o.operationId),
      );
      for (const id of ids) expect(PERMISSIONS[id!], id).toBeDefined();
    } finally {
      await app.app.close();
    }
  });

  it('control: a route without an entry stops the app from starting', async () => {
    const app = Fastify();
    const db = openDatabase(':memory:');
    installGuard(app, new People({ db, bootstrapToken: TOKEN, scrypt: TEST_SCRYPT }), k.supervisor);
    app.get('/health', { schema: { operationId: 'getHealth' } }, async () => 'ok');
    expect(() => app.get('/api/v1/unlisted', { schema: { operationId: 'unlistedRoute' } }, async () => 'x')).toThrow(/no entry/);
    await app.close();
  });
});

describe('roles', () => {
  it('viewer reads but cannot spawn; operator may try a spawn; no credential is 401', async () => {
    const viewer = await token('viewer');
    const operator = await token('operator');
    expect((await k.app.inject({ url: '/api/v1/agents', headers: bearer(viewer.secret) })).statusCode).toBe(200);
    const refused = await k.app.inject({
      method: 'POST',
      url: '/api/v1/agents',
      headers: bearer(viewer.secret),
      payload: { name: 'x', command: ['/bin/true'] },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused.json().message).toMatch(/operator/);
    // control: the operator passes the guard (the host tier's driver then refuses the launch itself)
    const tried = await k.app.inject({
      method: 'POST',
      url: '/api/v1/agents',
      headers: bearer(operator.secret),
      payload: { name: 'x', command: ['no-such-program'] },
    });
    expect(tried.json().code).toBe('COMMAND_NOT_FOUND');
    expect((await k.app.inject({ url: '/api/v1/agents' })).json().code).toBe('UNAUTHENTICATED');
    expect((await k.app.inject({ url: '/api/v1/users', headers: bearer(operator.secret) })).statusCode).toBe(403);
    expect((await k.app.inject({ url: '/api/v1/users', headers: admin })).statusCode).toBe(200);
  });

  it('a principal cannot mint a token above its role', async () => {
    const viewer = await token('viewer');
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(viewer.secret),
      payload: { name: 'up', role: 'admin' },
    });
    expect(res.statusCode).toBe(403);
    const ok = await k.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(viewer.secret),
      payload: { name: 'same', role: 'viewer' },
    });
    expect(ok.statusCode).toBe(201);
  });
});

describe('tokens', () => {
  it('expiry and revocation take effect at once', async () => {
    const t = await token('viewer', { expiresInSeconds: 60 });
    expect((await k.app.inject({ url: '/api/v1/session', headers: bearer(t.secret) })).statusCode).toBe(200);
    clock += 61_000;
    expect((await k.app.inject({ url: '/api/v1/session', headers: bearer(t.secret) })).json().code).toBe('TOKEN_EXPIRED');
    const r = await token('viewer');
    expect((await k.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${r.id}`, headers: admin })).statusCode).toBe(204);
    expect((await k.app.inject({ url: '/api/v1/session', headers: bearer(r.secret) })).statusCode).toBe(401);
  });

  it('rotate invalidates the old bootstrap token', async () => {
    const res = await k.app.inject({ method: 'POST', url: '/api/v1/tokens/bootstrap/rotate', headers: admin });
    const secret = res.json<{ secret: string }>().secret;
    expect((await k.app.inject({ url: '/api/v1/agents', headers: admin })).statusCode).toBe(401);
    expect((await k.app.inject({ url: '/api/v1/agents', headers: bearer(secret) })).statusCode).toBe(200);
    k.people.bootstrap['current'] = TOKEN; // back to the helper's token for the other tests
  });
});

describe('sessions', () => {
  it('logs in, needs CSRF for changes, and dies when the user is disabled', async () => {
    await user('olive', 'operator');
    const res = await login('olive');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/aether_session=.+; HttpOnly; SameSite=Strict; Path=\//);
    const cookie = cookieOf(res);
    const { csrfToken } = res.json<{ csrfToken: string }>();
    const me = await k.app.inject({ url: '/api/v1/session', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { name: 'olive', role: 'operator' }, kind: 'user', csrfToken });
    const noCsrf = await k.app.inject({ method: 'POST', url: '/api/v1/session/ticket', headers: { cookie } });
    expect(noCsrf.json().code).toBe('CSRF_FAILED');
    const wrong = await k.app.inject({
      method: 'POST',
      url: '/api/v1/session/ticket',
      headers: { cookie, 'x-csrf-token': 'nope' },
    });
    expect(wrong.json().code).toBe('CSRF_FAILED');
    const ok = await k.app.inject({
      method: 'POST',
      url: '/api/v1/session/ticket',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(ok.statusCode).toBe(200);
    await k.app.inject({ method: 'PATCH', url: '/api/v1/users/olive', headers: admin, payload: { disabled: true } });
    expect((await k.app.inject({ url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(401);
  });

  it('throttles failed logins (429 with Retry-After), then lets the right password in after the window', async () => {
    await user('tina', 'viewer');
    for (let i = 0; i < 5; i++) expect((await login('tina', 'wrong password!!', '10.0.0.9')).json().code).toBe('LOGIN_FAILED');
    const throttled = await login('tina', 'correct horse battery', '10.0.0.9');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().code).toBe('LOGIN_THROTTLED');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    clock += 61_000;
    expect((await login('tina', 'correct horse battery', '10.0.0.9')).statusCode).toBe(200);
    expect((await login('nobody-here', 'correct horse battery', '10.0.0.8')).json().code).toBe('LOGIN_FAILED');
  });

  it('a ticket is single use', async () => {
    const t = (await k.app.inject({ method: 'POST', url: '/api/v1/session/ticket', headers: admin })).json<{ ticket: string }>()
      .ticket;
    const ws = { upgrade: 'websocket', connection: 'upgrade' };
    expect(k.people.tickets.redeem(t)).toMatchObject({ name: 'admin' });
    expect(k.people.tickets.redeem(t)).toBeNull();
    expect(ws.upgrade).toBe('websocket');
  });

  it('refuses bad input with 4xx codes and creates nothing', async () => {
    const weak = await k.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: { name: 'weak', role: 'viewer', password: 'short' },
    });
    expect(weak.json().code).toBe('PASSWORD_TOO_WEAK');
    expect((await k.app.inject({ url: '/api/v1/users/weak', headers: admin })).json().code).toBe('USER_NOT_FOUND');
    await user('dup', 'viewer');
    const dup = await k.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: { name: 'dup', role: 'viewer', password: 'correct horse battery' },
    });
    expect(dup.json().code).toBe('USER_EXISTS');
    const badRole = await k.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: admin,
      payload: { name: 'x', role: 'root' },
    });
    expect(badRole.json().code).toBe('VALIDATION_FAILED');
  });
});
