/** The agent's long-term memory (issue #6): search across layers. Shapes follow that helper's API. */
import { useState } from 'preact/hooks';
import { ErrorNote, Unavailable } from '../../ui/common';
import { clock } from '../../ui/format';
import { useApi } from '../../ui/use-api';

interface MemoryItem {
  id?: string | number;
  layer?: string;
  text?: string;
  content?: string;
  key?: string;
  score?: number;
  createdAt?: string | number;
}

export function Memory({ name }: { name: string }) {
  const [query, setQuery] = useState('');
  const [layer, setLayer] = useState('');
  const res = useApi<Record<string, unknown>>(
    `/agents/by-name/${encodeURIComponent(name)}/memory?q=${encodeURIComponent(query)}&layer=${encodeURIComponent(layer)}`,
  );
  if (res.unavailable) return <Unavailable what="Agent memory" />;
  const items = (Object.values(res.data ?? {}).find(Array.isArray) ?? []) as MemoryItem[];
  return (
    <div class="memory" data-testid="memory">
      <div class="toolbar">
        <input
          type="search"
          placeholder="Search memory…"
          value={query}
          onChange={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
        <select value={layer} onChange={(e) => setLayer((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">all layers</option>
          <option value="working">working</option>
          <option value="episodic">episodic</option>
          <option value="semantic">semantic</option>
        </select>
      </div>
      <ErrorNote error={res.error} />
      {items.length === 0 && !res.loading && <div class="muted">Nothing remembered{query ? ' that matches' : ''}.</div>}
      {items.map((m) => (
        <div class="memory-item">
          <div class="muted small">
            {m.layer ?? ''} {m.key ?? ''} {m.score !== undefined ? `score ${m.score.toFixed(2)}` : ''} {clock(m.createdAt)}
          </div>
          <div>{m.text ?? m.content ?? JSON.stringify(m)}</div>
        </div>
      ))}
    </div>
  );
}
