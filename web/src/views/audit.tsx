/** The audit log: who changed what, newest first, filtered by actor or action; the chain's verdict. */
import { useState } from 'preact/hooks';
import type { AuditPage, ChainVerdict } from '../api/types';
import { ErrorNote, Unavailable } from '../ui/common';
import { ago } from '../ui/format';
import { useApi } from '../ui/use-api';

/** Entries above `after` (the API pages oldest first; the view shows the newest page it reached first). */
export function auditPath(filters: { actor: string; action: string }, after: number): string {
  const q = new URLSearchParams({ after: String(after), limit: '200' });
  if (filters.actor.trim()) q.set('actor', filters.actor.trim());
  if (filters.action.trim()) q.set('action', filters.action.trim());
  return `/audit?${q.toString()}`;
}

export function AuditView() {
  const [draft, setDraft] = useState({ actor: '', action: '' });
  const [filters, setFilters] = useState(draft);
  const [after, setAfter] = useState(0);
  const page = useApi<AuditPage>(auditPath(filters, after));
  const [verifyKey, setVerifyKey] = useState<number | null>(null);
  const verdict = useApi<ChainVerdict>(verifyKey === null ? null : `/audit/verify?_=${verifyKey}`);
  if (page.unavailable) return <Unavailable what="The audit log" />;
  const entries = [...(page.data?.entries ?? [])].reverse();
  const apply = (e: Event) => {
    e.preventDefault();
    setAfter(0);
    setFilters(draft);
  };
  return (
    <section class="audit" data-testid="audit-view">
      <h1>Audit log</h1>
      <form class="toolbar" onSubmit={apply}>
        <input
          placeholder="Actor"
          value={draft.actor}
          data-testid="audit-actor"
          onInput={(e) => setDraft({ ...draft, actor: (e.currentTarget as HTMLInputElement).value })}
        />
        <input
          placeholder="Action (operationId)"
          value={draft.action}
          data-testid="audit-action"
          onInput={(e) => setDraft({ ...draft, action: (e.currentTarget as HTMLInputElement).value })}
        />
        <button type="submit">Filter</button>
        <button type="button" onClick={() => page.reload()}>
          Refresh
        </button>
        <button type="button" data-testid="audit-verify" onClick={() => setVerifyKey(Date.now())}>
          Verify chain
        </button>
      </form>
      {verdict.data && (
        <div class={verdict.data.ok ? 'ok' : 'warn'} data-testid="audit-verdict" data-ok={String(verdict.data.ok)}>
          {verdict.data.ok
            ? `Chain intact: ${verdict.data.checked} entries, head ${verdict.data.headHash.slice(0, 12)}…`
            : `Chain broken at entry ${verdict.data.brokenAt}: ${verdict.data.reason}`}
        </div>
      )}
      <ErrorNote error={page.error ?? verdict.error} />
      <table class="list" data-testid="audit-entries">
        <thead>
          <tr>
            <th>#</th>
            <th>When</th>
            <th>Actor</th>
            <th>Action</th>
            <th>Target</th>
            <th>Outcome</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-testid="audit-entry" data-action={e.action} data-outcome={e.outcome}>
              <td class="muted">{e.seq}</td>
              <td title={e.at}>{ago(e.at)}</td>
              <td>
                {e.actor} <span class="muted small">{e.role}</span>
              </td>
              <td>{e.action}</td>
              <td class="muted">{e.target ?? '—'}</td>
              <td>
                <span class={`badge ${e.outcome}`}>{e.outcome}</span>
              </td>
              <td class="muted">{e.sourceAddress ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.data?.nextAfter != null && (
        <button onClick={() => setAfter(page.data?.nextAfter ?? 0)} data-testid="audit-newer">
          Newer entries
        </button>
      )}
    </section>
  );
}
