import type { Db } from '../store/index.js';
import type { AutoResume, IdlePolicy, Policies, RestartCount, RestartPolicy } from './types.js';

interface Row {
  pid: number;
  idle: string | null;
  auto_resume: string | null;
  restart: string | null;
  restart_count: number;
  last_reason: string | null;
  last_at: number | null;
  restart_due_at: number | null;
  idle_since: number | null;
  paused_by: string | null;
}

/** A process's policies and what they did, as the record shows them. */
export interface PolicyState extends Policies {
  restarts: RestartCount;
  /** Epoch ms of the pending restart (backoff running); null: none. */
  restartDueAt: number | null;
  idleSince: number | null;
  pausedBy: 'idle' | null;
}

const parse = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

/** All SQL about process policies: its own table (migration 11), one row per process that has any. */
export class PolicyStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO process_policies (pid, idle, auto_resume, restart) VALUES (@pid, @idle, @autoResume, @restart)`,
      ),
      get: db.prepare<[number], Row>(`SELECT * FROM process_policies WHERE pid = ?`),
      restarting: db.prepare(
        `UPDATE process_policies SET restart_count = ?, last_reason = ?, last_at = ?, restart_due_at = ? WHERE pid = ?`,
      ),
      started: db.prepare(`UPDATE process_policies SET restart_due_at = NULL WHERE pid = ?`),
      pending: db.prepare<[], { pid: number; dueAt: number }>(
        `SELECT pid, restart_due_at AS dueAt FROM process_policies WHERE restart_due_at IS NOT NULL ORDER BY pid`,
      ),
      idle: db.prepare(`UPDATE process_policies SET idle_since = ?, paused_by = ? WHERE pid = ?`),
    };
  }

  /** Nothing is stored for a process without policies: its record shows nulls. */
  insert(pid: number, p: Policies): void {
    if (!p.idle && !p.autoResume && !p.restart) return;
    const j = (v: unknown) => (v === null ? null : JSON.stringify(v));
    this.stmts.insert.run({ pid, idle: j(p.idle), autoResume: j(p.autoResume), restart: j(p.restart) });
  }

  get(pid: number): PolicyState {
    const r = this.stmts.get.get(pid);
    return {
      idle: parse<IdlePolicy>(r?.idle ?? null),
      autoResume: parse<AutoResume>(r?.auto_resume ?? null),
      restart: parse<RestartPolicy>(r?.restart ?? null),
      restarts: { count: r?.restart_count ?? 0, lastReason: r?.last_reason ?? null, lastAt: r?.last_at ?? null },
      restartDueAt: r?.restart_due_at ?? null,
      idleSince: r?.idle_since ?? null,
      pausedBy: r?.paused_by === 'idle' ? 'idle' : null,
    };
  }

  restarting(pid: number, count: number, reason: string, at: number, dueAt: number): void {
    this.stmts.restarting.run(count, reason, at, dueAt, pid);
  }

  /** The restart happened (or was called off): nothing pending to re-arm. */
  started(pid: number): void {
    this.stmts.started.run(pid);
  }

  pending(): { pid: number; dueAt: number }[] {
    return this.stmts.pending.all();
  }

  setIdle(pid: number, idleSince: number | null, pausedBy: 'idle' | null): void {
    this.stmts.idle.run(idleSince, pausedBy, pid);
  }
}
