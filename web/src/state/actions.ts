/** Process operations from the UI; each result goes straight into the store (the event confirms it later). */
import { signal } from '@preact/signals';
import { ApiError, del, post } from '../api/http';
import type { Process } from '../api/types';
import { remember } from './agents';

export type Action = 'pause' | 'resume' | 'kill';

/** The last failed operation, shown as a dismissable note. */
export const lastError = signal<ApiError | Error | null>(null);

export async function act(pid: number, action: Action): Promise<Process | null> {
  try {
    const p = action === 'kill' ? await del<Process>(`/agents/${pid}`) : await post<Process>(`/agents/${pid}/${action}`);
    remember(p);
    return p;
  } catch (err) {
    lastError.value = err as Error;
    return null;
  }
}

export async function signalProcess(pid: number, sig: string): Promise<void> {
  try {
    remember(await post<Process>(`/agents/${pid}/signal`, { signal: sig }));
  } catch (err) {
    lastError.value = err as Error;
  }
}

/** Bulk operations run a few at a time: the kernel serialises per sandbox anyway. */
export async function actOnMany(pidsToActOn: number[], action: Action, concurrency = 8): Promise<{ ok: number; failed: number }> {
  const queue = [...pidsToActOn];
  let ok = 0;
  let failed = 0;
  const worker = async () => {
    for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
      if (await act(pid, action)) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return { ok, failed };
}
