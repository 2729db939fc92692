import type Database from 'better-sqlite3';
import type { ProcessUsage, UsageAccountant, UsageRecord, UsageTotals } from './accounting.js';

interface Row {
  model: string;
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  unpriced_calls: number;
}

/**
 * Token and cost totals per process and model, in the kernel's database, so the API and
 * metrics still have them after the process ended and the kernel restarted. One upsert per
 * model call: small next to the call itself.
 */
export class SqliteAccountant implements UsageAccountant {
  private readonly upsert: Database.Statement;
  private readonly byPid: Database.Statement<[number], Row>;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(`
      INSERT INTO llm_usage (pid, model, calls, prompt_tokens, completion_tokens, cost_usd, unpriced_calls)
      VALUES (@pid, @model, 1, @prompt, @completion, @cost, @unpriced)
      ON CONFLICT (pid, model) DO UPDATE SET
        calls = calls + 1,
        prompt_tokens = prompt_tokens + excluded.prompt_tokens,
        completion_tokens = completion_tokens + excluded.completion_tokens,
        cost_usd = cost_usd + excluded.cost_usd,
        unpriced_calls = unpriced_calls + excluded.unpriced_calls`);
    this.byPid = db.prepare('SELECT * FROM llm_usage WHERE pid = ?');
    this.remove = db.prepare('DELETE FROM llm_usage WHERE pid = ?');
  }

  record(e: UsageRecord): void {
    this.upsert.run({
      pid: e.pid,
      model: e.model,
      prompt: e.usage.promptTokens,
      completion: e.usage.completionTokens,
      cost: e.costUsd ?? 0,
      unpriced: e.costUsd === null ? 1 : 0,
    });
  }

  usageOf(pid: number): ProcessUsage {
    const total: ProcessUsage = { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, unpricedCalls: 0, byModel: {} };
    for (const r of this.byPid.all(pid)) {
      const t: UsageTotals = {
        calls: r.calls,
        promptTokens: r.prompt_tokens,
        completionTokens: r.completion_tokens,
        costUsd: r.cost_usd,
        unpricedCalls: r.unpriced_calls,
      };
      total.byModel[r.model] = t;
      total.calls += t.calls;
      total.promptTokens += t.promptTokens;
      total.completionTokens += t.completionTokens;
      total.costUsd += t.costUsd;
      total.unpricedCalls += t.unpricedCalls;
    }
    return total;
  }

  forget(pid: number): void {
    this.remove.run(pid);
  }
}
