import type { IdlePolicy } from './types.js';

/** A cumulative CPU figure of a sandbox (cgroup usage, stats/cgroup-sample.ts) at a time. */
export interface CpuReading {
  at: number;
  cpuUsageNs: number | null;
}

/**
 * Tracks, per process, the last sign of use: a model call, terminal input, or CPU above the
 * policy's threshold between two readings. Pure bookkeeping with an injected clock; the loop that
 * feeds it readings and acts on `due` lives with its caller.
 */
export class IdleTracker {
  private readonly lastActive = new Map<number, number>();
  private readonly lastCpu = new Map<number, CpuReading>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A model call or terminal input (or a spawn, a resume): the idle clock starts again. */
  touch(pid: number): void {
    this.lastActive.set(pid, this.now());
  }

  forget(pid: number): void {
    this.lastActive.delete(pid);
    this.lastCpu.delete(pid);
  }

  /**
   * Feeds a CPU reading; above the threshold it counts as use. A missing figure (no cpu
   * controller) never counts as use, so such a process idles on model calls and input alone.
   */
  sample(pid: number, policy: IdlePolicy, reading: CpuReading): number | null {
    const prev = this.lastCpu.get(pid);
    this.lastCpu.set(pid, reading);
    if (!prev || prev.cpuUsageNs === null || reading.cpuUsageNs === null || reading.at <= prev.at) return null;
    const percent = ((reading.cpuUsageNs - prev.cpuUsageNs) / 1e6 / (reading.at - prev.at)) * 100;
    if (percent > policy.cpuPercent) this.lastActive.set(pid, reading.at);
    return percent;
  }

  /** Epoch ms since which the process has been idle, or null when it has not been watched yet. */
  idleSince(pid: number): number | null {
    return this.lastActive.get(pid) ?? null;
  }

  /** Whether the process has been idle for the policy's whole window. */
  due(pid: number, policy: IdlePolicy): boolean {
    const since = this.lastActive.get(pid);
    if (since === undefined) {
      this.lastActive.set(pid, this.now());
      return false;
    }
    return this.now() - since >= policy.afterSeconds * 1000;
  }
}

/** Whether a contact of this kind wakes a process the idle watcher paused. */
export function wakes(
  autoResume: { onMessage: boolean; onApi: boolean; onAttach: boolean } | null,
  pausedBy: string | null,
  kind: 'message' | 'api' | 'attach',
): boolean {
  if (!autoResume || pausedBy !== 'idle') return false;
  return kind === 'message' ? autoResume.onMessage : kind === 'api' ? autoResume.onApi : autoResume.onAttach;
}
