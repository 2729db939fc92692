/** One agent: header with its state and controls, and tabs for everything about it. */
import { useEffect } from 'preact/hooks';
import { lazy, Suspense } from 'preact/compat';
import { agents, loaded } from '../../state/agents';
import { act, signalProcess } from '../../state/actions';
import { navigate } from '../../state/router';
import { Empty, StateBadge } from '../../ui/common';
import { ago } from '../../ui/format';
import { AgentApprovals } from './agent-approvals';
import { Files } from './files';
import { Info } from './info';
import { Memory } from './memory';
import { Messages } from './messages';
import { Timeline } from './timeline';
import { Usage } from './usage';

// xterm.js and noVNC are most of the bundle: loaded when their tab opens, not for the grid.
const Terminal = lazy(() => import('./terminal').then((m) => m.Terminal));
const Desktop = lazy(() => import('./desktop').then((m) => m.Desktop));

const TABS = ['timeline', 'terminal', 'desktop', 'files', 'memory', 'messages', 'approvals', 'usage', 'info'] as const;

export function AgentView({ pid, tab }: { pid: number; tab: string }) {
  const sig = agents.get(pid);
  useEffect(() => {
    document.title = sig ? `${sig.value.agent.name} · Mission Control` : 'Mission Control';
  }, [sig]);
  if (!sig) return <Empty>{loaded.value ? `No process with PID ${pid}.` : 'Loading…'}</Empty>;
  const p = sig.value;
  const live = !['exited', 'killed', 'failed'].includes(p.state);
  // Runtime agents open on their timeline; plain programs have no steps, so on their record.
  const current = (TABS as readonly string[]).includes(tab) ? tab : p.run ? 'timeline' : 'info';

  return (
    <section class="agent" data-testid="agent-view" data-pid={pid}>
      <header class="agent-head">
        <button class="ghost" onClick={() => navigate('#/')} aria-label="back">
          ←
        </button>
        <h1>{p.agent.name}</h1>
        <span class="muted">#{p.pid}</span>
        <StateBadge state={p.state} />
        {p.run && (
          <span class="muted">
            step {p.run.step} · {p.run.status}
          </span>
        )}
        <span class="muted small">started {ago(p.startedAt ?? p.createdAt)}</span>
        <span class="spacer" />
        {p.state === 'running' && (
          <button onClick={() => void act(pid, 'pause')} data-testid="pause">
            Pause
          </button>
        )}
        {p.state === 'paused' && (
          <button onClick={() => void act(pid, 'resume')} data-testid="resume">
            Resume
          </button>
        )}
        {live && (
          <>
            <button onClick={() => void signalProcess(pid, 'SIGINT')} title="Send SIGINT">
              Interrupt
            </button>
            <button
              class="danger"
              onClick={() => confirm(`Kill ${p.agent.name} (#${pid})?`) && void act(pid, 'kill')}
              data-testid="kill"
            >
              Kill
            </button>
          </>
        )}
      </header>
      {p.run && (
        <div class="goal">
          <b>Goal</b> {p.run.goal}
          {p.run.result && (
            <div>
              <b>Result</b> {p.run.result}
            </div>
          )}
        </div>
      )}
      <nav class="tabs">
        {TABS.map((t) => (
          <a href={`#/agents/${pid}/${t}`} class={t === current ? 'on' : ''} data-tab={t}>
            {t}
          </a>
        ))}
      </nav>
      <div class="tab-body">
        <Suspense fallback={<div class="muted">Loading…</div>}>
          {current === 'timeline' && <Timeline pid={pid} />}
          {current === 'terminal' && <Terminal pid={pid} live={live} />}
          {current === 'desktop' && <Desktop pid={pid} live={live} />}
          {current === 'files' && <Files pid={pid} />}
          {current === 'memory' && <Memory name={p.agent.name} />}
          {current === 'messages' && <Messages pid={pid} />}
          {current === 'approvals' && <AgentApprovals pid={pid} />}
          {current === 'usage' && <Usage p={p} />}
          {current === 'info' && <Info p={p} />}
        </Suspense>
      </div>
    </section>
  );
}
