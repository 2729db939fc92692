import { AetherError } from '../errors/index.js';
import type Database from 'better-sqlite3';
import type { Db } from '../store/index.js';
import type { AuthorityConfig } from './config.js';

type QuotaConfig = AuthorityConfig['quotas'];

const RECOUNT_MS = 5000;

/**
 * What one agent may keep in the kernel's database (authority.quotas). Counted per identity,
 * over all its runs, so a new process does not start a fresh allowance. Checked before the
 * write: a refused request stores nothing.
 */
export class Quotas {
  /** Counts by key, recounted at most every RECOUNT_MS: between, each admitted write adds one. */
  private readonly counts = new Map<string, { n: number; at: number }>();
  private readonly stepsOf: Database.Statement;
  private readonly messagesOf: Database.Statement;
  private readonly memoriesOf: Database.Statement;

  constructor(
    db: Db,
    private readonly q: QuotaConfig,
  ) {
    this.stepsOf = db.prepare(`SELECT count(*) AS n FROM run_steps WHERE pid IN
      (SELECT pid FROM processes WHERE agent_id = (SELECT agent_id FROM processes WHERE pid = ?))`);
    this.messagesOf = db.prepare('SELECT count(*) AS n FROM ipc_messages WHERE from_agent = ?');
    this.memoriesOf = db.prepare('SELECT count(*) AS n FROM memories WHERE owner = ?');
  }

  step(pid: number, body: unknown): void {
    size('step', body, this.q.stepBytes, 'authority.quotas.stepBytes');
    const n = this.counted(`steps:${pid}`, () => (this.stepsOf.get(pid) as { n: number }).n);
    count('stored steps', n, this.q.stepsPerAgent, 'authority.quotas.stepsPerAgent');
    this.admitted(`steps:${pid}`);
  }

  checkpoint(body: unknown): void {
    size('checkpoint', body, this.q.checkpointBytes, 'authority.quotas.checkpointBytes');
  }

  messages(agent: string): void {
    const n = this.counted(`messages:${agent}`, () => (this.messagesOf.get(agent) as { n: number }).n);
    count('stored messages sent', n, this.q.messagesPerAgent, 'authority.quotas.messagesPerAgent');
    this.admitted(`messages:${agent}`);
  }

  /**
   * A count from SQL, reused for RECOUNT_MS with the writes admitted since added: the count
   * scans the agent's rows, and a mailbox under load must not pay a scan per message.
   * (A publish to many subscribers counts once here; the recount sees every row.)
   */
  private counted(key: string, recount: () => number): number {
    const now = Date.now();
    const c = this.counts.get(key);
    if (c && now - c.at < RECOUNT_MS) return c.n;
    const n = recount();
    if (this.counts.size > 10_000) this.counts.clear(); // bounded: an entry is only a cache
    this.counts.set(key, { n, at: now });
    return n;
  }

  private admitted(key: string): void {
    const c = this.counts.get(key);
    if (c) c.n += 1;
  }

  memories(agent: string): void {
    const n = (this.memoriesOf.get(`agent:${agent}`) as { n: number }).n;
    count('memories', n, this.q.memoriesPerAgent, 'authority.quotas.memoriesPerAgent');
  }
}

function count(what: string, n: number, limit: number, key: string): void {
  if (n >= limit)
    throw new AetherError('QUOTA_EXCEEDED', `The agent has ${n} ${what}; its quota is ${limit} (${key}).`, {
      details: { quota: key, used: n, limit },
    });
}

function size(what: string, body: unknown, limit: number, key: string): void {
  const bytes = Buffer.byteLength(JSON.stringify(body ?? null));
  if (bytes > limit)
    throw new AetherError('ENTRY_TOO_LARGE', `The ${what} is ${bytes} bytes; the limit is ${limit} (${key}).`, {
      details: { quota: key, bytes, limit },
    });
}
