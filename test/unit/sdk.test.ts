/**
 * The SDK (kernel-service/sdk) against the real API (buildApp) listening on a real port: errors
 * carry the kernel's codes, lists and files go through, events stream over a real WebSocket, and
 * the TLS pin accepts exactly the certificate it names (a self-signed one made here with openssl)
 * and refuses any other before sending a byte.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Aether,
  AetherApiError,
  AetherConnectionError,
  formatFingerprint,
  normalizeFingerprint,
} from '../../kernel-service/sdk/src/index.js';
import { TOKEN, insertTestProcess, testKernel } from '../helpers/kernel.js';
import { DOC_PATH, TYPES_PATH, typesText, type OpenApiDoc } from '../openapi/document.js';

type Kernel = Awaited<ReturnType<typeof testKernel>>;

function selfSigned(dir: string, cn: string) {
  const key = join(dir, `${cn}.key`);
  const crt = join(dir, `${cn}.crt`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2'].concat([
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      key,
      '-out',
      crt,
    ]),
    { stdio: 'ignore' },
  );
  const cert = readFileSync(crt);
  return { cert, key: readFileSync(key), fingerprint: new X509Certificate(cert).fingerprint256 };
}

async function listen(k: Kernel): Promise<string> {
  return k.app.listen({ host: '127.0.0.1', port: 0 });
}

describe('the SDK over plain HTTP', () => {
  let k: Kernel;
  let aether: Aether;
  beforeAll(async () => {
    k = await testKernel();
    aether = new Aether({ url: await listen(k), token: TOKEN });
  });
  afterAll(async () => {
    aether.close();
    await k.app.close();
  });

  it('refusals are AetherApiError with the kernel code, status and hint', async () => {
    const err = await aether.agents.get(424242).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AetherApiError);
    expect(err).toMatchObject({ code: 'PROCESS_NOT_FOUND', status: 404 });
    expect((err as AetherApiError).hint).toMatch(/GET \/api\/v1\/agents/);

    const bad = await aether.agents.spawn({ name: '../etc', command: ['/bin/true'] }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    // Nothing was spawned: the refusal came before any sandbox.
    expect(k.driver.launches).toBe(0);
  });

  it('a wrong token is UNAUTHENTICATED (control: the right one lists)', async () => {
    const wrong = new Aether({ url: aether.http.base.href, token: 'not-the-token-at-all' });
    await expect(wrong.agents.list()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    wrong.close();
    await expect(aether.agents.list()).resolves.toHaveProperty('agents');
  });

  it('lists and gets processes; the list is also an async iterator over its pages', async () => {
    const a = insertTestProcess(k.repo, 'sdk-one');
    const b = insertTestProcess(k.repo, 'sdk-two');
    const page = await aether.agents.list();
    expect(page.agents.map((x) => x.pid)).toEqual(expect.arrayContaining([a, b]));
    const seen: number[] = [];
    for await (const agent of aether.agents.list()) seen.push(agent.pid);
    expect(seen).toEqual(expect.arrayContaining([a, b]));
    const one = await aether.agents.get(b);
    expect(one.record.agent.name).toBe('sdk-two');
    expect(one.state).toBe('created');
  });

  it('a state change the kernel refuses carries its code (pause of a process that never ran)', async () => {
    const agent = await aether.agents.get(insertTestProcess(k.repo, 'sdk-idle'));
    await expect(agent.pause()).rejects.toBeInstanceOf(AetherApiError);
    const err = (await agent.pause().catch((e: unknown) => e)) as AetherApiError;
    expect(err.status).toBe(409);
    expect(err.code).toMatch(/^[A-Z_]+$/);
  });

  it("reads a listing of the agent's home", async () => {
    const agent = await aether.agents.get(insertTestProcess(k.repo, 'sdk-files'));
    const home = join(k.dir, 'homes', agent.record.agent.id);
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'notes.txt'), 'hello');
    const listing = await agent.files.list('/');
    expect(listing.entries).toEqual([expect.objectContaining({ name: 'notes.txt', type: 'file', size: 5 })]);
    await expect(agent.files.list('../..')).rejects.toBeInstanceOf(AetherApiError);
  });

  it('events() yields kernel events from the WebSocket, skipping the hello', async () => {
    const ac = new AbortController();
    const it = aether.events({ signal: ac.signal });
    const first = it.next();
    // The subscription exists once the socket is open; publish until the iterator has one.
    const timer = setInterval(() => k.events.publish({ type: 'test.ping', n: 1 }), 50);
    const got = await first;
    clearInterval(timer);
    expect(got.value).toMatchObject({ type: 'test.ping', n: 1 });
    expect(typeof got.value?.seq).toBe('number');
    ac.abort();
    await it.return(undefined);
  });

  it('list pages with limit and cursor; iterating walks every page; labels filter', async () => {
    const pids = [1, 2, 3, 4, 5].map((i) => insertTestProcess(k.repo, `sdk-page-${i}`));
    const first = await aether.agents.list({ limit: 2 });
    expect(first.agents).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const walked: number[] = [];
    for await (const a of aether.agents.list({ limit: 2 })) walked.push(a.pid);
    expect(walked).toEqual(expect.arrayContaining(pids));
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual([...walked].sort((a, b) => a - b));
    // No process here carries this label: the filter is applied by the kernel (control: without it, all come).
    expect((await aether.agents.list({ label: { team: 'nobody' } })).agents).toEqual([]);
  });

  it('events({after}) replays stored events, then reconnects after a drop without a gap or a duplicate', async () => {
    const before = k.events.publish({ type: 'sdk.before' }).seq;
    const ac = new AbortController();
    const it = aether.events({ after: before - 1, signal: ac.signal });
    expect((await it.next()).value).toMatchObject({ type: 'sdk.before', seq: before });
    // The kernel drops every client (as back-pressure or a restart would); an event is published meanwhile.
    for (const client of k.app.websocketServer.clients) client.terminate();
    const missed = k.events.publish({ type: 'sdk.while-away' }).seq;
    const next = await it.next();
    expect(next.value).toMatchObject({ type: 'sdk.while-away', seq: missed });
    const after = k.events.publish({ type: 'sdk.after' }).seq;
    expect((await it.next()).value).toMatchObject({ type: 'sdk.after', seq: after });
    ac.abort();
    await it.return(undefined);
  });

  it('events() with a bad token throws the refusal instead of reconnecting for ever', async () => {
    const wrong = new Aether({ url: aether.http.base.href, token: 'not-the-token-at-all' });
    await expect(wrong.events().next()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    wrong.close();
  });

  it('a closed port is an AetherConnectionError with the socket code', async () => {
    const gone = new Aether({ url: 'http://127.0.0.1:1', token: TOKEN });
    await expect(gone.system()).rejects.toMatchObject({ name: 'AetherConnectionError', code: 'ECONNREFUSED' });
  });
});

describe('TLS pinned by fingerprint', () => {
  let k: Kernel;
  let url: string;
  let served: ReturnType<typeof selfSigned>;
  let other: ReturnType<typeof selfSigned>;
  beforeAll(async () => {
    const base = await testKernel();
    await base.app.close();
    served = selfSigned(base.dir, 'appliance');
    other = selfSigned(base.dir, 'impostor');
    k = await testKernel({ extend: () => ({ https: { cert: served.cert, key: served.key } }) });
    url = await listen(k);
    expect(url).toMatch(/^https:/);
  });
  afterAll(async () => {
    await k.app.close();
  });

  it('normalizes the fingerprint forms people paste', () => {
    const hex = served.fingerprint.replace(/:/g, '');
    expect(normalizeFingerprint(`sha256:${served.fingerprint.toLowerCase()}`)).toBe(hex);
    expect(normalizeFingerprint(hex)).toBe(hex);
    expect(formatFingerprint(hex)).toBe(`sha256:${served.fingerprint}`);
    expect(() => normalizeFingerprint('sha256:AB:CD')).toThrow(/SHA-256/);
  });

  it('accepts the server whose certificate has the pinned fingerprint', async () => {
    const aether = new Aether({ url, token: TOKEN, fingerprint: `sha256:${served.fingerprint}` });
    await expect(aether.system()).resolves.toMatchObject({ version: 'test' });
    // The WebSocket goes through the same pinned agent.
    const ac = new AbortController();
    const events = aether.events({ signal: ac.signal });
    const first = events.next();
    const timer = setInterval(() => k.events.publish({ type: 'tls.ping' }), 50);
    await expect(first).resolves.toMatchObject({ value: { type: 'tls.ping' } });
    clearInterval(timer);
    ac.abort();
    await events.return(undefined);
    aether.close();
  });

  it('refuses a certificate with another fingerprint, before sending the token', async () => {
    // Counted at the HTTP server: a request that reached it would have carried the token.
    let requests = 0;
    const count = () => requests++;
    k.app.server.on('request', count);
    const aether = new Aether({ url, token: TOKEN, fingerprint: other.fingerprint });
    const err = await aether.system().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AetherConnectionError);
    expect(err).toMatchObject({ code: 'TLS_FINGERPRINT_MISMATCH' });
    expect((err as Error).message).toContain(`sha256:${served.fingerprint}`);
    expect(requests).toBe(0);
    // Control: the counter sees a request that does get through.
    const pinned = new Aether({ url, token: TOKEN, fingerprint: served.fingerprint });
    await pinned.system();
    expect(requests).toBe(1);
    k.app.server.off('request', count);
    pinned.close();
    aether.close();
  });

  it('without a pin the self-signed certificate is untrusted, with a hint to pin it', async () => {
    const aether = new Aether({ url, token: TOKEN });
    await expect(aether.system()).rejects.toMatchObject({ code: 'TLS_UNTRUSTED', message: /fingerprint/ });
    aether.close();
  });

  it('a pin on a plain http:// URL is refused at construction', () => {
    expect(() => new Aether({ url: 'http://127.0.0.1:1', token: TOKEN, fingerprint: served.fingerprint })).toThrow(/https/);
  });
});

describe('generated types', () => {
  it('kernel-service/sdk/src/generated.ts is openapi-typescript of the committed docs/openapi.json', async () => {
    const committed = JSON.parse(readFileSync(DOC_PATH, 'utf8')) as OpenApiDoc;
    expect(readFileSync(TYPES_PATH, 'utf8') === (await typesText(committed)), 'generated.ts is stale: npm run openapi').toBe(
      true,
    );
  });
});
