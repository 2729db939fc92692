/** The process tree: who spawned whom (ppid), collapsible. */
import { useState } from 'preact/hooks';
import type { Process } from '../../api/types';
import { StateBadge } from '../../ui/common';
import { navigate } from '../../state/router';
import { buildTree } from './filters';

export function Tree({ list }: { list: Process[] }) {
  const { roots, children } = buildTree(list);
  return (
    <div class="tree" data-testid="process-tree">
      <ul>
        {roots.map((p) => (
          <Node key={p.pid} p={p} children={children} />
        ))}
      </ul>
    </div>
  );
}

function Node({ p, children }: { p: Process; children: Map<number, Process[]> }) {
  const [open, setOpen] = useState(true);
  const kids = children.get(p.pid) ?? [];
  return (
    <li>
      <div class="tree-row">
        <button class="twisty" disabled={kids.length === 0} onClick={() => setOpen(!open)} aria-label="expand">
          {kids.length === 0 ? '·' : open ? '▾' : '▸'}
        </button>
        <a href={`#/agents/${p.pid}`} onClick={(e) => (e.preventDefault(), navigate(`#/agents/${p.pid}`))}>
          {p.agent.name}
        </a>
        <span class="muted">#{p.pid}</span>
        <StateBadge state={p.state} />
        <span class="muted small ellipsis">{p.run?.goal ?? p.command.join(' ')}</span>
      </div>
      {open && kids.length > 0 && (
        <ul>
          {kids.map((c) => (
            <Node key={c.pid} p={c} children={children} />
          ))}
        </ul>
      )}
    </li>
  );
}
