import type { Price } from './config.js';
import type { Usage } from './types.js';

/** USD for one call; null when the model has no price (unknown is not free). */
export function costOf(usage: Usage, price: Price | undefined): number | null {
  if (!price) return null;
  return (usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion) / 1_000_000;
}

export interface UsageTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Sum over the priced calls. */
  costUsd: number;
  /** Calls whose model had no price: their tokens are counted, their cost is not. */
  unpricedCalls: number;
}

export interface ProcessUsage extends UsageTotals {
  /** Per model reference ("openai/gpt-4o-mini"). */
  byModel: Record<string, UsageTotals>;
}

export interface UsageRecord {
  pid: number;
  model: string;
  usage: Usage;
  costUsd: number | null;
}

/**
 * Token and cost totals per kernel PID. The gateway records every answered call, including
 * answers it then rejects (malformed tool calls): the provider charged for them. In memory for
 * now; persistence will implement the same interface over SQLite.
 */
export interface UsageAccountant {
  record(entry: UsageRecord): void;
  /** Totals for one process; zeros when it made no calls. */
  usageOf(pid: number): ProcessUsage;
  /** Drops a process's totals (after they were persisted or the process was reaped). */
  forget(pid: number): void;
}

const zero = (): UsageTotals => ({ calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, unpricedCalls: 0 });

function add(t: UsageTotals, r: UsageRecord): void {
  t.calls += 1;
  t.promptTokens += r.usage.promptTokens;
  t.completionTokens += r.usage.completionTokens;
  if (r.costUsd === null) t.unpricedCalls += 1;
  else t.costUsd += r.costUsd;
}

export class MemoryAccountant implements UsageAccountant {
  readonly #byPid = new Map<number, ProcessUsage>();

  record(entry: UsageRecord): void {
    let p = this.#byPid.get(entry.pid);
    if (!p) this.#byPid.set(entry.pid, (p = { ...zero(), byModel: {} }));
    add(p, entry);
    add((p.byModel[entry.model] ??= zero()), entry);
  }

  usageOf(pid: number): ProcessUsage {
    const p = this.#byPid.get(pid);
    return p ? structuredClone(p) : { ...zero(), byModel: {} };
  }

  forget(pid: number): void {
    this.#byPid.delete(pid);
  }
}
