import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerDriver } from '../../kernel-service/src/sandbox/index.js';
import { connect, containersOf, newInstance, prepare, removeTestContainers, spec } from './helpers.js';

const instance = newInstance();
let driver: DockerDriver;

beforeAll(async () => {
  await prepare();
  driver = await connect(instance);
});
afterAll(async () => {
  await driver?.close();
  await removeTestContainers(instance);
});

describe('Docker sandboxes: failures are clear and leave nothing behind', () => {
  it('an engine that is not there is SANDBOX_UNAVAILABLE, naming the socket', async () => {
    await expect(connect(instance, '/nonexistent/docker.sock')).rejects.toMatchObject({
      code: 'SANDBOX_UNAVAILABLE',
      message: expect.stringContaining('/nonexistent/docker.sock'),
    });
  });

  it('a missing image is IMAGE_NOT_FOUND (there is no registry to pull from)', async () => {
    const s = spec(['/bin/true'], { image: 'aether-no-such-image:0' });
    await expect(driver.launch(s)).rejects.toMatchObject({
      code: 'IMAGE_NOT_FOUND',
      message: expect.stringContaining('aether-no-such-image:0'),
    });
    expect(await containersOf(instance)).toEqual([]);
  });

  // This host has no NVIDIA runtime: Docker answers "could not select device driver".
  it.each([{ count: 'all' as const }, { count: 1 }, { deviceIds: ['0'] }])(
    'a GPU request (%o) is GPU_UNAVAILABLE, and no container is left',
    async (gpus) => {
      const s = spec(['/bin/true'], { gpus });
      const err = await driver.launch(s).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'GPU_UNAVAILABLE', message: expect.stringMatching(/could not select device driver/) });
      expect(await containersOf(instance)).toEqual([]);
    },
  );

  it('a failed start for another reason is SANDBOX_LAUNCH_FAILED, and no container is left', async () => {
    // A home that does not exist cannot be bound: the engine refuses at start.
    const s = spec(['/bin/true'], { agent: { id: 'agt_x', name: 'x', uid: 299_000, home: '/nonexistent/aether-home' } });
    await expect(driver.launch(s)).rejects.toMatchObject({ code: 'SANDBOX_LAUNCH_FAILED' });
    expect(await containersOf(instance)).toEqual([]);
  });
});
