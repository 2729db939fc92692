/** Pending approvals and open questions: what needs a human. Kept live by events; re-read on reconnect. */
import { computed, signal } from '@preact/signals';
import { ApiError, getAll, post } from '../api/http';
import { onEvent, onResync } from '../api/events';
import type { Approval, KernelEvent, Question } from '../api/types';

export const approvals = signal<Approval[]>([]);
export const questions = signal<Question[]>([]);
/** null: not asked yet; false: this kernel has no such endpoint. */
export const approvalsAvailable = signal<boolean | null>(null);
export const questionsAvailable = signal<boolean | null>(null);
export const pendingCount = computed(
  () => approvals.value.filter((a) => a.state === 'pending').length + questions.value.filter((q) => q.state === 'open').length,
);

async function fetchList<T>(path: string, key: string): Promise<T[] | null> {
  try {
    return await getAll<T>(path, key);
  } catch (err) {
    if (err instanceof ApiError && err.unavailable) return null;
    throw err;
  }
}

export async function loadInbox(): Promise<void> {
  const [a, q] = await Promise.allSettled([
    fetchList<Approval>('/approvals?state=pending', 'approvals'),
    fetchList<Question>('/questions?state=open', 'questions'),
  ]);
  if (a.status === 'fulfilled') {
    approvalsAvailable.value = a.value !== null;
    approvals.value = a.value ?? [];
  }
  if (q.status === 'fulfilled') {
    questionsAvailable.value = q.value !== null;
    questions.value = q.value ?? [];
  }
}

const upsert = <T extends { id: string | number }>(list: T[], item: T) => {
  const i = list.findIndex((x) => x.id === item.id);
  return i === -1 ? [...list, item] : list.map((x, j) => (j === i ? item : x));
};

export function applyInboxEvent(e: KernelEvent): void {
  if (e.type === 'approval.requested' || e.type === 'approval.decided') approvals.value = upsert(approvals.value, e.approval);
  if (e.type === 'question.asked' || e.type === 'question.answered') questions.value = upsert(questions.value, e.question);
}

export async function decide(id: Approval['id'], decision: 'approve' | 'deny', reason?: string): Promise<void> {
  const a = await post<Approval>(`/approvals/${id}`, reason ? { decision, reason } : { decision });
  approvals.value = upsert(approvals.value, a);
}

export async function answer(id: Question['id'], text: string): Promise<void> {
  const q = await post<Question>(`/questions/${id}`, { answer: text });
  questions.value = upsert(questions.value, q);
}

let wired = false;
export function wireInbox(): void {
  if (wired) return;
  wired = true;
  onEvent(applyInboxEvent);
  onResync(() => void loadInbox());
}
