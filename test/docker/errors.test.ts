import { describe, expect, it } from 'vitest';
import { connect, containersOf, spec, useDockerDriver } from './helpers.js';

const fx = useDockerDriver();

describe('Docker sandboxes: failures are clear and leave nothing behind', () => {
  it('an engine that is not there is SANDBOX_UNAVAILABLE, naming the socket', async () => {
    await expect(connect(fx.instance, '/nonexistent/docker.sock')).rejects.toMatchObject({
      code: 'SANDBOX_UNAVAILABLE',
      message: expect.stringContaining('/nonexistent/docker.sock'),
    });
  });

  it('a missing image is IMAGE_NOT_FOUND (there is no registry to pull from)', async () => {
    const s = spec(['/bin/true'], { image: 'aether-no-such-image:0' });
    await expect(fx.driver.launch(s)).rejects.toMatchObject({
      code: 'IMAGE_NOT_FOUND',
      message: expect.stringContaining('aether-no-such-image:0'),
    });
    expect(await containersOf(fx.instance)).toEqual([]);
  });

  // This host has no NVIDIA runtime: Docker answers "could not select device driver".
  it.each([{ count: 'all' as const }, { count: 1 }, { deviceIds: ['0'] }])(
    'a GPU request (%o) is GPU_UNAVAILABLE, and no container is left',
    async (gpus) => {
      const s = spec(['/bin/true'], { gpus });
      const err = await fx.driver.launch(s).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'GPU_UNAVAILABLE', message: expect.stringMatching(/could not select device driver/) });
      expect(await containersOf(fx.instance)).toEqual([]);
    },
  );

  it('a failed start for another reason is SANDBOX_LAUNCH_FAILED, and no container is left', async () => {
    // A home that does not exist cannot be bound: the engine refuses at start.
    const s = spec(['/bin/true'], { agent: { id: 'agt_x', name: 'x', uid: 299_000, home: '/nonexistent/aether-home' } });
    await expect(fx.driver.launch(s)).rejects.toMatchObject({ code: 'SANDBOX_LAUNCH_FAILED' });
    expect(await containersOf(fx.instance)).toEqual([]);
  });
});
