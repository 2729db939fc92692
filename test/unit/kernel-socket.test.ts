import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelCallError, KernelClient } from '../../kernel-service/src/runtime/kernel-client.js';
import { buildSocketApp, KernelSockets } from '../../kernel-service/src/socket/index.js';
import { openai, startOpenAIServer } from '../helpers/llm-servers/openai.js';
import type { ScriptedServer } from '../helpers/llm-servers/scripted-server.js';
import { gatewayFor } from './llm/gateway-for.js';
import { testAuthority } from '../helpers/authority.js';
import { openDatabase } from '../../kernel-service/src/store/index.js';

const uid = process.getuid!();
let sockets: KernelSockets;
let provider: ScriptedServer;

beforeAll(async () => {
  provider = await startOpenAIServer();
  const { gateway } = gatewayFor(
    { providers: { openai: { baseUrl: `${provider.url}/v1` } }, defaultModel: 'openai/m' },
    {
      OPENAI_API_KEY: 'sk-test',
    },
  );
  sockets = new KernelSockets(mkdtempSync(join(tmpdir(), 'aether-sock-')));
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'aether-sockdb-')), 'aether.db'));
  sockets.attach(
    await buildSocketApp({
      llm: gateway,
      log: pino({ level: 'silent' }),
      authority: testAuthority(db, {}, { defaultModel: 'openai/m', fallbacks: [] }),
    }),
  );
});

afterAll(async () => {
  await sockets.stopAll();
  await provider.close();
});

describe('per-process kernel sockets on one shared router', () => {
  it('tells each socket its own caller', async () => {
    const a = new KernelClient(join(await sockets.serve(41, 'alpha', uid), 'kernel.sock'));
    const b = new KernelClient(join(await sockets.serve(42, 'beta', uid), 'kernel.sock'));
    expect(await a.get('/v1/whoami')).toEqual({ pid: 41, agent: 'alpha' });
    expect(await b.get('/v1/whoami')).toEqual({ pid: 42, agent: 'beta' });
  });

  it('answers chat completions through the gateway', async () => {
    provider.push(openai.text('hi there', 3, 2));
    const c = new KernelClient(join(await sockets.serve(43, 'gamma', uid), 'kernel.sock'));
    const out = await c.post<{ choices: { message: { content: string } }[] }>('/v1/chat/completions', {
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(out.choices[0]!.message.content).toBe('hi there');
  });

  it('gives errors in OpenAI’s envelope with our stable code', async () => {
    const c = new KernelClient(join(await sockets.serve(44, 'delta', uid), 'kernel.sock'));
    const missing = await c.get('/v1/nothing').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(KernelCallError);
    expect(missing).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const bad = await c.post('/v1/chat/completions', { messages: [] }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('retries while the socket is gone, as when the kernel restarts', async () => {
    const dir = await sockets.serve(45, 'epsilon', uid);
    await sockets.close(45);
    const c = new KernelClient(join(dir, 'kernel.sock'));
    const pending = c.get('/v1/whoami', { retryUnreachableMs: 5000 });
    setTimeout(() => void sockets.serve(45, 'epsilon', uid), 200);
    expect(await pending).toEqual({ pid: 45, agent: 'epsilon' });
    await expect(new KernelClient('/nonexistent/kernel.sock').get('/v1/whoami', { retryUnreachableMs: 0 })).rejects.toThrow(
      /ENOENT/,
    );
  });
});
