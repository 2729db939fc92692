import { readFile } from 'node:fs/promises';
import { AetherError } from '../errors/index.js';
import type { ProcessState, Supervisor } from '../agents/index.js';
import type { GpuAllocator, GpuAssignment, GpuComputeApp, GpuInventory } from '../gpu/index.js';
import { cgroupDirsOf, type CgroupDirs } from '../sandbox/index.js';
import { readCgroupSample } from './cgroup-sample.js';

export interface ProcessGpuStats {
  index: number;
  uuid: string;
  shared: boolean;
  /** GPU memory this process's programs hold on it (nvidia-smi's compute processes, mapped by cgroup). */
  memoryUsedMiB: number | null;
  /** The device's utilisation: the process's own when it holds the GPU exclusively, shared otherwise. */
  utilizationPercent: number | null;
}

export interface ProcessStats {
  pid: number;
  agent: string;
  driver: string;
  state: ProcessState;
  /**
   * null when the sandbox's cgroup could not be read (it ended while being sampled), or the
   * host's cgroup tree lacks the controller (memory, pids) that counts it.
   */
  memoryBytes: number | null;
  cpuUsageNs: number | null;
  /** Percent of one CPU since the previous sample (or since the start), as cpuQuota counts. */
  cpuPercent: number | null;
  tasks: number | null;
  gpus: ProcessGpuStats[];
  sampledAt: string;
}

export interface GpuView {
  inventory: GpuInventory;
  assignments: GpuAssignment[];
}

const LIVE: ProcessState[] = ['starting', 'running', 'paused', 'stopping'];

/**
 * Resource figures of every live process in one pass: the cgroup files of each sandbox
 * (read in parallel) and, where GPUs are assigned, one nvidia-smi query whose host PIDs are
 * mapped to sandboxes by cgroup. A pass is reused for `cacheMs`, so a grid of 500 processes
 * polled by several browsers costs one pass per second.
 */
export class ResourceStats {
  private pass: { at: number; value: Promise<Map<number, ProcessStats>> } | null = null;
  private readonly previous = new Map<number, { usageNs: number; at: number }>();

  constructor(
    private readonly supervisor: Supervisor,
    private readonly cacheMs = 1000,
  ) {}

  get gpus(): GpuAllocator | null {
    return this.supervisor.gpus;
  }

  snapshot(): Promise<Map<number, ProcessStats>> {
    if (this.pass && Date.now() - this.pass.at < this.cacheMs) return this.pass.value;
    const value = this.collect();
    this.pass = { at: Date.now(), value };
    value.catch(() => (this.pass = null));
    return value;
  }

  async of(pid: number): Promise<ProcessStats> {
    const rec = this.supervisor.get(pid);
    const live = LIVE.includes(rec.state);
    const stats = live ? ((await this.snapshot()).get(pid) ?? (await this.fresh()).get(pid)) : undefined;
    if (!stats) {
      throw new AetherError('PROCESS_NOT_RUNNING', `Process ${pid} is ${rec.state}: it has no resources to report.`, {
        details: { pid, state: rec.state },
      });
    }
    return stats;
  }

  /** GPUs, their holders and figures; an empty inventory (with the reason) on hosts without GPUs. */
  async gpuView(): Promise<GpuView> {
    const gpus = this.gpus;
    if (!gpus) return { inventory: { gpus: [], reason: 'GPU support is not enabled in this kernel' }, assignments: [] };
    return { inventory: await gpus.inventory(), assignments: gpus.assignments() };
  }

  /** A pass now, whatever the cache holds (a process spawned a moment ago). */
  private fresh(): Promise<Map<number, ProcessStats>> {
    this.pass = null;
    return this.snapshot();
  }

  private async collect(): Promise<Map<number, ProcessStats>> {
    const sandboxes = this.supervisor.sandboxes();
    const records = this.supervisor.list(LIVE).filter((r) => sandboxes.has(r.pid));
    const dirsOf = async (pid: number): Promise<CgroupDirs | null> => {
      const handle = sandboxes.get(pid);
      return handle?.cgroup ? handle.cgroup().catch(() => null) : null;
    };
    const dirs = await Promise.all(records.map((r) => dirsOf(r.pid)));
    const samples = await Promise.all(dirs.map(async (d) => (d ? readCgroupSample(d) : null)));
    const gpu = await this.gpuFigures(records.map((r, i) => ({ pid: r.pid, dirs: dirs[i] ?? null })));
    const now = Date.now();
    const out = new Map<number, ProcessStats>();
    records.forEach((r, i) => {
      const s = samples[i] ?? null;
      out.set(r.pid, {
        pid: r.pid,
        agent: r.agent.name,
        driver: r.sandbox.driver,
        state: r.state,
        memoryBytes: s?.memoryBytes ?? null,
        cpuUsageNs: s?.cpuUsageNs ?? null,
        cpuPercent: s?.cpuUsageNs != null ? this.cpuPercent(r.pid, s.cpuUsageNs, now, r.startedAt) : null,
        tasks: s?.tasks ?? null,
        gpus: gpu.get(r.pid) ?? [],
        sampledAt: new Date(now).toISOString(),
      });
    });
    for (const pid of this.previous.keys()) if (!out.has(pid)) this.previous.delete(pid);
    return out;
  }

  private cpuPercent(pid: number, usageNs: number, now: number, startedAt: number | null): number | null {
    const prev = this.previous.get(pid) ?? (startedAt !== null ? { usageNs: 0, at: startedAt } : undefined);
    this.previous.set(pid, { usageNs, at: now });
    if (!prev || now <= prev.at) return null;
    return Math.round(((usageNs - prev.usageNs) / 1e6 / (now - prev.at)) * 1000) / 10;
  }

  private async gpuFigures(procs: { pid: number; dirs: CgroupDirs | null }[]): Promise<Map<number, ProcessGpuStats[]>> {
    const out = new Map<number, ProcessGpuStats[]>();
    const gpus = this.gpus;
    if (!gpus) return out;
    const assignments = gpus.assignments().filter((a) => procs.some((p) => p.pid === a.pid));
    if (assignments.length === 0) return out;
    const [inventory, apps] = await Promise.all([gpus.inventory(), gpus.source.computeApps().catch(() => [])]);
    const used = await memoryByProcess(apps, procs);
    for (const a of assignments) {
      out.set(
        a.pid,
        a.gpus.map((g) => ({
          index: g.index,
          uuid: g.uuid,
          shared: a.shared,
          memoryUsedMiB: used.get(`${a.pid}/${g.uuid}`) ?? 0,
          utilizationPercent: inventory.gpus.find((x) => x.uuid === g.uuid)?.utilizationPercent ?? null,
        })),
      );
    }
    return out;
  }
}

/** GPU memory per "kernelPid/gpuUuid": each compute process belongs to the sandbox whose cgroup contains its own. */
async function memoryByProcess(
  apps: GpuComputeApp[],
  procs: { pid: number; dirs: CgroupDirs | null }[],
): Promise<Map<string, number>> {
  const used = new Map<string, number>();
  for (const app of apps) {
    const text = await readFile(`/proc/${app.hostPid}/cgroup`, 'utf8').catch(() => null);
    const dirs = text ? cgroupDirsOf(text) : null;
    if (!dirs) continue;
    const owner = procs.find((p) => p.dirs && (dirs.memory === p.dirs.memory || dirs.memory.startsWith(`${p.dirs.memory}/`)));
    if (!owner) continue;
    const key = `${owner.pid}/${app.gpuUuid}`;
    used.set(key, (used.get(key) ?? 0) + (app.usedMemoryMiB ?? 0));
  }
  return used;
}
