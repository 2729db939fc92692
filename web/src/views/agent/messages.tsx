/** Messages to and from the agent (IPC, issue #6); the operator can send one. */
import { useState } from 'preact/hooks';
import { post } from '../../api/http';
import { ErrorNote, Unavailable } from '../../ui/common';
import { clock } from '../../ui/format';
import { useApi } from '../../ui/use-api';

interface Message {
  id?: string | number;
  from?: unknown;
  to?: unknown;
  body?: unknown;
  text?: string;
  createdAt?: string | number;
  at?: string | number;
}

const who = (x: unknown) => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x ?? ''));

export function Messages({ pid }: { pid: number }) {
  const res = useApi<{ messages?: Message[] }>(`/agents/${pid}/messages`);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (res.unavailable) return <Unavailable what="Messages" />;
  const send = async (e: Event) => {
    e.preventDefault();
    try {
      await post(`/agents/${pid}/messages`, { body: text });
      setText('');
      res.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="messages" data-testid="messages">
      <ErrorNote error={res.error ?? error} />
      {(res.data?.messages ?? []).map((m) => (
        <div class="message">
          <div class="muted small">
            {who(m.from)} → {who(m.to)} · {clock(m.createdAt ?? m.at)}
          </div>
          <pre>{m.text ?? (typeof m.body === 'string' ? m.body : JSON.stringify(m.body, null, 2))}</pre>
        </div>
      ))}
      {res.data && (res.data.messages ?? []).length === 0 && <div class="muted">No messages.</div>}
      <form class="toolbar" onSubmit={send}>
        <input
          placeholder="Message to the agent…"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
        <button class="primary" disabled={!text.trim()}>
          Send
        </button>
      </form>
    </div>
  );
}
