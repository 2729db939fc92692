/**
 * Every process the kernel knows, one signal per process so a state change re-renders one card,
 * not the grid. The list is re-read on every (re)connection of the event stream; between those,
 * events keep it current.
 */
import { batch, signal, type Signal } from '@preact/signals';
import { get, getAll } from '../api/http';
import { onEvent, onResync } from '../api/events';
import type { KernelEvent, Process } from '../api/types';

export const agents = new Map<number, Signal<Process>>();
/** PIDs in display order (newest first); changes only when processes appear. */
export const pids = signal<number[]>([]);
export const loaded = signal(false);
export const loadError = signal<string | null>(null);
/** Bumped on every state change, for views that filter by state. */
export const stateVersion = signal(0);

export async function loadAgents(): Promise<void> {
  try {
    const processes = await getAll<Process>('/agents', 'processes');
    batch(() => {
      const seen = new Set<number>();
      for (const p of processes) {
        seen.add(p.pid);
        upsert(p);
      }
      for (const pid of agents.keys()) if (!seen.has(pid)) agents.delete(pid);
      pids.value = [...agents.keys()].sort((a, b) => b - a);
      stateVersion.value++;
      loaded.value = true;
      loadError.value = null;
    });
  } catch (err) {
    loadError.value = (err as Error).message;
  }
}

function upsert(p: Process): void {
  const s = agents.get(p.pid);
  if (s) s.value = p;
  else agents.set(p.pid, signal(p));
}

/** Puts a record the API just returned (spawn, pause, ...) into the store without waiting for its event. */
export function remember(p: Process): void {
  const isNew = !agents.has(p.pid);
  upsert(p);
  if (isNew) pids.value = [p.pid, ...pids.value].sort((a, b) => b - a);
  stateVersion.value++;
}

const fetching = new Set<number>();
async function fetchOne(pid: number): Promise<void> {
  if (fetching.has(pid)) return;
  fetching.add(pid);
  try {
    remember(await get<Process>(`/agents/${pid}`));
  } catch {
    /* gone again, or the kernel went away: the next resync settles it */
  } finally {
    fetching.delete(pid);
  }
}

export function applyEvent(e: KernelEvent): void {
  if (e.type === 'process.state') {
    const s = agents.get(e.pid);
    if (!s) {
      void fetchOne(e.pid);
      return;
    }
    s.value = { ...s.value, state: e.to, exit: e.exit ?? s.value.exit };
    stateVersion.value++;
    // Timestamps and sandbox details settle on the record: read it once the process has ended.
    if (e.to === 'exited' || e.to === 'killed' || e.to === 'failed' || e.to === 'running') void fetchOne(e.pid);
  } else if (e.type === 'agent.step') {
    const s = agents.get(e.pid);
    const run = s?.value.run;
    if (s && run) s.value = { ...s.value, run: { ...run, step: Math.max(run.step, e.step.n) } };
  } else if (e.type === 'agent.run') {
    const s = agents.get(e.pid);
    const run = s?.value.run;
    if (s && run) s.value = { ...s.value, run: { ...run, status: e.status, result: e.result ?? run.result } };
    // Usage and the final step count settle on the record.
    if (e.status === 'done' || e.status === 'failed' || e.status === 'stopped') void fetchOne(e.pid);
  }
}

let wired = false;
export function wireAgents(): void {
  if (wired) return;
  wired = true;
  onEvent(applyEvent);
  onResync(() => void loadAgents());
}
