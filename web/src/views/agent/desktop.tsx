/**
 * The agent's desktop through noVNC (RFB over WS /agents/:pid/desktop/vnc). View-only until the
 * operator takes the control lease; the kernel also drops input from anyone without it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import RFB from '@novnc/novnc';
import { ApiError, del, get, post, wsUrl } from '../../api/http';
import { onEvent } from '../../api/events';
import { ErrorNote, Unavailable } from '../../ui/common';

type Status = 'checking' | 'connecting' | 'connected' | 'disconnected' | 'none';

export function Desktop({ pid, live }: { pid: number; live: boolean }) {
  const screen = useRef<HTMLDivElement>(null);
  const rfb = useRef<RFB | null>(null);
  const [status, setStatus] = useState<Status>('checking');
  const [held, setHeld] = useState(false);
  const [lease, setLease] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [unavailable, setUnavailable] = useState(false);

  useEffect(() => {
    if (!live) return;
    let disposed = false;
    const connect = async () => {
      try {
        setLease(await get<unknown>(`/agents/${pid}/desktop/lease`));
      } catch (err) {
        if (err instanceof ApiError && err.unavailable) return setUnavailable(true);
        if (err instanceof ApiError && err.status === 404) return setStatus('none');
        setError(err);
      }
      if (disposed) return;
      setStatus('connecting');
      const r = new RFB(screen.current!, wsUrl(`/agents/${pid}/desktop/vnc`), { shared: true });
      r.viewOnly = true;
      r.scaleViewport = true;
      r.background = '#05070b';
      r.addEventListener('connect', () => setStatus('connected'));
      r.addEventListener('disconnect', () => !disposed && setStatus('disconnected'));
      rfb.current = r;
    };
    void connect();
    const off = onEvent((e) => {
      if (e.type === 'desktop.lease' && e.pid === pid) {
        setLease(e.lease);
        if (e.lease === null) setHeld(false);
      }
    });
    return () => {
      disposed = true;
      off();
      rfb.current?.disconnect();
      rfb.current = null;
    };
  }, [pid, live]);

  useEffect(() => {
    if (rfb.current) rfb.current.viewOnly = !held;
    if (held) rfb.current?.focus();
  }, [held]);

  const take = async () => {
    try {
      setLease(await post(`/agents/${pid}/desktop/lease`));
      setHeld(true);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  const release = async () => {
    try {
      await del(`/agents/${pid}/desktop/lease`);
    } catch (err) {
      setError(err);
    }
    setHeld(false);
  };

  if (!live) return <div class="muted">The process has ended; its desktop is gone.</div>;
  if (unavailable) return <Unavailable what="Desktops" />;
  if (status === 'none') return <div class="muted">This agent has no desktop. Spawn it with “Desktop” ticked to get one.</div>;
  return (
    <div class="desktop-wrap">
      <div class="panel-bar">
        <span class={`dot ${status === 'connected' ? 'open' : 'closed'}`} /> {status}
        <span class="muted small">{held ? 'you have control' : lease ? 'someone else may have control' : 'view only'}</span>
        <span class="spacer" />
        {held ? (
          <button onClick={() => void release()} data-testid="desktop-release">
            Release control
          </button>
        ) : (
          <button class="primary" onClick={() => void take()} data-testid="desktop-take">
            Take over
          </button>
        )}
      </div>
      <ErrorNote error={error} />
      <div class={`desktop${held ? ' controlled' : ''}`} ref={screen} data-testid="desktop" />
    </div>
  );
}
