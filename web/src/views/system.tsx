/** The host and the kernel: version, sandbox drivers, limits; live host stats and GPUs where the kernel has them. */
import { useEffect } from 'preact/hooks';
import { connection } from '../api/events';
import { ErrorNote, Unavailable } from '../ui/common';
import { ago, bytes, duration } from '../ui/format';
import { useApi } from '../ui/use-api';
import { Tile } from './agent/usage';
import { PluginsPanel } from './plugins';

interface SystemInfo {
  version: string;
  startedAt: string;
  sandbox: {
    defaultDriver: string;
    drivers: { driver: string; available: boolean; reason?: string; version?: string; pauseMethod?: string }[];
  };
  limits: { default: Record<string, number>; max: Record<string, number> };
}

export function SystemView() {
  const info = useApi<SystemInfo>('/system');
  const stats = useApi<SystemStats>('/system/stats');
  const gpus = useApi<GpusBody>('/gpus');
  useEffect(() => {
    const t = setInterval(() => {
      if (!stats.unavailable) stats.reload();
    }, 3000);
    return () => clearInterval(t);
  }, [stats.unavailable]);

  const i = info.data;
  return (
    <section class="system" data-testid="system-view">
      <h1>Kernel</h1>
      <ErrorNote error={info.error} />
      {i && (
        <div class="tiles">
          <Tile label="Version" value={i.version} />
          <Tile label="Up" value={duration(Date.now() - Date.parse(i.startedAt))} sub={`since ${ago(i.startedAt)}`} />
          <Tile label="Event stream" value={connection.value} />
          <Tile label="Default driver" value={i.sandbox.defaultDriver} />
        </div>
      )}
      {i && (
        <table class="list">
          <thead>
            <tr>
              <th>Driver</th>
              <th>Status</th>
              <th>Pause</th>
              <th>Version / reason</th>
            </tr>
          </thead>
          <tbody>
            {i.sandbox.drivers.map((d) => (
              <tr>
                <td>{d.driver}</td>
                <td>{d.available ? <span class="ok">available</span> : <span class="warn">unavailable</span>}</td>
                <td>{d.pauseMethod ?? '—'}</td>
                <td class="muted">{d.available ? (d.version ?? '') : d.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {i && (
        <div class="muted small">
          Default limits: {bytes(i.limits.default.memoryMax)} memory, {i.limits.default.cpuQuota}% CPU,{' '}
          {i.limits.default.tasksMax} tasks · Max: {bytes(i.limits.max.memoryMax)}, {i.limits.max.cpuQuota}%,{' '}
          {i.limits.max.tasksMax}
        </div>
      )}
      <h1>Host</h1>
      {stats.unavailable ? <Unavailable what="Host statistics" /> : <StatsTiles s={stats.data} />}
      <h1>GPUs</h1>
      {gpus.unavailable ? <Unavailable what="GPU inventory" /> : <Gpus g={gpus.data} />}
      <h1>MCP plugins</h1>
      <PluginsPanel />
    </section>
  );
}

interface GpuInfo {
  index: number;
  uuid: string;
  name: string;
  memoryTotalMiB: number | null;
  memoryUsedMiB: number | null;
  utilizationPercent: number | null;
  heldBy: { pid: number; shared: boolean }[];
}

interface GpusBody {
  gpus: GpuInfo[];
  reason?: string;
  passthrough: Record<string, string>;
}

interface SystemStats {
  host: {
    cpus: number;
    cpuPercent: number;
    loadAverage: number[];
    memory: { totalBytes: number; availableBytes: number };
    disk: { path: string; totalBytes: number; freeBytes: number } | null;
    uptimeSeconds: number;
  };
  kernel: { pid: number; rssBytes: number; heapUsedBytes: number; uptimeSeconds: number };
  gpus: GpusBody;
}

function StatsTiles({ s }: { s: SystemStats | null }) {
  if (!s) return <div class="muted">Loading…</div>;
  const { host, kernel } = s;
  const memUsed = host.memory.totalBytes - host.memory.availableBytes;
  return (
    <div class="tiles" data-testid="host-stats">
      <Tile
        label="CPU"
        value={`${host.cpuPercent.toFixed(0)}%`}
        sub={`${host.cpus} cores · load ${host.loadAverage.map((l) => l.toFixed(2)).join(' ')}`}
      />
      <Tile label="Memory" value={bytes(memUsed)} sub={`of ${bytes(host.memory.totalBytes)}`} />
      <Tile
        label="Disk"
        value={host.disk ? bytes(host.disk.totalBytes - host.disk.freeBytes) : '—'}
        sub={host.disk ? `of ${bytes(host.disk.totalBytes)} on ${host.disk.path}` : undefined}
      />
      <Tile
        label="Kernel RSS"
        value={bytes(kernel.rssBytes)}
        sub={`heap ${bytes(kernel.heapUsedBytes)} · up ${duration(kernel.uptimeSeconds * 1000)}`}
      />
      <Tile label="Host up" value={duration(host.uptimeSeconds * 1000)} />
    </div>
  );
}

function Gpus({ g }: { g: GpusBody | null }) {
  if (!g) return <div class="muted">Loading…</div>;
  if (g.gpus.length === 0) return <div class="muted">No GPUs{g.reason ? `: ${g.reason}` : ''}.</div>;
  return (
    <table class="list" data-testid="gpus">
      <thead>
        <tr>
          <th>#</th>
          <th>GPU</th>
          <th>Memory</th>
          <th>Utilisation</th>
          <th>Held by</th>
        </tr>
      </thead>
      <tbody>
        {g.gpus.map((d) => (
          <tr>
            <td>{d.index}</td>
            <td>
              {d.name} <span class="muted small">{d.uuid}</span>
            </td>
            <td>
              {d.memoryUsedMiB ?? '—'} / {d.memoryTotalMiB ?? '—'} MiB
            </td>
            <td>{d.utilizationPercent === null ? '—' : `${d.utilizationPercent}%`}</td>
            <td>
              {d.heldBy.length === 0
                ? '—'
                : d.heldBy.map((h) => (
                    <a href={`#/agents/${h.pid}`}>
                      #{h.pid}
                      {h.shared ? ' (shared)' : ''}{' '}
                    </a>
                  ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
