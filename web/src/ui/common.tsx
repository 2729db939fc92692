/** Small shared pieces: state badge, the "not available on this kernel" note, errors. */
import type { ComponentChildren } from 'preact';
import type { ProcessState } from '../api/types';
import { ApiError } from '../api/http';

export function StateBadge({ state }: { state: ProcessState }) {
  return (
    <span class={`badge state-${state}`} data-testid="state" data-state={state}>
      {state}
    </span>
  );
}

export function Unavailable({ what }: { what: string }) {
  return (
    <div class="unavailable" data-testid="unavailable">
      <span class="muted">{what}: not available on this kernel.</span>
    </div>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError)
    return (
      <div class="error" role="alert" data-testid="error" data-code={error.code}>
        <b>{error.code}</b> {error.message}
        {error.hint && <div class="hint">{error.hint}</div>}
      </div>
    );
  return (
    <div class="error" role="alert" data-testid="error">
      {String((error as Error).message ?? error)}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="empty muted">{children}</div>;
}
