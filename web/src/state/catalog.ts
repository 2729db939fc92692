/** Templates and tools the kernel offers (agent runtime, issue #4); `null` until asked, 'unavailable' on 404. */
import { signal } from '@preact/signals';
import { ApiError, get } from '../api/http';
import type { Template } from '../api/types';

export interface Tool {
  name: string;
  category: string;
  description: string;
}

export const templates = signal<Template[] | 'unavailable' | null>(null);
export const tools = signal<Tool[] | 'unavailable' | null>(null);

async function load<T>(path: string, key: string): Promise<T[] | 'unavailable'> {
  try {
    return (await get<Record<string, T[]>>(path))[key] ?? [];
  } catch (err) {
    if (err instanceof ApiError && err.unavailable) return 'unavailable';
    throw err;
  }
}

export async function loadCatalog(): Promise<void> {
  if (templates.value === null) templates.value = await load<Template>('/templates', 'templates').catch(() => null);
  if (tools.value === null) tools.value = await load<Tool>('/tools', 'tools').catch(() => null);
}
