/** Overview: every agent at a glance, filters and search, grid or tree, spawn and bulk actions. */
import { useComputed, useSignal } from '@preact/signals';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { agents, loaded, loadError, pids, stateVersion } from '../../state/agents';
import { actOnMany, type Action } from '../../state/actions';
import { navigate } from '../../state/router';
import { watchStats } from '../../state/stats';
import { Empty } from '../../ui/common';
import { STATE_FILTERS, matchesSearch, matchesState, type StateFilter } from './filters';
import { Grid } from './grid';
import { SpawnDialog } from './spawn-dialog';
import { Tree } from './tree';

export function Overview() {
  const query = useSignal('');
  const filter = useSignal<StateFilter>('all');
  const layout = useSignal<'grid' | 'tree'>('grid');
  const [spawning, setSpawning] = useState(false);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [bulkNote, setBulkNote] = useState<string | null>(null);

  useEffect(() => watchStats(), []);

  const list = useComputed(() => {
    void stateVersion.value;
    const q = query.value;
    const f = filter.value;
    const out = [];
    for (const pid of pids.value) {
      const p = agents.get(pid)?.peek();
      if (p && matchesState(p, f) && matchesSearch(p, q)) out.push(p);
    }
    return out;
  });

  const counts = useComputed(() => {
    void stateVersion.value;
    const c: Record<StateFilter, number> = { all: 0, live: 0, running: 0, paused: 0, ended: 0 };
    for (const pid of pids.value) {
      const p = agents.get(pid)?.peek();
      if (p) for (const f of STATE_FILTERS) if (matchesState(p, f)) c[f]++;
    }
    return c;
  });

  // Stable, so memoised cards do not re-render when the overview does.
  const onSelect = useCallback(
    (pid: number, on: boolean) =>
      setSelected((s) => {
        const n = new Set(s);
        if (on) n.add(pid);
        else n.delete(pid);
        return n;
      }),
    [],
  );

  const bulk = async (action: Action) => {
    const targets = [...selected];
    if (action === 'kill' && !confirm(`Kill ${targets.length} agent(s)?`)) return;
    setBulkNote(`${action}: ${targets.length}…`);
    const { ok, failed } = await actOnMany(targets, action);
    setBulkNote(`${action}: ${ok} done${failed ? `, ${failed} refused` : ''}`);
    // The selection stays for a follow-up (pause, then resume); killed agents leave it.
    if (action === 'kill' && !failed) setSelected(new Set());
  };

  return (
    <section class="overview">
      <div class="toolbar">
        <input
          type="search"
          class="search"
          placeholder="Search name, pid, goal, command…"
          aria-label="search"
          value={query.value}
          onInput={(e) => (query.value = (e.currentTarget as HTMLInputElement).value)}
        />
        <div class="seg" role="tablist" aria-label="state filter">
          {STATE_FILTERS.map((f) => (
            <button class={filter.value === f ? 'on' : ''} onClick={() => (filter.value = f)} data-filter={f}>
              {f} <span class="count">{counts.value[f]}</span>
            </button>
          ))}
        </div>
        <div class="seg" aria-label="layout">
          <button class={layout.value === 'grid' ? 'on' : ''} onClick={() => (layout.value = 'grid')}>
            Grid
          </button>
          <button class={layout.value === 'tree' ? 'on' : ''} onClick={() => (layout.value = 'tree')} data-testid="tree-toggle">
            Tree
          </button>
        </div>
        <span class="spacer" />
        <button class="primary" onClick={() => setSpawning(true)} data-testid="spawn-open">
          + Spawn
        </button>
      </div>
      {selected.size > 0 && (
        <div class="bulkbar" data-testid="bulk-bar">
          <span>{selected.size} selected</span>
          <button onClick={() => void bulk('pause')}>Pause</button>
          <button onClick={() => void bulk('resume')}>Resume</button>
          <button class="danger" onClick={() => void bulk('kill')}>
            Kill
          </button>
          <button onClick={() => setSelected(new Set(list.value.map((p) => p.pid)))}>Select all {list.value.length}</button>
          <button onClick={() => setSelected(new Set())}>Clear</button>
          {bulkNote && <span class="muted">{bulkNote}</span>}
        </div>
      )}
      {loadError.value && !loaded.value ? (
        <Empty>Cannot load agents: {loadError.value}</Empty>
      ) : !loaded.value ? (
        <Empty>Loading…</Empty>
      ) : pids.value.length === 0 ? (
        <Empty>No agents yet. Spawn one to begin.</Empty>
      ) : list.value.length === 0 ? (
        <Empty>Nothing matches the filter.</Empty>
      ) : layout.value === 'grid' ? (
        <Grid list={list.value} selected={selected} onSelect={onSelect} />
      ) : (
        <Tree list={list.value} />
      )}
      {spawning && (
        <SpawnDialog
          onClose={(p) => {
            setSpawning(false);
            if (p) navigate('#/');
          }}
        />
      )}
    </section>
  );
}
