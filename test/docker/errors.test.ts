import { describe, expect, it } from 'vitest';
import type { GpuAttachment } from '../../kernel-service/src/gpu/index.js';
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

  // The allocator hands drivers particular GPUs; these stand for GPU 0 of an H100 host.
  const gpu0: GpuAttachment = {
    gpus: [{ index: 0, uuid: 'GPU-0d4a2b7e-91c3-4f58-a6e2-3b8c5d1f9a70' }],
    devices: [{ hostPath: '/nonexistent/dev/nvidia0', sandboxPath: '/dev/nvidia0' }],
    files: [],
  };

  // This host has no NVIDIA runtime: a device request gets "could not select device driver".
  it('a GPU device request the engine cannot serve is GPU_UNAVAILABLE, and no container is left', async () => {
    const runtime = await connect(fx.instance, undefined, { gpuMode: 'runtime' });
    try {
      const err = await runtime.launch(spec(['/bin/true'], { gpus: gpu0 })).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'GPU_UNAVAILABLE', message: expect.stringMatching(/could not select device driver/) });
      expect(await containersOf(fx.instance)).toEqual([]);
    } finally {
      await runtime.close();
    }
  });

  it('a device node that is not there is GPU_UNAVAILABLE, and no container is left', async () => {
    const nodes = await connect(fx.instance, undefined, { gpuMode: 'nodes' });
    try {
      const err = await nodes.launch(spec(['/bin/true'], { gpus: gpu0 })).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'GPU_UNAVAILABLE', message: expect.stringContaining('/nonexistent/dev/nvidia0') });
      expect(await containersOf(fx.instance)).toEqual([]);
    } finally {
      await nodes.close();
    }
  });

  it('detects how GPUs reach containers on this engine: no NVIDIA runtime, no CDI spec, so device nodes', () => {
    expect(fx.driver.describe().gpuPassthrough).toBe('nodes');
  });

  it('a failed start for another reason is SANDBOX_LAUNCH_FAILED, and no container is left', async () => {
    // A home that does not exist cannot be bound: the engine refuses at start.
    const s = spec(['/bin/true'], { agent: { id: 'agt_x', name: 'x', uid: 299_000, home: '/nonexistent/aether-home' } });
    await expect(fx.driver.launch(s)).rejects.toMatchObject({ code: 'SANDBOX_LAUNCH_FAILED' });
    expect(await containersOf(fx.instance)).toEqual([]);
  });
});
