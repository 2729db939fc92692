/**
 * The agent's desktop through noVNC (RFB over WS /agents/:pid/desktop/vnc). View-only until the
 * operator takes the control lease: the kernel drops input from any viewer that does not present
 * the lease's key, and the agent is paused while a human holds it. The lease is renewed while held.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import RFB from '@novnc/novnc';
import { ApiError, api, get, post, wsUrl } from '../../api/http';
import { onEvent } from '../../api/events';
import type { DesktopInfo, DesktopLease } from '../../api/types';
import { ErrorNote, Unavailable } from '../../ui/common';

type Status = 'checking' | 'starting' | 'connecting' | 'connected' | 'disconnected' | 'none' | 'failed';
const OWNER = 'Mission Control (admin)';
const TTL_S = 600;

export function Desktop({ pid, live }: { pid: number; live: boolean }) {
  const screen = useRef<HTMLDivElement>(null);
  const rfb = useRef<RFB | null>(null);
  const [status, setStatus] = useState<Status>('checking');
  const [info, setInfo] = useState<DesktopInfo | null>(null);
  const [lease, setLease] = useState<DesktopLease | null>(null);
  /** The lease key while this page holds control; the viewer reconnects with it. */
  const [key, setKey] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [unavailable, setUnavailable] = useState(false);

  // What the desktop is, and who controls it.
  useEffect(() => {
    if (!live) return;
    let stop = false;
    const load = async () => {
      try {
        const d = await get<DesktopInfo>(`/agents/${pid}/desktop`);
        if (stop) return;
        setInfo(d);
        setLease(d.lease);
        if (d.state === 'starting') setTimeout(() => void load(), 1000);
      } catch (err) {
        if (err instanceof ApiError && err.unavailable) setUnavailable(true);
        else if (err instanceof ApiError && err.status === 404) setStatus('none');
        else setError(err);
      }
    };
    void load();
    const off = onEvent((e) => {
      if (e.type !== 'desktop.lease' || e.pid !== pid) return;
      setLease(e.lease);
      if (e.lease === null) setKey(null);
    });
    return () => {
      stop = true;
      off();
    };
  }, [pid, live]);

  // The viewer: (re)connects when the desktop is ready and whenever control changes hands.
  useEffect(() => {
    if (!live || info?.state !== 'ready') return;
    setStatus('connecting');
    const r = new RFB(screen.current!, wsUrl(`/agents/${pid}/desktop/vnc`, key ? { lease: key } : {}), { shared: true });
    r.viewOnly = key === null;
    r.scaleViewport = true;
    r.background = '#05070b';
    r.addEventListener('connect', () => {
      setStatus('connected');
      if (key) r.focus();
    });
    r.addEventListener('disconnect', () => setStatus('disconnected'));
    rfb.current = r;
    return () => {
      r.disconnect();
      rfb.current = null;
    };
  }, [pid, live, info?.state, key]);

  // Renew the lease at half its lifetime while this page holds it.
  useEffect(() => {
    if (!key) return;
    const t = setInterval(
      () => void post(`/agents/${pid}/desktop/lease`, { owner: OWNER, ttlSeconds: TTL_S, key }).catch(setError),
      (TTL_S / 2) * 1000,
    );
    return () => clearInterval(t);
  }, [pid, key]);

  const take = async () => {
    try {
      const r = await post<{ lease: DesktopLease; key: string }>(`/agents/${pid}/desktop/lease`, {
        owner: OWNER,
        ttlSeconds: TTL_S,
      });
      setLease(r.lease);
      setKey(r.key);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  const release = async () => {
    try {
      await api('DELETE', `/agents/${pid}/desktop/lease`, key ? { key } : { force: true });
    } catch (err) {
      setError(err);
    }
    setKey(null);
  };

  if (!live) return <div class="muted">The process has ended; its desktop is gone.</div>;
  if (unavailable) return <Unavailable what="Desktops" />;
  if (status === 'none') return <div class="muted">This agent has no desktop. Spawn it with “Desktop” ticked to get one.</div>;
  const held = key !== null;
  return (
    <div class="desktop-wrap">
      <div class="panel-bar">
        <span class={`dot ${status === 'connected' ? 'open' : status === 'failed' ? 'closed' : 'connecting'}`} />
        <span data-testid="desktop-status">{info?.state === 'starting' ? 'desktop starting' : status}</span>
        <span class="muted small">
          {held
            ? 'you have control; the agent is paused until you release it'
            : lease
              ? `controlled by ${lease.owner}`
              : 'view only'}
        </span>
        <span class="spacer" />
        {held ? (
          <button onClick={() => void release()} data-testid="desktop-release">
            Release control
          </button>
        ) : lease ? (
          <button class="danger" onClick={() => void release()} title="End someone else's lease">
            Force release
          </button>
        ) : (
          <button class="primary" onClick={() => void take()} data-testid="desktop-take" disabled={info?.state !== 'ready'}>
            Take over
          </button>
        )}
      </div>
      {info?.error && <div class="error">{info.error}</div>}
      <ErrorNote error={error} />
      <div class={`desktop${held ? ' controlled' : ''}`} ref={screen} data-testid="desktop" />
    </div>
  );
}
