/** Token usage and cost of this run (agent runtime); plain programs have none. */
import { useEffect } from 'preact/hooks';
import type { Process } from '../../api/types';
import { stats, statsAvailable, watchStats } from '../../state/stats';
import { Unavailable } from '../../ui/common';
import { bytes, int, usd } from '../../ui/format';

export function Usage({ p }: { p: Process }) {
  return (
    <div>
      <h1>Tokens and cost</h1>
      <Tokens p={p} />
      <h1>Resources</h1>
      <Resources p={p} />
    </div>
  );
}

function Resources({ p }: { p: Process }) {
  useEffect(() => watchStats(), []);
  if (statsAvailable.value === false) return <Unavailable what="Resource statistics" />;
  const s = stats.value[p.pid];
  if (!s)
    return <div class="muted">{['exited', 'killed', 'failed'].includes(p.state) ? 'The process has ended.' : 'Sampling…'}</div>;
  return (
    <div class="tiles" data-testid="resources">
      <Tile label="CPU" value={s.cpuPercent === null ? '—' : `${s.cpuPercent.toFixed(1)}%`} sub={`quota ${p.limits.cpuQuota}%`} />
      <Tile label="Memory" value={bytes(s.memoryBytes)} sub={`of ${bytes(p.limits.memoryMax)}`} />
      <Tile label="Tasks" value={s.tasks === null ? '—' : String(s.tasks)} sub={`of ${p.limits.tasksMax}`} />
      {s.network && (
        <>
          <Tile label="Sent" value={bytes(s.network.bytesOut)} sub={`${int(s.network.connectionsOut)} connections out`} />
          <Tile label="Received" value={bytes(s.network.bytesIn)} sub={`${int(s.network.connectionsIn)} connections in`} />
          <Tile label="DNS lookups" value={int(s.network.dnsQueries)} sub={`${int(s.network.dnsRefused)} refused by policy`} />
        </>
      )}
      {s.gpus.map((g) => (
        <Tile
          label={`GPU ${g.index}`}
          value={g.utilizationPercent === null ? '—' : `${g.utilizationPercent}%`}
          sub={g.memoryUsedMiB === null ? undefined : `${g.memoryUsedMiB} MiB`}
        />
      ))}
    </div>
  );
}

function Tokens({ p }: { p: Process }) {
  // `run` is absent on kernels without the agent runtime; null for a plain program there.
  if (p.usage === undefined)
    return p.run === undefined ? <Unavailable what="Token usage" /> : <div class="muted">No model calls recorded.</div>;
  const u = p.usage;
  return (
    <div class="tiles" data-testid="usage">
      <Tile label="Prompt tokens" value={int(u.promptTokens)} />
      <Tile label="Completion tokens" value={int(u.completionTokens)} />
      <Tile label="Total tokens" value={int(u.promptTokens + u.completionTokens)} />
      <Tile label="Cost" value={usd(u.costUsd)} />
      {p.run && <Tile label="Model" value={p.run.model ?? 'default'} />}
      {p.run && <Tile label="Steps" value={String(p.run.step)} />}
    </div>
  );
}

export function Tile({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div class="tile">
      <div class="tile-label">{label}</div>
      <div class="tile-value">{value}</div>
      {sub && <div class="tile-sub muted">{sub}</div>}
    </div>
  );
}
