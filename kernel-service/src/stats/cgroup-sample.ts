import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CgroupDirs } from '../sandbox/index.js';

/** What the kernel reads of a sandbox's cgroup: the same figures systemd's MemoryCurrent, CPUUsageNSec and TasksCurrent give. */
export interface CgroupSample {
  memoryBytes: number;
  cpuUsageNs: number;
  tasks: number;
}

const num = async (dir: string, file: string) => Number((await readFile(join(dir, file), 'utf8')).trim());

/**
 * Three small files per sandbox, no D-Bus round trip: cheap enough for hundreds of sandboxes
 * per pass. null when the cgroup is gone (the process ended between listing and reading).
 */
export async function readCgroupSample(dirs: CgroupDirs): Promise<CgroupSample | null> {
  try {
    if (dirs.version === 2) {
      const [memoryBytes, cpuStat, tasks] = await Promise.all([
        num(dirs.memory, 'memory.current'),
        readFile(join(dirs.cpu, 'cpu.stat'), 'utf8'),
        num(dirs.pids, 'pids.current'),
      ]);
      const usec = /^usage_usec ([0-9]+)$/m.exec(cpuStat)?.[1];
      return { memoryBytes, cpuUsageNs: Number(usec ?? 0) * 1000, tasks };
    }
    const [memoryBytes, cpuUsageNs, tasks] = await Promise.all([
      num(dirs.memory, 'memory.usage_in_bytes'),
      num(dirs.cpu, 'cpuacct.usage'),
      num(dirs.pids, 'pids.current'),
    ]);
    return { memoryBytes, cpuUsageNs, tasks };
  } catch {
    return null;
  }
}
