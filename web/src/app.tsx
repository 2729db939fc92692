/** The shell: top bar, the disconnected banner, and the current view. */
import { useEffect, useState } from 'preact/hooks';
import { connection, everConnected, reconnectNow, retryAt, startEvents, stopEvents } from './api/events';
import { loadAgents, loaded, wireAgents } from './state/agents';
import { lastError } from './state/actions';
import { pendingCount, wireInbox } from './state/inbox';
import { route } from './state/router';
import { loggedIn, logOut } from './state/session';
import { ErrorNote } from './ui/common';
import { AgentView } from './views/agent/agent-view';
import { ApprovalsView } from './views/approvals';
import { AuditView } from './views/audit';
import { Login } from './views/login';
import { Overview } from './views/overview/overview';
import { SystemView } from './views/system';

export function App() {
  if (!loggedIn.value) return <Login />;
  return <Shell />;
}

function Shell() {
  useEffect(() => {
    wireAgents();
    wireInbox();
    startEvents();
    // State is read when the stream opens (so no event falls between); if it cannot open, read anyway.
    const fallback = setTimeout(() => !loaded.value && void loadAgents(), 3000);
    return () => {
      clearTimeout(fallback);
      stopEvents();
    };
  }, []);
  const r = route.value;
  const pending = pendingCount.value;
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="#/">
          <span class="logo" /> Aether <span class="muted">Mission Control</span>
        </a>
        <nav>
          <a href="#/" class={r.view === 'overview' || r.view === 'agent' ? 'on' : ''}>
            Agents
          </a>
          <a href="#/approvals" class={r.view === 'approvals' ? 'on' : ''} data-testid="nav-approvals">
            Approvals{pending > 0 && <span class="pill">{pending}</span>}
          </a>
          <a href="#/system" class={r.view === 'system' ? 'on' : ''}>
            System
          </a>
          <a href="#/audit" class={r.view === 'audit' ? 'on' : ''} data-testid="nav-audit">
            Audit
          </a>
        </nav>
        <span class="spacer" />
        <span class={`conn ${connection.value}`} data-testid="connection" data-state={connection.value} title="Event stream">
          <span class={`dot ${connection.value}`} /> {connection.value === 'open' ? 'live' : connection.value}
        </span>
        <button class="ghost" onClick={() => logOut()} data-testid="logout">
          Log out
        </button>
      </header>
      <Banner />
      {lastError.value && (
        <div class="toast" onClick={() => (lastError.value = null)} title="Dismiss">
          <ErrorNote error={lastError.value} />
        </div>
      )}
      <main>
        {r.view === 'overview' && <Overview />}
        {r.view === 'agent' && <AgentView pid={r.pid} tab={r.tab} />}
        {r.view === 'approvals' && <ApprovalsView />}
        {r.view === 'system' && <SystemView />}
        {r.view === 'audit' && <AuditView />}
      </main>
    </div>
  );
}

/** Shown while the event stream is down after having been up: what the operator sees is stale. */
function Banner() {
  const [, tick] = useState(0);
  const down = everConnected.value && connection.value !== 'open';
  useEffect(() => {
    if (!down) return;
    const t = setInterval(() => tick((n) => n + 1), 500);
    return () => clearInterval(t);
  }, [down]);
  if (!down) return null;
  const at = retryAt.value;
  const secs = at ? Math.max(0, Math.ceil((at - Date.now()) / 1000)) : 0;
  return (
    <div class="banner" role="status" data-testid="disconnected-banner">
      Disconnected from the kernel: what you see may be out of date.{' '}
      {connection.value === 'connecting' ? 'Reconnecting…' : `Retrying in ${secs}s.`}
      {connection.value === 'closed' && (
        <button class="ghost small" onClick={reconnectNow}>
          Retry now
        </button>
      )}
    </div>
  );
}
