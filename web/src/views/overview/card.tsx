/** One agent in the grid. Reads only its own process signal, so other agents' events do not re-render it. */
import { memo } from 'preact/compat';
import type { Signal } from '@preact/signals';
import type { Process, ProcessStats } from '../../api/types';
import { StateBadge } from '../../ui/common';
import { bytes } from '../../ui/format';
import { navigate } from '../../state/router';
import { Thumbnail } from './thumbnail';

interface Props {
  proc: Signal<Process>;
  stats: ProcessStats | undefined;
  statsKnown: boolean;
  selected: boolean;
  onSelect: (pid: number, on: boolean) => void;
  style: string;
}

export const Card = memo(function Card({ proc, stats, statsKnown, selected, onSelect, style }: Props) {
  const p = proc.value;
  const run = p.run;
  const mem = stats?.memoryBytes ?? null;
  const cpu = stats?.cpuPercent ?? null;
  const memPct = mem !== null && p.limits.memoryMax ? Math.min(100, (mem / p.limits.memoryMax) * 100) : 0;
  const cpuPct = cpu !== null ? Math.min(100, (cpu / Math.max(1, p.limits.cpuQuota)) * 100) : 0;
  const hasDesktop = p.sandbox.desktop === true;
  return (
    <div
      class={`card state-${p.state}${selected ? ' selected' : ''}`}
      style={style}
      data-testid="agent-card"
      data-pid={p.pid}
      data-name={p.agent.name}
      onClick={() => navigate(`#/agents/${p.pid}`)}
    >
      <div class="card-head">
        <input
          type="checkbox"
          aria-label={`select ${p.agent.name}`}
          checked={selected}
          onClick={(e) => e.stopPropagation()}
          onChange={(e) => onSelect(p.pid, (e.currentTarget as HTMLInputElement).checked)}
        />
        <span class="name" title={p.agent.name}>
          {p.agent.name}
        </span>
        <span class="pid muted">#{p.pid}</span>
        <StateBadge state={p.state} />
      </div>
      <div class="card-body">
        {hasDesktop ? <Thumbnail pid={p.pid} live={p.state === 'running' || p.state === 'paused'} /> : null}
        <div class="card-lines">
          <div class="line" title={run?.goal ?? p.command.join(' ')}>
            {run ? (
              <>
                <span class="tag">{run.template ?? 'custom'}</span> {run.goal}
              </>
            ) : (
              <code>{p.command.join(' ')}</code>
            )}
          </div>
          <div class="line muted">
            {run
              ? `step ${run.step}${run.maxSteps ? `/${run.maxSteps}` : ''} · ${run.status}`
              : p.exit
                ? `exit: ${p.exit.reason}${p.exit.code !== null ? ` ${p.exit.code}` : ''}${p.exit.signal ? ` (${p.exit.signal})` : ''}`
                : `${p.sandbox.driver} sandbox`}
          </div>
        </div>
      </div>
      <div class="card-meters">
        {statsKnown ? (
          <>
            <Meter label="CPU" pct={cpuPct} text={cpu !== null ? `${cpu.toFixed(0)}%` : '—'} />
            <Meter label="MEM" pct={memPct} text={bytes(mem)} />
          </>
        ) : (
          <span class="muted small">
            limits: {bytes(p.limits.memoryMax)} · {p.limits.cpuQuota}% CPU
          </span>
        )}
      </div>
    </div>
  );
});

function Meter({ label, pct, text }: { label: string; pct: number; text: string }) {
  return (
    <div class="meter" title={`${label} ${text}`}>
      <span class="meter-label">{label}</span>
      <span class="meter-bar">
        <span style={`width:${pct.toFixed(1)}%`} class={pct > 85 ? 'hot' : ''} />
      </span>
      <span class="meter-text">{text}</span>
    </div>
  );
}
