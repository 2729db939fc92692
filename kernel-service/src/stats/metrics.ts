import type { UsageAccountant } from '../llm/index.js';
import type { GpuView, ProcessStats } from './collector.js';
import type { HostStats } from './system.js';

export interface MetricsInput {
  /** Process rows by state and driver, ended ones included. */
  processCounts: { state: string; driver: string; count: number }[];
  processes: ProcessStats[];
  gpu: GpuView;
  host: HostStats;
  accountant: UsageAccountant | null;
}

type Labels = Record<string, string | number>;

/** Prometheus text exposition format 0.0.4. */
export class Exposition {
  private readonly out: string[] = [];

  family(name: string, type: 'gauge' | 'counter', help: string, samples: [Labels, number | null][]): void {
    this.out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      if (value === null || !Number.isFinite(value)) continue;
      const l = Object.entries(labels).map(([k, v]) => `${k}="${escape(String(v))}"`);
      this.out.push(`${name}${l.length ? `{${l.join(',')}}` : ''} ${value}`);
    }
  }

  text(): string {
    return `${this.out.join('\n')}\n`;
  }
}

function escape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

const MIB = 1024 * 1024;

/** Everything /metrics shows, from figures the kernel already has (one collector pass, one inventory). */
export function renderMetrics(m: MetricsInput): string {
  const e = new Exposition();
  e.family(
    'aether_processes',
    'gauge',
    'Processes by state and sandbox driver (ended ones included).',
    m.processCounts.map((c) => [{ state: c.state, driver: c.driver }, c.count]),
  );
  const spawns = new Map<string, number>();
  for (const c of m.processCounts) spawns.set(c.driver, (spawns.get(c.driver) ?? 0) + c.count);
  e.family(
    'aether_spawns_total',
    'counter',
    'Processes ever spawned, by sandbox driver.',
    [...spawns].map(([driver, n]) => [{ driver }, n]),
  );

  const p = (s: ProcessStats) => ({ pid: s.pid, agent: s.agent, driver: s.driver });
  e.family(
    'aether_process_memory_bytes',
    'gauge',
    'Memory charged to the sandbox cgroup.',
    m.processes.map((s) => [p(s), s.memoryBytes]),
  );
  e.family(
    'aether_process_cpu_seconds_total',
    'counter',
    'CPU time used by the sandbox.',
    m.processes.map((s) => [p(s), s.cpuUsageNs === null ? null : s.cpuUsageNs / 1e9]),
  );
  e.family(
    'aether_process_cpu_percent',
    'gauge',
    'CPU use, percent of one CPU.',
    m.processes.map((s) => [p(s), s.cpuPercent]),
  );
  e.family(
    'aether_process_tasks',
    'gauge',
    'Processes and threads in the sandbox.',
    m.processes.map((s) => [p(s), s.tasks]),
  );
  const perGpu = m.processes.flatMap((s) => s.gpus.map((g) => ({ s, g })));
  e.family(
    'aether_process_gpu_memory_bytes',
    'gauge',
    'GPU memory held by the sandbox, per GPU.',
    perGpu.map(({ s, g }) => [{ ...p(s), gpu: g.index }, g.memoryUsedMiB === null ? null : g.memoryUsedMiB * MIB]),
  );
  e.family(
    'aether_process_gpu_utilization_percent',
    'gauge',
    'Utilisation of the GPUs assigned to the process (the whole device; shared GPUs count for each holder).',
    perGpu.map(({ s, g }) => [{ ...p(s), gpu: g.index }, g.utilizationPercent]),
  );

  if (m.accountant) {
    const usage = m.processes.map((s) => ({ s, u: m.accountant!.usageOf(s.pid) }));
    e.family(
      'aether_process_llm_tokens_total',
      'counter',
      'LLM tokens used by the process through its kernel socket.',
      usage.flatMap(({ s, u }) => [
        [{ ...p(s), kind: 'prompt' }, u.promptTokens],
        [{ ...p(s), kind: 'completion' }, u.completionTokens],
      ]),
    );
    e.family(
      'aether_process_llm_calls_total',
      'counter',
      'LLM calls made by the process.',
      usage.map(({ s, u }) => [p(s), u.calls]),
    );
    e.family(
      'aether_process_llm_cost_usd_total',
      'counter',
      'LLM cost of the process in USD (priced models only).',
      usage.map(({ s, u }) => [p(s), u.costUsd]),
    );
  }

  const gpus = m.gpu.inventory.gpus;
  const g = (x: (typeof gpus)[number]) => ({ gpu: x.index, uuid: x.uuid });
  e.family(
    'aether_gpu_info',
    'gauge',
    'GPUs of this host (value 1), with their model.',
    gpus.map((x) => [{ ...g(x), name: x.name }, 1]),
  );
  e.family(
    'aether_gpu_memory_total_bytes',
    'gauge',
    'GPU memory size.',
    gpus.map((x) => [g(x), x.memoryTotalMiB === null ? null : x.memoryTotalMiB * MIB]),
  );
  e.family(
    'aether_gpu_memory_used_bytes',
    'gauge',
    'GPU memory in use.',
    gpus.map((x) => [g(x), x.memoryUsedMiB === null ? null : x.memoryUsedMiB * MIB]),
  );
  e.family(
    'aether_gpu_utilization_percent',
    'gauge',
    'GPU utilisation.',
    gpus.map((x) => [g(x), x.utilizationPercent]),
  );
  e.family(
    'aether_gpu_holders',
    'gauge',
    'Processes holding the GPU.',
    gpus.map((x) => [g(x), m.gpu.assignments.filter((a) => a.gpus.some((y) => y.uuid === x.uuid)).length]),
  );

  const h = m.host;
  e.family('aether_kernel_resident_memory_bytes', 'gauge', "The kernel service's resident memory.", [[{}, h.kernel.rssBytes]]);
  e.family('aether_kernel_uptime_seconds', 'gauge', 'Seconds since the kernel service started.', [[{}, h.kernel.uptimeSeconds]]);
  e.family('aether_host_cpu_percent', 'gauge', 'Busy share of all host CPUs since the previous sample.', [
    [{}, h.host.cpuPercent],
  ]);
  e.family('aether_host_memory_total_bytes', 'gauge', 'Host memory.', [[{}, h.host.memory.totalBytes]]);
  e.family('aether_host_memory_available_bytes', 'gauge', 'Host memory available without swapping.', [
    [{}, h.host.memory.availableBytes],
  ]);
  if (h.host.disk) {
    e.family('aether_host_disk_total_bytes', 'gauge', 'Size of the state filesystem.', [
      [{ path: h.host.disk.path }, h.host.disk.totalBytes],
    ]);
    e.family('aether_host_disk_free_bytes', 'gauge', 'Free space on the state filesystem.', [
      [{ path: h.host.disk.path }, h.host.disk.freeBytes],
    ]);
  }
  return e.text();
}
