/** Hash routes of Mission Control: #/, #/agents/12/terminal, #/approvals, #/system, #/audit (pure). */
export type Route =
  | { view: 'overview' }
  | { view: 'agent'; pid: number; tab: string }
  | { view: 'approvals' }
  | { view: 'system' }
  | { view: 'audit' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'agents' && parts[1] && /^\d+$/.test(parts[1]))
    return { view: 'agent', pid: Number(parts[1]), tab: parts[2] ?? '' };
  if (parts[0] === 'approvals') return { view: 'approvals' };
  if (parts[0] === 'system') return { view: 'system' };
  if (parts[0] === 'audit') return { view: 'audit' };
  return { view: 'overview' };
}
