import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Exposition } from '../../kernel-service/src/stats/index.js';
import { fakeGpuHost } from '../helpers/gpu.js';
import { TOKEN, testKernel } from '../helpers/kernel.js';

const auth = { authorization: `Bearer ${TOKEN}` };
let k: Awaited<ReturnType<typeof testKernel>>;

beforeAll(async () => {
  k = await testKernel({ gpus: fakeGpuHost('h100-busy.txt', [0, 1]).allocator });
});
afterAll(async () => {
  await k.app.close();
});

const get = (url: string, headers: Record<string, string> = auth) => k.app.inject({ method: 'GET', url, headers });
const spawn = (payload: object) => k.app.inject({ method: 'POST', url: '/api/v1/agents', headers: auth, payload });

describe('GPU requests through the API (a stand-in GPU host: nvidia-smi fixture, mknod nodes)', () => {
  it('GET /gpus lists the inventory with holders and how each driver passes GPUs', async () => {
    const res = await get('/api/v1/gpus');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      gpus: [
        { index: 0, name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559, utilizationPercent: 100, heldBy: [] },
        { index: 1, heldBy: [] },
      ],
      passthrough: { none: 'none' },
      assignments: [],
    });
  });

  it('a launch that fails frees the GPUs it was given', async () => {
    const res = await spawn({ name: 'gpu-fail', command: ['/bin/true'], sandbox: { gpus: { count: 2 } } });
    expect(res.statusCode).toBe(502); // the host tier's driver refuses every launch
    const rec = k.repo.list().find((p) => p.agent.name === 'gpu-fail');
    expect(rec?.state).toBe('failed');
    expect((await get('/api/v1/gpus')).json()).toMatchObject({ assignments: [] });
  });

  it('a request the host cannot serve is refused before anything exists', async () => {
    const before = k.repo.list().length;
    const res = await spawn({ name: 'gpu-greedy', command: ['/bin/true'], sandbox: { gpus: { count: 3 } } });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'GPU_UNAVAILABLE' });
    const unknown = await spawn({ name: 'gpu-greedy', command: ['/bin/true'], sandbox: { gpus: { deviceIds: ['GPU-nope'] } } });
    expect(unknown.json()).toMatchObject({ code: 'GPU_UNAVAILABLE' });
    expect(k.repo.list().length).toBe(before);
    expect(k.db.prepare(`SELECT COUNT(*) AS n FROM agents WHERE name = 'gpu-greedy'`).get()).toEqual({ n: 0 });
  });

  it('a busy GPU is GPU_BUSY (409), naming the holder', async () => {
    // A holder as a kernel that restarted would find it: a running process with an assignment.
    const holder = k.repo.list().find((p) => p.agent.name === 'gpu-fail')!.pid;
    k.db.prepare(`UPDATE processes SET state = 'running' WHERE pid = ?`).run(holder);
    k.supervisor.gpus!.assign(holder, { gpus: [{ index: 1, uuid: 'GPU-6e1f3a9c-27b4-4d8a-b5c1-8f2e4a6d0b91' }], shared: false });
    const res = await spawn({ name: 'gpu-late', command: ['/bin/true'], sandbox: { gpus: { deviceIds: ['1'], shared: true } } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'GPU_BUSY', details: { busy: [{ index: 1, heldBy: [holder] }] } });
    expect((await get('/api/v1/gpus')).json().gpus[1].heldBy).toEqual([{ pid: holder, shared: false }]);
    // Reconciliation finds it gone (no sandbox anywhere) and frees the GPU.
    await k.supervisor.reconcile();
    expect((await get('/api/v1/gpus')).json().assignments).toEqual([]);
  });

  it('refuses a malformed GPU request with VALIDATION_FAILED', async () => {
    const res = await spawn({ name: 'x', command: ['/bin/true'], sandbox: { gpus: { count: 1, shared: 'yes' } } });
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('stats and metrics endpoints', () => {
  it('GET /system/stats: host CPU, memory, disk, the kernel process, GPUs', async () => {
    const body = (await get('/api/v1/system/stats')).json();
    expect(body.host.cpus).toBeGreaterThan(0);
    expect(body.host.memory.totalBytes).toBeGreaterThan(body.host.memory.availableBytes);
    expect(body.host.disk.totalBytes).toBeGreaterThan(0);
    expect(body.kernel).toMatchObject({ pid: process.pid });
    expect(body.kernel.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(body.gpus.gpus).toHaveLength(2);
  });

  it('GET /stats is empty without live processes; a process that is not running has no stats', async () => {
    expect((await get('/api/v1/stats')).json()).toEqual({ processes: {} });
    const pid = k.repo.list()[0]!.pid;
    const res = await get(`/api/v1/agents/${pid}/stats`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PROCESS_NOT_RUNNING');
    expect((await get('/api/v1/agents/99999/stats')).json().code).toBe('PROCESS_NOT_FOUND');
  });

  it('/metrics needs the bearer token', async () => {
    expect((await get('/metrics', {})).statusCode).toBe(401);
    expect((await get('/metrics', { authorization: 'Bearer wrong-token-0123456789' })).statusCode).toBe(401);
  });

  it('/metrics is Prometheus text: process counts, spawns, GPUs, the kernel', async () => {
    const res = await get('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toMatch(/^# TYPE aether_processes gauge$/m);
    expect(text).toMatch(/^aether_processes\{state="failed",driver="none"\} [1-9]/m);
    expect(text).toMatch(/^aether_spawns_total\{driver="none"\} [1-9]/m);
    expect(text).toContain(
      'aether_gpu_info{gpu="0",uuid="GPU-0d4a2b7e-91c3-4f58-a6e2-3b8c5d1f9a70",name="NVIDIA H100 80GB HBM3"} 1',
    );
    expect(text).toMatch(/^aether_gpu_memory_total_bytes\{gpu="1",[^}]*\} 85520809984$/m);
    expect(text).toMatch(/^aether_gpu_utilization_percent\{gpu="0",[^}]*\} 100$/m);
    expect(text).toMatch(/^aether_kernel_resident_memory_bytes [0-9]+$/m);
    // Every sample line is "name{labels} number" or "name number".
    for (const line of text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[0-9.e+]+$/);
    }
  });

  it('escapes label values', () => {
    const e = new Exposition();
    e.family('x', 'gauge', 'help', [
      [{ agent: 'a"b\\c\nd' }, 1],
      [{ agent: 'skip' }, null],
    ]);
    expect(e.text()).toBe('# HELP x help\n# TYPE x gauge\nx{agent="a\\"b\\\\c\\nd"} 1\n');
  });
});
