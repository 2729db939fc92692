import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerDriver } from '../../kernel-service/src/sandbox/index.js';
import { fakeGpuHost, OPEN_PROBE, type FakeGpuHost } from '../helpers/gpu.js';
import { TOKEN, testKernel } from '../helpers/kernel.js';
import { connect, containersOf, docker, newInstance, prepare, removeTestContainers, sh, spec, waitForFile } from './helpers.js';

/**
 * GPU passthrough by device nodes (no NVIDIA runtime, no CDI: Debian's case), end to end on a
 * machine without a GPU: nvidia-smi answers from a real capture, the nodes are real character
 * devices with the NVIDIA driver's numbers (helpers/gpu.ts), the "driver libraries" are files.
 * What is checked is what the kernel does: the right nodes and files in the container, its own
 * node past the container's device cgroup (ENXIO: no driver on this host, not EPERM), the driver
 * files read-only, nothing else.
 */
const instance = newInstance();
const UUID0 = 'GPU-0d4a2b7e-91c3-4f58-a6e2-3b8c5d1f9a70';
let driver: DockerDriver;
let host: FakeGpuHost;
let k: Awaited<ReturnType<typeof testKernel>>;
const auth = { authorization: `Bearer ${TOKEN}` };
const appsFile = join(mkdtempSync(join(tmpdir(), 'aether-apps-')), 'compute-apps.txt');
writeFileSync(appsFile, '');

beforeAll(async () => {
  await prepare();
  driver = await connect(instance, undefined, { gpuMode: 'nodes' });
  // The compute processes nvidia-smi reports are written by the test, once it knows a container's host PID.
  host = fakeGpuHost('h100-busy.txt', [0, 1], { apps: appsFile });
  k = await testKernel({
    drivers: { defaultDriver: 'docker', available: new Map([['docker', driver]]), unavailable: new Map() },
    uidBase: 297_000,
    gpus: host.allocator,
  });
});
afterAll(async () => {
  await k.app.close();
  await driver.close();
  await removeTestContainers(instance);
});

const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
  const res = await k.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() };
};

describe('GPU passthrough by device nodes (Docker)', () => {
  it('gives the container its GPU node and the control nodes, usable, and the driver files read-only', async () => {
    const allocator = k.supervisor.gpus!;
    const plan = allocator.choose({ deviceIds: ['1'] }, await allocator.inventory());
    const gpus = allocator.attachment(plan, await allocator.host.files());
    const lib = host.libraries[0]!;
    const s = spec(
      sh(
        [
          'for n in /dev/nvidia*; do stat -c "%n %F %t,%T" $n; done > nodes',
          `python3 -c '${OPEN_PROBE}' /dev/nvidia1 /dev/nvidiactl > opened`,
          `cat ${lib} > lib`,
          `(echo y >> ${lib}) 2>/dev/null && echo writable > lib-write || echo read-only > lib-write`,
          `test -x ${host.smi} && echo present > smi`,
        ].join('; '),
      ),
      { gpus },
    );
    const h = await driver.launch(s);
    await expect(h.exited).resolves.toMatchObject({ code: 0 });
    const home = s.agent.home;
    expect((await waitForFile(home, 'nodes')).split('\n')).toEqual([
      // stat prints the numbers in hex: 509:0, 195:1, 195:255.
      '/dev/nvidia-uvm character special file 1fd,0',
      '/dev/nvidia1 character special file c3,1',
      '/dev/nvidiactl character special file c3,ff',
    ]);
    expect(JSON.parse(readFileSync(join(home, 'opened'), 'utf8'))).toEqual({
      '/dev/nvidia1': 'ENXIO',
      '/dev/nvidiactl': 'ENXIO',
    });
    expect(readFileSync(join(home, 'lib'), 'utf8')).toBe(readFileSync(lib, 'utf8'));
    expect(readFileSync(join(home, 'lib-write'), 'utf8').trim()).toBe('read-only');
    expect(readFileSync(join(home, 'smi'), 'utf8').trim()).toBe('present');
    await h.destroy();
  });

  it('through the API: assigns, shows the holder and its GPU stats, frees the GPU when the process ends', async () => {
    const spawned = await call('POST', '/api/v1/agents', {
      name: 'trainer',
      command: ['/bin/sleep', '600'],
      sandbox: { gpus: { count: 1 } },
    });
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const pid = spawned.body.pid as number;
    expect(spawned.body.sandbox).toMatchObject({ driver: 'docker', gpus: { count: 1 } });

    const gpus = await call('GET', '/api/v1/gpus');
    expect(gpus.body).toMatchObject({
      passthrough: { docker: 'nodes' },
      assignments: [{ pid, shared: false, gpus: [{ index: 0 }] }],
    });
    expect(gpus.body.gpus[0].heldBy).toEqual([{ pid, shared: false }]);

    // The second GPU is still free; asking for two now is GPU_BUSY, and leaves nothing behind.
    const busy = await call('POST', '/api/v1/agents', {
      name: 'greedy',
      command: ['/bin/true'],
      sandbox: { gpus: { count: 2 } },
    });
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('GPU_BUSY');
    expect(k.repo.list().some((p) => p.agent.name === 'greedy')).toBe(false);

    // nvidia-smi reports a process of this container (its init, by host PID) on GPU 0, and one of the host's.
    const info = await docker.getContainer(spawned.body.sandbox.id as string).inspect();
    writeFileSync(appsFile, `${info.State.Pid}, ${UUID0}, 1234\n${process.pid}, ${UUID0}, 999\n`);
    const stats = await call('GET', `/api/v1/agents/${pid}/stats`);
    expect(stats.body.gpus).toEqual([{ index: 0, uuid: UUID0, shared: false, memoryUsedMiB: 1234, utilizationPercent: 100 }]);
    const metrics = await k.app.inject({ method: 'GET', url: '/metrics', headers: auth });
    expect(metrics.body).toContain(
      `aether_process_gpu_memory_bytes{pid="${pid}",agent="trainer",driver="docker",gpu="0"} ${1234 * 1024 * 1024}`,
    );

    const ended = await call('DELETE', `/api/v1/agents/${pid}`);
    expect(ended.body.state).toBe('killed');
    expect((await call('GET', '/api/v1/gpus')).body.assignments).toEqual([]);
    expect((await containersOf(instance)).some((c) => c.Labels['aether.pid'] === String(pid))).toBe(false);
  });
});
