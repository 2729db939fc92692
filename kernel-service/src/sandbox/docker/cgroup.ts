import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

const CGROUP_ROOT = '/sys/fs/cgroup';

/**
 * The cgroup.procs file of the cgroup a host process is in. On cgroup v1 (and hybrid hosts)
 * the pids hierarchy is used; on a pure v2 host the unified one. Works for both of Docker's
 * cgroup drivers (cgroupfs: /docker/<id>, systemd: /system.slice/docker-<id>.scope).
 */
export function procsFile(procCgroup: string, v2Only = existsSync(`${CGROUP_ROOT}/cgroup.controllers`)): string | null {
  const lines = procCgroup.split('\n').map((l) => l.split(':'));
  if (!v2Only) {
    const pids = lines.find((f) => f.length >= 3 && f[1]!.split(',').includes('pids'));
    if (pids) return `${CGROUP_ROOT}/pids${pids.slice(2).join(':')}/cgroup.procs`;
  }
  const unified = lines.find((f) => f.length >= 3 && f[0] === '0' && f[1] === '');
  return unified && v2Only ? `${CGROUP_ROOT}${unified.slice(2).join(':')}/cgroup.procs` : null;
}

/**
 * Host PIDs of every process in the same cgroup as `hostPid` (a container's init). Docker
 * has no "signal every process" call; the cgroup is the kernel's own list of them, the
 * same one systemd's KillUnit(who=all) walks.
 */
export async function cgroupProcesses(hostPid: number): Promise<number[]> {
  const file = procsFile(await readFile(`/proc/${hostPid}/cgroup`, 'utf8'));
  if (!file) throw new Error(`cannot find the cgroup of process ${hostPid}`);
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);
}

/** Sends a signal to every process of the cgroup; processes that ended meanwhile are skipped. */
export async function signalCgroup(hostPid: number, signal: NodeJS.Signals): Promise<number> {
  let sent = 0;
  for (const pid of await cgroupProcesses(hostPid)) {
    try {
      process.kill(pid, signal);
      sent++;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
  return sent;
}
