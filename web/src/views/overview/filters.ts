/** Which processes the grid shows: pure, so it is cheap to run over 500+ records on each change. */
import type { Process, ProcessState } from '../../api/types';

export type StateFilter = 'all' | 'live' | 'running' | 'paused' | 'ended';
export const STATE_FILTERS: StateFilter[] = ['all', 'live', 'running', 'paused', 'ended'];

const ENDED: ProcessState[] = ['exited', 'killed', 'failed'];

export function matchesState(p: Process, f: StateFilter): boolean {
  switch (f) {
    case 'all':
      return true;
    case 'live':
      return !ENDED.includes(p.state);
    case 'running':
      return p.state === 'running';
    case 'paused':
      return p.state === 'paused';
    case 'ended':
      return ENDED.includes(p.state);
  }
}

/** Search over name, pid, template, goal and command; every word must match somewhere. */
export function matchesSearch(p: Process, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [p.agent.name, String(p.pid), p.run?.template ?? '', p.run?.goal ?? '', p.command.join(' '), p.state]
    .join(' ')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function isEnded(p: Process): boolean {
  return ENDED.includes(p.state);
}

/** Parent -> children for the process tree; roots are processes whose parent is unknown or absent. */
export function buildTree(list: Process[]): { roots: Process[]; children: Map<number, Process[]> } {
  const byPid = new Set(list.map((p) => p.pid));
  const children = new Map<number, Process[]>();
  const roots: Process[] = [];
  for (const p of list) {
    if (p.ppid !== null && byPid.has(p.ppid)) {
      const c = children.get(p.ppid) ?? [];
      c.push(p);
      children.set(p.ppid, c);
    } else roots.push(p);
  }
  return { roots, children };
}

/** Rows of a virtualised grid: which items to render for a scroll position. */
export function visibleWindow(opts: {
  count: number;
  columns: number;
  rowHeight: number;
  scrollTop: number;
  viewport: number;
  overscanRows?: number;
}): { first: number; last: number; totalHeight: number } {
  const { count, columns, rowHeight, scrollTop, viewport, overscanRows = 2 } = opts;
  const rows = Math.ceil(count / columns);
  const firstRow = Math.max(0, Math.floor(scrollTop / rowHeight) - overscanRows);
  const lastRow = Math.min(rows - 1, Math.ceil((scrollTop + viewport) / rowHeight) + overscanRows);
  return { first: firstRow * columns, last: Math.min(count, (lastRow + 1) * columns), totalHeight: rows * rowHeight };
}
