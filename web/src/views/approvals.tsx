/** The inbox: actions waiting for approval and questions agents asked, across every agent. */
import { useState } from 'preact/hooks';
import type { Approval, Question } from '../api/types';
import { answer, approvals, approvalsAvailable, decide, questions, questionsAvailable } from '../state/inbox';
import { navigate } from '../state/router';
import { Empty, ErrorNote, Unavailable } from '../ui/common';
import { ago } from '../ui/format';

export function ApprovalsView() {
  return (
    <section class="inbox" data-testid="approvals-view">
      <h1>Approvals</h1>
      <ApprovalList filter={() => true} />
      <h1>Questions</h1>
      <QuestionList filter={() => true} />
    </section>
  );
}

export function ApprovalList({ filter }: { filter: (a: Approval) => boolean }) {
  if (approvalsAvailable.value === false) return <Unavailable what="Approvals" />;
  const list = approvals.value.filter((a) => filter(a));
  const pending = list.filter((a) => a.state === 'pending');
  const decided = list
    .filter((a) => a.state !== 'pending')
    .slice(-20)
    .reverse();
  return (
    <div class="cards-list">
      {pending.length === 0 && <Empty>Nothing waits for approval.</Empty>}
      {pending.map((a) => (
        <ApprovalCard key={a.id} a={a} />
      ))}
      {decided.length > 0 && <div class="muted small">Decided in this session</div>}
      {decided.map((a) => (
        <div class={`approval decided ${a.state}`} data-testid="approval-decided" data-id={a.id}>
          <b>{a.tool}</b> · {a.agent} #{a.pid} · <span class={`badge ${a.state}`}>{a.state}</span>
          {a.reason && <span class="muted"> — {a.reason}</span>}
        </div>
      ))}
    </div>
  );
}

function ApprovalCard({ a }: { a: Approval }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const go = async (d: 'approve' | 'deny') => {
    setBusy(true);
    try {
      await decide(a.id, d, reason.trim() || undefined);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="approval" data-testid="approval" data-id={a.id}>
      <div class="approval-head">
        <b>{a.tool}</b>
        <a onClick={() => navigate(`#/agents/${a.pid}`)}>
          {a.agent} #{a.pid}
        </a>
        <span class="muted small">{ago(a.createdAt)}</span>
      </div>
      {a.why && <div class="why">{a.why}</div>}
      <pre class="args">{JSON.stringify(a.arguments, null, 2)}</pre>
      <div class="toolbar">
        <input
          placeholder="Reason (optional)"
          value={reason}
          onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
        />
        <button class="primary" disabled={busy} onClick={() => void go('approve')} data-testid="approve">
          Approve
        </button>
        <button class="danger" disabled={busy} onClick={() => void go('deny')} data-testid="deny">
          Deny
        </button>
      </div>
      <ErrorNote error={error} />
    </div>
  );
}

export function QuestionList({ filter }: { filter: (q: Question) => boolean }) {
  if (questionsAvailable.value === false) return <Unavailable what="Questions" />;
  const open = questions.value.filter((q) => filter(q) && q.state === 'open');
  return (
    <div class="cards-list">
      {open.length === 0 && <Empty>No open questions.</Empty>}
      {open.map((q) => (
        <QuestionCard key={q.id} q={q} />
      ))}
    </div>
  );
}

function QuestionCard({ q }: { q: Question }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const send = async (e: Event) => {
    e.preventDefault();
    try {
      await answer(q.id, text);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="approval" onSubmit={send} data-testid="question">
      <div class="approval-head">
        <b>{q.agent}</b> <span class="muted">#{q.pid}</span> <span class="muted small">{ago(q.createdAt)}</span>
      </div>
      <div class="why">{q.question}</div>
      <div class="toolbar">
        <input placeholder="Your answer" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
        <button class="primary" disabled={!text.trim()}>
          Answer
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
