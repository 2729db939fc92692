import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { GpuAllocator, GpuRequest } from '../../kernel-service/src/gpu/index.js';
import { ProcessRepository } from '../../kernel-service/src/agents/index.js';
import { openDatabase, type Db } from '../../kernel-service/src/store/index.js';
import { fakeGpuHost, type FakeGpuHost } from '../helpers/gpu.js';

const H200 = 'h200-8x.txt';

/** Real SQLite; a process row per pid, as the supervisor makes before assigning. */
function setup(host: FakeGpuHost) {
  const db: Db = openDatabase(join(mkdtempSync(join(tmpdir(), 'aether-gpu-')), 'aether.db'));
  const repo = new ProcessRepository(db);
  const agent = repo.findOrCreateAgent('trainer', 200_000);
  const newPid = () =>
    repo.insertProcess({
      ppid: null,
      agentId: agent.id,
      command: ['/bin/true'],
      environment: {},
      limits: { memoryMax: 1, cpuQuota: 1, tasksMax: 1 },
      network: 'none',
      driver: 'docker',
      sandboxOptions: {},
    });
  return { db, repo, newPid, allocator: host.allocator(db) };
}

async function take(a: GpuAllocator, pid: number, request: GpuRequest) {
  return a.assign(pid, a.choose(request, await a.inventory()));
}

describe('GPU allocator', () => {
  let host: FakeGpuHost;
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    host = fakeGpuHost(H200, [0, 1, 2, 3, 4, 5, 6, 7]);
    s = setup(host);
  });

  it('gives a count of free GPUs, exclusively, lowest index first', async () => {
    const a = await take(s.allocator, s.newPid(), { count: 2 });
    expect(a.gpus.map((g) => g.index)).toEqual([0, 1]);
    expect(a.shared).toBe(false);
    const b = await take(s.allocator, s.newPid(), { count: 3 });
    expect(b.gpus.map((g) => g.index)).toEqual([2, 3, 4]);
    expect(b.gpus[0]!.uuid).toMatch(/^GPU-/);
  });

  it('refuses a GPU another process holds with GPU_BUSY, naming the holder', async () => {
    const holder = s.newPid();
    await take(s.allocator, holder, { deviceIds: ['3'] });
    const err = await take(s.allocator, s.newPid(), { deviceIds: ['3'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'GPU_BUSY', details: { busy: [{ index: 3, heldBy: [holder] }] } });
    await expect(take(s.allocator, s.newPid(), { count: 'all' })).rejects.toMatchObject({ code: 'GPU_BUSY' });
    await expect(take(s.allocator, s.newPid(), { count: 8 })).rejects.toMatchObject({ code: 'GPU_BUSY' });
  });

  it('takes GPUs by UUID as well as by index', async () => {
    const inv = await s.allocator.inventory();
    const uuid = inv.gpus[5]!.uuid;
    const a = await take(s.allocator, s.newPid(), { deviceIds: [uuid, '5'] });
    expect(a.gpus).toEqual([{ index: 5, uuid }]);
  });

  it('shares GPUs only among shared holders', async () => {
    const p1 = s.newPid();
    const p2 = s.newPid();
    await take(s.allocator, p1, { deviceIds: ['0'], shared: true });
    await take(s.allocator, p2, { deviceIds: ['0'], shared: true });
    await expect(take(s.allocator, s.newPid(), { deviceIds: ['0'] })).rejects.toMatchObject({ code: 'GPU_BUSY' });
    await take(s.allocator, s.newPid(), { deviceIds: ['1'] });
    await expect(take(s.allocator, s.newPid(), { deviceIds: ['1'], shared: true })).rejects.toMatchObject({ code: 'GPU_BUSY' });
    // A shared count goes where the fewest others are.
    const c = await take(s.allocator, s.newPid(), { count: 1, shared: true });
    expect(c.gpus[0]!.index).toBe(2);
    expect(
      s.allocator
        .assignments()
        .filter((x) => x.gpus.some((g) => g.index === 0))
        .map((x) => x.pid),
    ).toEqual([p1, p2]);
  });

  it('says GPU_UNAVAILABLE for more GPUs than the host has, or an unknown one', async () => {
    await expect(take(s.allocator, s.newPid(), { count: 9 })).rejects.toMatchObject({
      code: 'GPU_UNAVAILABLE',
      message: expect.stringContaining('this host has 8'),
    });
    await expect(take(s.allocator, s.newPid(), { deviceIds: ['12'] })).rejects.toMatchObject({ code: 'GPU_UNAVAILABLE' });
    await expect(take(s.allocator, s.newPid(), { deviceIds: ['GPU-nope'] })).rejects.toMatchObject({ code: 'GPU_UNAVAILABLE' });
  });

  it('says GPU_UNAVAILABLE with nvidia-smi’s reason on a host without GPUs', async () => {
    // Real nvidia-smi prints "No devices were found" and exits 6.
    const none = setup(fakeGpuHost('no-devices.txt', [], { exitCode: 6 }));
    const inv = await none.allocator.inventory();
    expect(inv.gpus).toEqual([]);
    expect(() => none.allocator.choose({ count: 1 }, inv)).toThrow(
      expect.objectContaining({ code: 'GPU_UNAVAILABLE', message: expect.stringContaining('No devices were found') }),
    );
  });

  it('frees on release, and frees what ended processes hold (reconciliation after a crash)', async () => {
    const p1 = s.newPid();
    const p2 = s.newPid();
    await take(s.allocator, p1, { count: 'all', shared: true });
    await take(s.allocator, p2, { deviceIds: ['7'], shared: true });
    s.allocator.release(p1);
    expect(s.allocator.of(p1)).toBeNull();
    expect(s.allocator.of(p2)?.gpus).toHaveLength(1);
    s.db.prepare(`UPDATE processes SET state = 'failed' WHERE pid = ?`).run(p2);
    expect(s.allocator.releaseEnded()).toBe(1);
    expect(s.allocator.assignments()).toEqual([]);
  });

  it('keeps assignments in SQLite: a new allocator on the same database (a restarted kernel) sees them', async () => {
    const pid = s.newPid();
    await take(s.allocator, pid, { deviceIds: ['2', '4'] });
    const again = host.allocator(s.db);
    expect(again.of(pid)).toMatchObject({ pid, shared: false, gpus: [{ index: 2 }, { index: 4 }] });
    await expect(take(again, s.newPid(), { deviceIds: ['4'] })).rejects.toMatchObject({ code: 'GPU_BUSY' });
  });

  it('attaches the GPU’s own node and the control nodes, and the driver files', async () => {
    const inv = await s.allocator.inventory();
    const plan = s.allocator.choose({ deviceIds: ['1'] }, inv);
    const files = await s.allocator.host.files();
    expect(files).toEqual([...host.libraries, host.smi]);
    const att = s.allocator.attachment(plan, files);
    expect(att.devices).toEqual([
      { hostPath: join(host.devDir, 'nvidia1'), sandboxPath: '/dev/nvidia1' },
      { hostPath: join(host.devDir, 'nvidiactl'), sandboxPath: '/dev/nvidiactl' },
      { hostPath: join(host.devDir, 'nvidia-uvm'), sandboxPath: '/dev/nvidia-uvm' },
    ]);
  });

  it('refuses with GPU_UNAVAILABLE when nvidia-smi lists a GPU whose device node is missing', async () => {
    const partial = setup(fakeGpuHost(H200, [0]));
    const plan = partial.allocator.choose({ deviceIds: ['3'] }, await partial.allocator.inventory());
    expect(() => partial.allocator.attachment(plan, [])).toThrow(expect.objectContaining({ code: 'GPU_UNAVAILABLE' }));
  });
});
