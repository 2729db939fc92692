import { existsSync } from 'node:fs';
import type { CgroupDirs } from './driver.js';

export const CGROUP_ROOT = '/sys/fs/cgroup';

export function isCgroupV2(root = CGROUP_ROOT): boolean {
  return existsSync(`${root}/cgroup.controllers`);
}

/**
 * The cgroup directories of a process, from its /proc/<pid>/cgroup. On cgroup v2 one
 * directory holds every controller's files; on v1 (and hybrid hosts) each controller has
 * its hierarchy, mounted under its name list ("memory", "cpu,cpuacct" or "cpuacct", "pids").
 */
export function cgroupDirsOf(procCgroup: string, root = CGROUP_ROOT, v2 = isCgroupV2(root)): CgroupDirs | null {
  const lines = procCgroup
    .split('\n')
    .map((l) => l.split(':'))
    .filter((f) => f.length >= 3);
  const path = (f: string[]) => f.slice(2).join(':');
  if (v2) {
    const unified = lines.find((f) => f[0] === '0' && f[1] === '');
    if (!unified) return null;
    const dir = `${root}${path(unified)}`;
    return { version: 2, memory: dir, cpu: dir, pids: dir };
  }
  const dirOf = (controller: string) => {
    const f = lines.find((x) => x[1]!.split(',').includes(controller));
    return f ? `${root}/${f[1]}${path(f)}` : null;
  };
  const memory = dirOf('memory');
  const cpu = dirOf('cpuacct');
  const pids = dirOf('pids');
  return memory && cpu && pids ? { version: 1, memory, cpu, pids } : null;
}

/** The same directories from a cgroup path systemd reports (a unit's ControlGroup property). */
export function cgroupDirsOfPath(path: string, root = CGROUP_ROOT, v2 = isCgroupV2(root)): CgroupDirs {
  if (v2) return { version: 2, memory: `${root}${path}`, cpu: `${root}${path}`, pids: `${root}${path}` };
  const cpu = existsSync(`${root}/cpu,cpuacct`) ? 'cpu,cpuacct' : 'cpuacct';
  return { version: 1, memory: `${root}/memory${path}`, cpu: `${root}/${cpu}${path}`, pids: `${root}/pids${path}` };
}
