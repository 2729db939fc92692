import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CgroupDirs } from '../sandbox/index.js';

/**
 * What the kernel reads of a sandbox's cgroup: the figures systemd's MemoryCurrent,
 * CPUUsageNSec and TasksCurrent give. Each is null where the hierarchy lacks its controller
 * (a kernel nested in a container on a cgroup v1 host gets a v2 tree without memory or pids
 * controllers; systemd then says "[not set]" too).
 */
export interface CgroupSample {
  memoryBytes: number | null;
  cpuUsageNs: number | null;
  tasks: number | null;
}

const num = async (dir: string, file: string): Promise<number | null> => {
  const text = await readFile(join(dir, file), 'utf8').catch(() => null);
  return text === null ? null : Number(text.trim());
};

/**
 * A few small files per sandbox, no D-Bus round trip: cheap enough for hundreds of sandboxes
 * per pass. null when the cgroup is gone (the process ended between listing and reading).
 */
export async function readCgroupSample(dirs: CgroupDirs): Promise<CgroupSample | null> {
  if (dirs.version === 1) {
    const [memoryBytes, cpuUsageNs, tasks] = await Promise.all([
      num(dirs.memory, 'memory.usage_in_bytes'),
      num(dirs.cpu, 'cpuacct.usage'),
      num(dirs.pids, 'pids.current'),
    ]);
    return memoryBytes === null && cpuUsageNs === null && tasks === null ? null : { memoryBytes, cpuUsageNs, tasks };
  }
  // cpu.stat's usage_usec is kept for every cgroup, whether or not the cpu controller is on.
  const cpuStat = await readFile(join(dirs.cpu, 'cpu.stat'), 'utf8').catch(() => null);
  if (cpuStat === null) return null;
  const usec = /^usage_usec ([0-9]+)$/m.exec(cpuStat)?.[1];
  const [memoryBytes, pids] = await Promise.all([num(dirs.memory, 'memory.current'), num(dirs.pids, 'pids.current')]);
  return {
    memoryBytes,
    cpuUsageNs: usec === undefined ? null : Number(usec) * 1000,
    tasks: pids ?? (await countThreads(dirs.pids)),
  };
}

/** Without the pids controller: the threads listed in the cgroup and every cgroup below it. */
async function countThreads(dir: string): Promise<number | null> {
  const own = await readFile(join(dir, 'cgroup.threads'), 'utf8').catch(() => null);
  if (own === null) return null;
  let n = own.split('\n').filter((l) => l !== '').length;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) if (e.isDirectory()) n += (await countThreads(join(dir, e.name))) ?? 0;
  return n;
}
