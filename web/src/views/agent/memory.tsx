/**
 * The agent's long-term memory (issue #6) as the agent sees it: its own and its spaces'. Browse
 * newest first, or search (hybrid or full-text, the kernel says which); teach it something; forget.
 */
import { useState } from 'preact/hooks';
import { api, post } from '../../api/http';
import { ErrorNote, Unavailable } from '../../ui/common';
import { ago } from '../../ui/format';
import { useApi } from '../../ui/use-api';

const LAYERS = ['episodic', 'semantic', 'procedural', 'social'] as const;

interface MemoryItem {
  id: number;
  owner: string;
  layer: string;
  content: string;
  subject: string | null;
  importance: number;
  author: string;
  createdAt: string;
  score?: number;
}

interface Recall {
  retrieval: 'hybrid' | 'fulltext';
  note?: string;
  memories: MemoryItem[];
}

export function Memory({ name }: { name: string }) {
  const [query, setQuery] = useState('');
  const [layer, setLayer] = useState('');
  const [teach, setTeach] = useState('');
  const [error, setError] = useState<unknown>(null);
  const params = new URLSearchParams({ limit: '100' });
  if (query.trim()) params.set('q', query.trim());
  if (layer) params.set('layer', layer);
  const base = `/agents/by-name/${encodeURIComponent(name)}/memory`;
  const res = useApi<Recall>(`${base}?${params.toString()}`);
  if (res.unavailable) return <Unavailable what="Agent memory" />;

  const remember = async (e: Event) => {
    e.preventDefault();
    try {
      await post(base, { content: teach.trim(), ...(layer ? { layer } : {}) });
      setTeach('');
      res.reload();
    } catch (err) {
      setError(err);
    }
  };
  const forget = async (id: number) => {
    try {
      await api('DELETE', `/memory/${id}`);
      res.reload();
    } catch (err) {
      setError(err);
    }
  };

  const items = res.data?.memories ?? [];
  return (
    <div class="memory" data-testid="memory">
      <div class="toolbar">
        <input
          type="search"
          placeholder="Search memory…"
          value={query}
          onChange={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
        <select value={layer} onChange={(e) => setLayer((e.currentTarget as HTMLSelectElement).value)} aria-label="layer">
          <option value="">all layers</option>
          {LAYERS.map((l) => (
            <option value={l}>{l}</option>
          ))}
        </select>
        {res.data && <span class="muted small">{res.data.retrieval} recall</span>}
      </div>
      {res.data?.note && <div class="muted small">{res.data.note}</div>}
      <ErrorNote error={res.error ?? error} />
      {items.length === 0 && !res.loading && <div class="muted">Nothing remembered{query ? ' that matches' : ''}.</div>}
      {items.map((m) => (
        <div class="memory-item" data-testid="memory-item">
          <div class="muted small">
            <span class="tag">{m.layer}</span> {m.subject ?? ''} · {m.owner} · by {m.author} · {ago(m.createdAt)}
            {m.score !== undefined && ` · score ${m.score.toFixed(2)}`}
            <button class="ghost small" onClick={() => void forget(m.id)} title="Forget this memory">
              forget
            </button>
          </div>
          <div>{m.content}</div>
        </div>
      ))}
      <form class="toolbar" onSubmit={remember}>
        <input
          placeholder="Teach the agent something…"
          value={teach}
          onInput={(e) => setTeach((e.currentTarget as HTMLInputElement).value)}
        />
        <button class="primary" disabled={!teach.trim()}>
          Remember
        </button>
      </form>
    </div>
  );
}
