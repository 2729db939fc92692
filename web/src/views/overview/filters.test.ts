import { describe, expect, it } from 'vitest';
import type { Process } from '../../api/types';
import { buildTree, matchesSearch, matchesState, visibleWindow } from './filters';

const proc = (pid: number, over: Partial<Process> = {}): Process => ({
  pid,
  ppid: null,
  agent: { id: `a${pid}`, name: `agent-${pid}` },
  state: 'running',
  command: ['/bin/sleep', '600'],
  environment: {},
  limits: { memoryMax: 1 << 29, cpuQuota: 100, tasksMax: 512 },
  network: 'none',
  sandbox: { driver: 'systemd', id: null, pauseMethod: 'freezer' },
  exit: null,
  labels: {},
  expiresAt: null,
  endReason: null,
  createdAt: null,
  startedAt: null,
  endedAt: null,
  ...over,
});

describe('grid filters', () => {
  it('filters by state group', () => {
    expect(matchesState(proc(1, { state: 'paused' }), 'live')).toBe(true);
    expect(matchesState(proc(1, { state: 'killed' }), 'live')).toBe(false);
    expect(matchesState(proc(1, { state: 'killed' }), 'ended')).toBe(true);
    expect(matchesState(proc(1, { state: 'starting' }), 'running')).toBe(false);
  });

  it('searches every word across name, pid, goal and command', () => {
    const p = proc(42, {
      run: {
        goal: 'Summarise the news',
        template: 'researcher',
        model: null,
        tools: [],
        step: 3,
        maxSteps: 50,
        tokenBudget: 100_000,
        status: 'thinking',
        result: null,
        resumedFrom: null,
      },
    });
    expect(matchesSearch(p, 'agent-42 news')).toBe(true);
    expect(matchesSearch(p, 'RESEARCHER')).toBe(true);
    expect(matchesSearch(p, 'sleep')).toBe(true);
    expect(matchesSearch(p, 'news nothing')).toBe(false);
    expect(matchesSearch(p, '   ')).toBe(true);
  });

  it('builds the tree from ppid; orphans become roots', () => {
    const { roots, children } = buildTree([proc(1), proc(2, { ppid: 1 }), proc(3, { ppid: 2 }), proc(4, { ppid: 99 })]);
    expect(roots.map((p) => p.pid)).toEqual([1, 4]);
    expect(children.get(1)!.map((p) => p.pid)).toEqual([2]);
    expect(children.get(2)!.map((p) => p.pid)).toEqual([3]);
  });
});

describe('virtualised grid window', () => {
  it('renders only the rows in view plus overscan', () => {
    const w = visibleWindow({ count: 500, columns: 5, rowHeight: 100, scrollTop: 0, viewport: 800 });
    expect(w).toEqual({ first: 0, last: 55, totalHeight: 10_000 });
    const mid = visibleWindow({ count: 500, columns: 5, rowHeight: 100, scrollTop: 5000, viewport: 800 });
    expect(mid.first).toBe(48 * 5);
    expect(mid.last).toBe(61 * 5);
  });

  it('never goes past the end', () => {
    const w = visibleWindow({ count: 7, columns: 3, rowHeight: 100, scrollTop: 0, viewport: 2000 });
    expect(w).toEqual({ first: 0, last: 7, totalHeight: 300 });
  });
});
