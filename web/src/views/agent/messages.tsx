/** Messages to and from this process (IPC, issue #6), newest first; the operator can write to it. */
import { useState } from 'preact/hooks';
import { post } from '../../api/http';
import { ErrorNote, Unavailable } from '../../ui/common';
import { clock } from '../../ui/format';
import { useApi } from '../../ui/use-api';

interface Party {
  pid: number | null;
  agent: string;
}

interface Message {
  id: number;
  kind: string;
  from: Party;
  to: Party;
  topic: string | null;
  text: string;
  data: unknown;
  createdAt: string;
  readAt: string | null;
}

const who = (p: Party) => `${p.agent}${p.pid !== null ? ` #${p.pid}` : ''}`;

export function Messages({ pid }: { pid: number }) {
  const res = useApi<{ messages: Message[] }>(`/agents/${pid}/messages?limit=200`);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (res.unavailable) return <Unavailable what="Messages" />;
  const send = async (e: Event) => {
    e.preventDefault();
    try {
      await post(`/agents/${pid}/messages`, { text: text.trim() });
      setText('');
      setError(null);
      res.reload();
    } catch (err) {
      setError(err);
    }
  };
  const list = res.data?.messages ?? [];
  return (
    <div class="messages" data-testid="messages">
      <form class="toolbar" onSubmit={send}>
        <input
          placeholder="Message to the agent…"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
        <button class="primary" disabled={!text.trim()}>
          Send
        </button>
        <button type="button" class="ghost" onClick={res.reload} title="Reload">
          ↻
        </button>
      </form>
      <ErrorNote error={res.error ?? error} />
      {res.data && list.length === 0 && <div class="muted">No messages.</div>}
      {list.map((m) => (
        <div class={`message${m.from.pid === pid ? ' outgoing' : ''}`} data-testid="message">
          <div class="muted small">
            {who(m.from)} → {m.topic ? `#${m.topic}` : who(m.to)} · {m.kind} · {clock(m.createdAt)}
            {m.readAt ? ' · read' : ' · unread'}
          </div>
          <pre>{m.text}</pre>
        </div>
      ))}
    </div>
  );
}
