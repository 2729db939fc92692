/** CPU and memory of every live process, polled from GET /stats while someone looks at them. */
import { signal } from '@preact/signals';
import { ApiError, get } from '../api/http';
import type { ProcessStats } from '../api/types';

export const stats = signal<Record<number, ProcessStats>>({});
/** false once the kernel answered 404: it has no stats endpoint (issue #8 not merged). */
export const statsAvailable = signal<boolean | null>(null);

let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

async function poll(): Promise<void> {
  try {
    const body = await get<{ processes: Record<string, ProcessStats> }>('/stats');
    stats.value = body.processes as unknown as Record<number, ProcessStats>;
    statsAvailable.value = true;
  } catch (err) {
    if (err instanceof ApiError && err.unavailable) {
      statsAvailable.value = false;
      clearInterval(timer);
      timer = undefined;
    }
  }
}

/** Call from an effect; returns the cleanup. Polling stops when nobody watches. */
export function watchStats(intervalMs = 2000): () => void {
  users++;
  if (users === 1 && statsAvailable.value !== false) {
    void poll();
    timer = setInterval(() => void poll(), intervalMs);
  }
  return () => {
    users--;
    if (users === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
