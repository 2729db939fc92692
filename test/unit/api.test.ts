import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../kernel-service/src/errors/index.js';
import { REPO } from '../machine/machine.js';
import { TOKEN, testKernel } from '../helpers/kernel.js';

let k: Awaited<ReturnType<typeof testKernel>>;
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  k = await testKernel();
});
afterAll(async () => {
  await k.app.close();
});

async function post(url: string, payload: unknown, headers: Record<string, string> = auth) {
  return k.app.inject({ method: 'POST', url, payload: payload as object, headers });
}

describe('authentication', () => {
  it('serves /health without a token', async () => {
    const res = await k.app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer nope-nope-nope-nope' }],
    ['a malformed header', { authorization: `Token ${TOKEN}` }],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_, headers) => {
    for (const url of ['/api/v1/agents', '/api/v1/system', '/api/v1/agents/1']) {
      const res = await k.app.inject({ url, headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
      expect(res.json().hint).toMatch(/admin.token/);
    }
  });
});

describe('input validation: 4xx with a stable code, nothing created', () => {
  const valid = { name: 'coder', command: ['/bin/true'] };
  const cases: [string, unknown, number, string][] = [
    ['missing command', { name: 'coder' }, 400, 'VALIDATION_FAILED'],
    ['empty command', { name: 'coder', command: [] }, 400, 'VALIDATION_FAILED'],
    ['a bad name', { ...valid, name: '../etc' }, 400, 'VALIDATION_FAILED'],
    ['an unknown key', { ...valid, sudo: true }, 400, 'VALIDATION_FAILED'],
    ['a negative memory limit', { ...valid, limits: { memoryMax: -1 } }, 400, 'VALIDATION_FAILED'],
    ['an absurd memory limit', { ...valid, limits: { memoryMax: '900T' } }, 400, 'LIMIT_OUT_OF_RANGE'],
    ['a tiny memory limit', { ...valid, limits: { memoryMax: 1024 } }, 400, 'LIMIT_OUT_OF_RANGE'],
    ['zero tasks', { ...valid, limits: { tasksMax: 0 } }, 400, 'LIMIT_OUT_OF_RANGE'],
    ['an absurd CPU quota', { ...valid, limits: { cpuQuota: 1_000_000 } }, 400, 'LIMIT_OUT_OF_RANGE'],
    ['an unknown network mode', { ...valid, network: 'bridge' }, 400, 'VALIDATION_FAILED'],
    ['a program that does not exist', { ...valid, command: ['no-such-program-here'] }, 400, 'COMMAND_NOT_FOUND'],
    ['a relative path', { ...valid, command: ['./run.sh'] }, 400, 'COMMAND_NOT_FOUND'],
    ['a reserved environment name', { ...valid, environment: { AETHER_PID: '1' } }, 400, 'VALIDATION_FAILED'],
    ['a bad environment name', { ...valid, environment: { 'A-B': '1' } }, 400, 'VALIDATION_FAILED'],
    ['an unknown parent', { ...valid, ppid: 99999 }, 404, 'PROCESS_NOT_FOUND'],
    ['an unknown driver', { ...valid, sandbox: { driver: 'vm' } }, 400, 'VALIDATION_FAILED'],
    ['a driver this host lacks', { ...valid, sandbox: { driver: 'docker' } }, 503, 'SANDBOX_UNAVAILABLE'],
    ['an image for a host-program driver', { ...valid, sandbox: { image: 'debian:13' } }, 400, 'VALIDATION_FAILED'],
    ['GPUs from a driver without passthrough', { ...valid, sandbox: { gpus: { count: 1 } } }, 503, 'GPU_UNAVAILABLE'],
    ['a malformed GPU request', { ...valid, sandbox: { driver: 'docker', gpus: { count: 0 } } }, 400, 'VALIDATION_FAILED'],
  ];
  it.each(cases)('rejects %s', async (_, body, status, code) => {
    const res = await post('/api/v1/agents', body);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ code });
    expect(typeof res.json().hint).toBe('string');
    expect(k.repo.list()).toHaveLength(0);
    expect(k.driver.launches).toBe(0);
  });

  it('rejects bad JSON with BAD_JSON', async () => {
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/agents',
      payload: '{"name": "x", ',
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('BAD_JSON');
  });

  it('rejects an oversized body with BODY_TOO_LARGE', async () => {
    const res = await post('/api/v1/agents', { name: 'x', command: ['/bin/true'], environment: { BIG: 'x'.repeat(100_000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('BODY_TOO_LARGE');
  });

  it('rejects a non-JSON body with UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/agents',
      payload: 'name=x',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers unknown pids with 404 PROCESS_NOT_FOUND on every verb', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/agents/4242'],
      ['POST', '/api/v1/agents/4242/pause'],
      ['POST', '/api/v1/agents/4242/resume'],
      ['DELETE', '/api/v1/agents/4242'],
    ] as const) {
      const res = await k.app.inject({ method, url, headers: auth });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('PROCESS_NOT_FOUND');
    }
    const sig = await post('/api/v1/agents/4242/signal', { signal: 'SIGTERM' });
    expect(sig.json().code).toBe('PROCESS_NOT_FOUND');
  });

  it('rejects an unknown signal with UNKNOWN_SIGNAL and lists the known ones', async () => {
    for (const signal of ['SIGFOO', 'KILLME', 999, '']) {
      const res = await post('/api/v1/agents/1/signal', { signal });
      expect(res.statusCode, String(signal)).toBe(400);
      expect(['UNKNOWN_SIGNAL', 'VALIDATION_FAILED']).toContain(res.json().code);
    }
    const res = await post('/api/v1/agents/1/signal', { signal: 'SIGFOO' });
    expect(res.json().details.known).toContain('SIGUSR1');
  });

  it('rejects a non-numeric pid', async () => {
    const res = await k.app.inject({ url: '/api/v1/agents/abc', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('answers unknown routes with NOT_FOUND', async () => {
    const res = await k.app.inject({ url: '/api/v1/nope', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});

describe('OpenAPI and the error catalogue', () => {
  it('generates an OpenAPI document from the route schemas', async () => {
    const res = await k.app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/agents', '/api/v1/agents/{pid}', '/api/v1/agents/{pid}/signal', '/api/v1/agents/{pid}/pause']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/agents'].post.requestBody).toBeDefined();
  });

  it('documents every error code in docs/ERRORS.md', () => {
    const doc = readFileSync(join(REPO, 'docs', 'ERRORS.md'), 'utf8');
    for (const code of Object.keys(errorCatalogue)) expect(doc, code).toContain(`\`${code}\``);
  });
});
