import { readFile, statfs } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem, uptime } from 'node:os';

export interface HostStats {
  host: {
    cpus: number;
    /** Busy share of all CPUs since the previous call (or since boot), 0-100. */
    cpuPercent: number;
    loadAverage: number[];
    memory: { totalBytes: number; availableBytes: number };
    disk: { path: string; totalBytes: number; freeBytes: number } | null;
    uptimeSeconds: number;
  };
  kernel: { pid: number; rssBytes: number; heapUsedBytes: number; uptimeSeconds: number };
}

/** The machine and the kernel process itself; `diskPath` is the state directory's filesystem. */
export class HostSampler {
  private prev: { busy: number; total: number } | null = null;

  constructor(private readonly diskPath: string) {}

  async sample(): Promise<HostStats> {
    const [available, disk] = await Promise.all([memAvailable(), diskOf(this.diskPath)]);
    const mem = process.memoryUsage();
    return {
      host: {
        cpus: cpus().length,
        cpuPercent: this.cpuPercent(),
        loadAverage: loadavg(),
        memory: { totalBytes: totalmem(), availableBytes: available },
        disk,
        uptimeSeconds: Math.round(uptime()),
      },
      kernel: { pid: process.pid, rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, uptimeSeconds: Math.round(process.uptime()) },
    };
  }

  private cpuPercent(): number {
    let busy = 0;
    let total = 0;
    for (const c of cpus()) {
      const t = c.times;
      busy += t.user + t.nice + t.sys + t.irq;
      total += t.user + t.nice + t.sys + t.irq + t.idle;
    }
    const prev = this.prev ?? { busy: 0, total: 0 };
    this.prev = { busy, total };
    return total > prev.total ? Math.round(((busy - prev.busy) / (total - prev.total)) * 1000) / 10 : 0;
  }
}

/** MemAvailable (what can be had without swapping), not MemFree, which counts the page cache as used. */
async function memAvailable(): Promise<number> {
  const text = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const kib = /^MemAvailable:\s+([0-9]+) kB$/m.exec(text)?.[1];
  return kib ? Number(kib) * 1024 : freemem();
}

async function diskOf(path: string): Promise<HostStats['host']['disk']> {
  try {
    const s = await statfs(path);
    return { path, totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  } catch {
    return null;
  }
}
