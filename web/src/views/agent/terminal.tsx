/**
 * A terminal in the agent's sandbox: xterm.js over WS /agents/:pid/terminals/:id. Data frames are
 * the PTY's bytes; JSON {type:'resize'} frames carry the size. Opening the tab creates a terminal.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Terminal as XTerm } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { ApiError, get, post, wsUrl } from '../../api/http';
import { ErrorNote, Unavailable } from '../../ui/common';

type Status = 'connecting' | 'open' | 'closed';

interface TerminalInfo {
  id: string;
  openedBy: string;
  state: 'open' | 'ended';
}

export function Terminal({ pid, live }: { pid: number; live: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<Status>('connecting');
  const [error, setError] = useState<unknown>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!live) return;
    let disposed = false;
    let ws: WebSocket | null = null;
    const term = new XTerm({
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace',
      fontSize: 13,
      cursorBlink: true,
      theme: { background: '#0b0e14', foreground: '#d7dae0' },
      scrollback: 5000,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);
    fit.fit();
    setStatus('connecting');
    setError(null);

    const start = async () => {
      let id: string;
      try {
        // Terminals are shared: rejoin one a person opened (its scrollback replays), else open one.
        const { terminals } = await get<{ terminals: TerminalInfo[] }>(`/agents/${pid}/terminals`);
        const open = generation === 0 ? terminals.find((t) => t.state === 'open' && t.openedBy === 'api') : undefined;
        id = open?.id ?? (await post<TerminalInfo>(`/agents/${pid}/terminals`, { cols: term.cols, rows: term.rows })).id;
      } catch (err) {
        if (err instanceof ApiError && err.unavailable) setUnavailable(true);
        else setError(err);
        setStatus('closed');
        return;
      }
      if (disposed) return;
      ws = new WebSocket(wsUrl(`/agents/${pid}/terminals/${id}`));
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        setStatus('open');
        ws?.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
        term.focus();
      };
      ws.onmessage = (m) => {
        if (typeof m.data !== 'string') return term.write(new Uint8Array(m.data as ArrayBuffer));
        // Output is binary; a text frame is the server's control message, sent when the program ends.
        const exit = /^\{"type":"exit"/.test(m.data) ? (JSON.parse(m.data) as { code: number | null }) : null;
        if (exit) term.write(`\r\n\x1b[2m[exited with code ${exit.code ?? '?'}]\x1b[0m\r\n`);
        else term.write(m.data);
      };
      ws.onclose = () => {
        if (!disposed) {
          setStatus('closed');
          term.write('\r\n\x1b[2m[terminal closed]\x1b[0m\r\n');
        }
      };
    };
    const enc = new TextEncoder();
    term.onData((d) => ws?.readyState === WebSocket.OPEN && ws.send(enc.encode(d)));
    term.onResize(
      ({ cols, rows }) => ws?.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'resize', cols, rows })),
    );
    const ro = new ResizeObserver(() => fit.fit());
    ro.observe(host.current!);
    void start();
    return () => {
      disposed = true;
      ro.disconnect();
      ws?.close();
      term.dispose();
    };
  }, [pid, live, generation]);

  if (!live) return <div class="muted">The process has ended; terminals open only in live sandboxes.</div>;
  if (unavailable) return <Unavailable what="Terminals" />;
  return (
    <div class="terminal-wrap">
      <div class="panel-bar">
        <span class={`dot ${status}`} /> <span data-testid="terminal-status">{status}</span>
        <span class="spacer" />
        {status === 'closed' && <button onClick={() => setGeneration((g) => g + 1)}>New terminal</button>}
      </div>
      <ErrorNote error={error} />
      <div class="terminal" ref={host} data-testid="terminal" />
    </div>
  );
}
