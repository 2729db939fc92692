import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxDriver } from '../../kernel-service/src/sandbox/index.js';
import { TOKEN, testKernel } from '../helpers/kernel.js';
import { connect, docker, newInstance, prepare } from './helpers.js';

/** The whole kernel (API, supervisor, SQLite) with the Docker driver as the default, through HTTP inject. */
let k: Awaited<ReturnType<typeof testKernel>>;
let driver: SandboxDriver;
const instance = newInstance();
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  await prepare();
  driver = await connect(instance);
  k = await testKernel({
    drivers: { defaultDriver: 'docker', available: new Map([['docker', driver]]), unavailable: new Map() },
    uidBase: 298_000,
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

async function containersOf(pid: number) {
  return docker.listContainers({ all: true, filters: { label: [`aether.instance=${instance}`, `aether.pid=${pid}`] } });
}

describe('the API with the Docker driver', () => {
  it('spawns, pauses, resumes and terminates a containerised process, then removes the container', async () => {
    const spawned = await call('POST', '/api/v1/agents', {
      name: 'dockered',
      command: ['/bin/sleep', '600'],
      limits: { memoryMax: '64M' },
    });
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const pid = spawned.body.pid as number;
    expect(spawned.body).toMatchObject({ state: 'running', sandbox: { driver: 'docker' } });
    expect(await containersOf(pid)).toHaveLength(1);

    expect((await call('POST', `/api/v1/agents/${pid}/pause`)).body.state).toBe('paused');
    expect((await containersOf(pid))[0]!.State).toBe('paused');
    expect((await call('POST', `/api/v1/agents/${pid}/resume`)).body.state).toBe('running');

    const ended = await call('DELETE', `/api/v1/agents/${pid}`);
    expect(ended.body).toMatchObject({ state: 'killed', exit: { signal: 'SIGTERM' } });
    expect(await containersOf(pid)).toHaveLength(0);
  });

  it('records the exit code of a program that ends by itself', async () => {
    const spawned = await call('POST', '/api/v1/agents', { name: 'dockered', command: ['/bin/sh', '-c', 'exit 5'] });
    const done = await k.supervisor.waitForExit(spawned.body.pid as number);
    expect(done).toMatchObject({ state: 'exited', exit: { code: 5 } });
  });

  it('refuses a GPU request on a host without GPUs, leaving no container', async () => {
    const res = await call('POST', '/api/v1/agents', {
      name: 'trainer',
      command: ['/bin/true'],
      sandbox: { gpus: { count: 1 } },
    });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('GPU_UNAVAILABLE');
    // Refused before anything exists: no process, no container.
    expect(k.repo.list().some((p) => p.agent.name === 'trainer')).toBe(false);
    expect(
      await docker.listContainers({
        all: true,
        filters: { label: [`aether.instance=${instance}`, 'aether.agent-name=trainer'] },
      }),
    ).toHaveLength(0);
  });

  it('refuses an image that is not on the host', async () => {
    const res = await call('POST', '/api/v1/agents', {
      name: 'imaged',
      command: ['/bin/true'],
      sandbox: { image: 'nope/not-here:1' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code, JSON.stringify(res.body)).toBe('IMAGE_NOT_FOUND');
  });
});
