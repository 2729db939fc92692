/**
 * Logs, exec and files of a containerised process, through the whole kernel's API (inject) with
 * the Docker driver: the engine's logs with stdout and stderr apart (also once the container is
 * removed), `docker exec` as the agent in its home, and file writes seen from inside.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxDriver } from '../../kernel-service/src/sandbox/index.js';
import { TOKEN, testKernel } from '../helpers/kernel.js';
import { connect, newInstance, prepare, sleep } from './helpers.js';

let k: Awaited<ReturnType<typeof testKernel>>;
let driver: SandboxDriver;
const instance = newInstance();
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  await prepare();
  driver = await connect(instance, undefined, { logsDir: mkdtempSync(join(tmpdir(), 'aether-container-logs-')) });
  k = await testKernel({
    drivers: { defaultDriver: 'docker', available: new Map([['docker', driver]]), unavailable: new Map() },
    uidBase: 297_000,
  });
});
afterAll(async () => {
  await k.app.close();
  await driver.close();
});

const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
  const res = await k.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() };
};

async function spawn(name: string, command: string[]): Promise<number> {
  const res = await call('POST', '/api/v1/agents', { name, command });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.pid as number;
}

describe('logs, exec and files with the Docker driver', () => {
  it('reads stdout and stderr apart, live and after the container was removed; tail', async () => {
    // The engine copies the two streams separately: lines written microseconds apart may swap places,
    // so the lines are 200 ms apart (the order across streams comes from the engine's timestamps).
    const pid = await spawn('docker-logger', [
      '/bin/sh',
      '-c',
      'echo out-one; sleep 0.2; echo err-one >&2; sleep 0.2; echo out-two',
    ]);
    await k.supervisor.waitForExit(pid);
    const res = await call('GET', `/api/v1/agents/${pid}/logs`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body.entries as { stream: string; text: string }[]).map((e) => [e.stream, e.text])).toEqual([
      ['stdout', 'out-one'],
      ['stderr', 'err-one'],
      ['stdout', 'out-two'],
    ]);
    const tail = await call('GET', `/api/v1/agents/${pid}/logs?tail=1`);
    expect((tail.body.entries as { text: string }[]).map((e) => e.text)).toEqual(['out-two']);
  });

  it('runs a command as the agent in its home, with stdin and its exit code; times out; streams', async () => {
    const pid = await spawn('docker-exec', ['/bin/sh', '-c', 'echo private > /tmp/marker; exec sleep 600']);
    await sleep(300);
    const res = await call('POST', `/api/v1/agents/${pid}/exec`, {
      command: ['/bin/sh', '-c', 'id -u; pwd; cat /tmp/marker; cat; echo e >&2; exit 4'],
      stdin: 'piped\n',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const uid = String(k.supervisor.agentUid(pid));
    expect(res.body).toMatchObject({
      exitCode: 4,
      timedOut: false,
      stdout: `${uid}\n/home/agent\nprivate\npiped\n`,
      stderr: 'e\n',
    });
    const slow = await call('POST', `/api/v1/agents/${pid}/exec`, { command: ['/bin/sleep', '30'], timeoutMs: 500 });
    expect(slow.body.timedOut).toBe(true);
    const stream = await k.app.inject({
      method: 'POST',
      url: `/api/v1/agents/${pid}/exec?stream=true`,
      headers: auth,
      payload: { command: ['/bin/sh', '-c', 'echo a; exit 2'] },
    });
    const lines = stream.body
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ stream: 'stdout', data: Buffer.from('a\n').toString('base64') });
    expect(lines.at(-1)).toMatchObject({ exitCode: 2, timedOut: false });
    await call('DELETE', `/api/v1/agents/${pid}`);
  });

  it('writes a file the container sees, owned by the agent; deletes it', async () => {
    const pid = await spawn('docker-files', ['/bin/sleep', '600']);
    const put = await k.app.inject({
      method: 'PUT',
      url: `/api/v1/agents/${pid}/files/content?path=in/box.txt`,
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('from the api'),
    });
    expect(put.statusCode, put.body).toBe(200);
    const seen = await call('POST', `/api/v1/agents/${pid}/exec`, {
      command: ['/bin/sh', '-c', 'cat in/box.txt; echo; stat -c %u in/box.txt; id -u'],
    });
    const [text, owner, self] = (seen.body.stdout as string).trim().split('\n');
    expect(text).toBe('from the api');
    expect(owner).toBe(self);
    const del = await k.app.inject({
      method: 'DELETE',
      url: `/api/v1/agents/${pid}/files?path=in&recursive=true`,
      headers: auth,
    });
    expect(del.statusCode).toBe(204);
    const gone = await call('POST', `/api/v1/agents/${pid}/exec`, { command: ['/bin/ls', 'in'] });
    expect(gone.body.exitCode).not.toBe(0);
    await call('DELETE', `/api/v1/agents/${pid}`);
  });
});
