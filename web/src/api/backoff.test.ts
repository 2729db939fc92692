import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { parseRoute } from '../state/route';

describe('reconnect backoff', () => {
  it('starts quick, doubles, and caps at 8 s (plus or minus 25 % jitter)', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, mid))).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(0, () => 0)).toBe(188);
    expect(backoffDelay(20, () => 1)).toBe(10_000);
  });
});

describe('hash routes', () => {
  it.each([
    ['', { view: 'overview' }],
    ['#/', { view: 'overview' }],
    ['#/agents/12', { view: 'agent', pid: 12, tab: '' }],
    ['#/agents/12/terminal', { view: 'agent', pid: 12, tab: 'terminal' }],
    ['#/agents/x', { view: 'overview' }],
    ['#/approvals', { view: 'approvals' }],
    ['#/system', { view: 'system' }],
  ])('%s', (hash, route) => expect(parseRoute(hash)).toEqual(route));
});
