/** Live timeline of the agent's thoughts, tool calls and observations (GET /steps, then agent.step events). */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get } from '../../api/http';
import { onEvent, onResync } from '../../api/events';
import type { Step } from '../../api/types';
import { Empty, ErrorNote, Unavailable } from '../../ui/common';
import { clock } from '../../ui/format';

const PAGE = 500;

export function Timeline({ pid }: { pid: number }) {
  const [steps, setSteps] = useState<Step[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [loading, setLoading] = useState(true);
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useEffect(() => {
    let live = true;
    const known = new Map<number, Step>();
    const publish = () => live && setSteps([...known.values()].sort((a, b) => a.id - b.id));
    const load = async () => {
      try {
        let after = 0;
        for (;;) {
          const page = (await get<{ steps: Step[] }>(`/agents/${pid}/steps?after=${after}&limit=${PAGE}`)).steps;
          for (const s of page) known.set(s.id, s);
          if (page.length < PAGE) break;
          after = page[page.length - 1]!.id;
        }
        publish();
        setError(null);
      } catch (err) {
        if (err instanceof ApiError && err.unavailable) setUnavailable(true);
        else setError(err);
      } finally {
        if (live) setLoading(false);
      }
    };
    void load();
    const offEvent = onEvent((e) => {
      if (e.type === 'agent.step' && e.pid === pid) {
        known.set(e.step.id, e.step);
        publish();
      }
    });
    const offResync = onResync(() => void load());
    return () => {
      live = false;
      offEvent();
      offResync();
    };
  }, [pid]);

  useEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [steps]);

  if (unavailable) return <Unavailable what="The step timeline (agent runtime)" />;
  return (
    <div
      class="timeline"
      ref={box}
      data-testid="timeline"
      onScroll={(e) => {
        const el = e.currentTarget as HTMLElement;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      <ErrorNote error={error} />
      {!loading && steps.length === 0 && (
        <Empty>No steps yet: plain programs report none, runtime agents report each thought and action.</Empty>
      )}
      {steps.map((s) => (
        <StepRow key={s.id} s={s} />
      ))}
    </div>
  );
}

const LABEL: Record<Step['kind'], string> = {
  thought: 'thought',
  tool_call: 'tool call',
  observation: 'observation',
  approval: 'approval',
  human: 'human',
  final: 'final',
  error: 'error',
  note: 'note',
};

function StepRow({ s }: { s: Step }) {
  const [open, setOpen] = useState(false);
  const body = s.kind === 'tool_call' ? `${s.tool ?? ''}(${JSON.stringify(s.arguments ?? {})})` : (s.text ?? s.output ?? '');
  const long = body.length > 400;
  return (
    <div class={`step kind-${s.kind}${s.isError ? ' is-error' : ''}`} data-kind={s.kind}>
      <div class="step-meta">
        <span class="step-n">#{s.n}</span>
        <span class="step-kind">{LABEL[s.kind] ?? s.kind}</span>
        <span class="muted small">{clock(s.at)}</span>
      </div>
      <pre class="step-body" onClick={() => long && setOpen(!open)}>
        {long && !open ? `${body.slice(0, 400)}… (click to expand)` : body}
        {s.kind === 'observation' && s.output && s.text ? `\n${s.output}` : ''}
      </pre>
    </div>
  );
}
