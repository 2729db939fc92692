/**
 * CORS for the embeddable components (api.cors.origins, off by default) and the kernel's journald
 * priorities (log/journald.ts).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../kernel-service/src/config/index.js';
import { syslogPriority, withPriority } from '../../kernel-service/src/log/journald.js';
import { TOKEN, testKernel } from '../helpers/kernel.js';

const noFile = join(resolve(import.meta.dirname, '..', '..'), 'test', 'unit', 'fixtures', 'empty-config.json');
const ALLOWED = 'https://portal.example.com:8443';

const preflight = (origin: string) => ({
  method: 'OPTIONS' as const,
  url: '/api/v1/agents',
  headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
});

describe('api.cors.origins', () => {
  it('defaults to none, takes a list from the environment, and refuses what is not an origin', () => {
    expect(loadConfig({ file: noFile, env: {} }).api.cors.origins).toEqual([]);
    expect(
      loadConfig({ file: noFile, env: { AETHER_API_CORS_ORIGINS: `${ALLOWED}, http://[::1]:5173` } }).api.cors.origins,
    ).toEqual([ALLOWED, 'http://[::1]:5173']);
    for (const bad of ['*', 'portal.example.com', 'https://portal.example.com/app', 'ftp://x.example']) {
      expect(() => loadConfig({ file: noFile, env: { AETHER_API_CORS_ORIGINS: bad } }), bad).toThrow(/api\.cors\.origins/);
    }
  });

  describe('with an origin allowed', () => {
    let k: Awaited<ReturnType<typeof testKernel>>;
    beforeAll(async () => {
      k = await testKernel({ extend: () => ({ cors: { origins: [ALLOWED] } }) });
    });
    afterAll(async () => {
      await k.app.close();
    });

    it('answers the preflight of that origin without a token, allowing the Authorization header', async () => {
      const res = await k.app.inject(preflight(ALLOWED));
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(String(res.headers['access-control-allow-headers'])).toMatch(/authorization/i);
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('marks real responses for that origin; another origin gets no grant (control)', async () => {
      const ok = await k.app.inject({ url: '/api/v1/agents', headers: { origin: ALLOWED, authorization: `Bearer ${TOKEN}` } });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['access-control-allow-origin']).toBe(ALLOWED);
      const other = await k.app.inject({
        url: '/api/v1/agents',
        headers: { origin: 'https://evil.example', authorization: `Bearer ${TOKEN}` },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const otherPre = await k.app.inject(preflight('https://evil.example'));
      expect(otherPre.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('still requires the token on the actual request', async () => {
      const res = await k.app.inject({ url: '/api/v1/agents', headers: { origin: ALLOWED } });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    });
  });

  it('off by default: no preflight answer, no grant', async () => {
    const k = await testKernel();
    const pre = await k.app.inject(preflight(ALLOWED));
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.statusCode).toBeGreaterThanOrEqual(400);
    await k.app.close();
  });
});

describe('the embed script', () => {
  it('is served at /embed/aether-embed.js to any origin without a token; the API beside it still needs one', async () => {
    const web = mkdtempSync(join(tmpdir(), 'aether-web-'));
    mkdirSync(join(web, 'embed'));
    writeFileSync(join(web, 'index.html'), '<!doctype html>');
    writeFileSync(join(web, 'embed', 'aether-embed.js'), 'customElements.define("aether-agent", class extends HTMLElement {});');
    const k = await testKernel({ extend: () => ({ webRoot: web }) });
    const res = await k.app.inject({ url: '/embed/aether-embed.js', headers: { origin: 'https://portal.example.com' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body).toContain('aether-agent');
    // Control: the index is not marked for other origins, and the API still refuses without a token.
    expect((await k.app.inject({ url: '/index.html' })).headers['access-control-allow-origin']).toBeUndefined();
    expect((await k.app.inject({ url: '/api/v1/agents', headers: { origin: 'https://portal.example.com' } })).statusCode).toBe(
      401,
    );
    await k.app.close();
  });
});

describe('journald priorities', () => {
  it('maps pino levels to syslog priorities', () => {
    expect([60, 50, 40, 30, 20, 10].map(syslogPriority)).toEqual([2, 3, 4, 6, 7, 7]);
  });

  it("prefixes each of pino's lines with its priority; other lines are left alone", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(withPriority(chunk.toString('utf8')));
        done();
      },
    });
    const log = pino({ level: 'debug', base: { service: 'aether-kernel' } }, sink);
    log.error('disk full');
    log.warn('slow');
    log.info('ready');
    log.debug('detail');
    expect(lines.map((l) => l.slice(0, 3))).toEqual(['<3>', '<4>', '<6>', '<7>']);
    expect(JSON.parse(lines[0]!.slice(3))).toMatchObject({ msg: 'disk full', service: 'aether-kernel' });
    expect(withPriority('not json\n')).toBe('not json\n');
  });
});
