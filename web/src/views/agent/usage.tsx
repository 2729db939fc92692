/** Token usage and cost of this run (agent runtime); plain programs have none. */
import type { Process } from '../../api/types';
import { Unavailable } from '../../ui/common';
import { int, usd } from '../../ui/format';

export function Usage({ p }: { p: Process }) {
  if (p.usage === undefined) return <Unavailable what="Token usage" />;
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
