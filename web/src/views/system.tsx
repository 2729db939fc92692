/** The host and the kernel: version, sandbox drivers, limits; live host stats and GPUs where the kernel has them. */
import { useEffect } from 'preact/hooks';
import { connection } from '../api/events';
import { ErrorNote, Unavailable } from '../ui/common';
import { ago, bytes, duration } from '../ui/format';
import { useApi } from '../ui/use-api';
import { Tile } from './agent/usage';

interface SystemInfo {
  version: string;
  startedAt: string;
  sandbox: {
    defaultDriver: string;
    drivers: { driver: string; available: boolean; reason?: string; version?: string; pauseMethod?: string }[];
  };
  limits: { default: Record<string, number>; max: Record<string, number> };
}

type Stats = Record<string, unknown>;

export function SystemView() {
  const info = useApi<SystemInfo>('/system');
  const stats = useApi<Stats>('/system/stats');
  const gpus = useApi<Record<string, unknown>>('/gpus');
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
      {gpus.unavailable ? <Unavailable what="GPU inventory" /> : <KeyValues value={gpus.data} />}
    </section>
  );
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const obj = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

function StatsTiles({ s }: { s: Stats | null }) {
  if (!s) return <div class="muted">Loading…</div>;
  const cpu = obj(s.cpu);
  const mem = obj(s.memory);
  const disk = obj(s.disk);
  const kernel = obj(s.kernel);
  const memUsed = num(mem.usedBytes) ?? num(mem.used);
  const memTotal = num(mem.totalBytes) ?? num(mem.total);
  const diskUsed = num(disk.usedBytes) ?? num(disk.used);
  const diskTotal = num(disk.totalBytes) ?? num(disk.total);
  return (
    <>
      <div class="tiles" data-testid="host-stats">
        <Tile
          label="CPU"
          value={num(cpu.percent) !== undefined ? `${num(cpu.percent)!.toFixed(0)}%` : '—'}
          sub={cpu.cores ? `${String(cpu.cores)} cores` : undefined}
        />
        <Tile label="Memory" value={bytes(memUsed)} sub={memTotal ? `of ${bytes(memTotal)}` : undefined} />
        <Tile label="Disk" value={bytes(diskUsed)} sub={diskTotal ? `of ${bytes(diskTotal)}` : undefined} />
        <Tile
          label="Kernel RSS"
          value={bytes(num(kernel.rssBytes) ?? num(kernel.rss))}
          sub={num(kernel.uptimeS) ? `up ${duration(num(kernel.uptimeS)! * 1000)}` : undefined}
        />
      </div>
      <details>
        <summary class="muted small">All figures</summary>
        <KeyValues value={s} />
      </details>
    </>
  );
}

function KeyValues({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <div class="muted">—</div>;
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}
