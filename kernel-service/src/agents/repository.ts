import { randomBytes } from 'node:crypto';
import type { Db } from '../store/index.js';
import type { ExitStatus, Limits, NetworkMode, PauseMethod } from '../sandbox/index.js';
import { PROCESS_STATES, type ProcessState } from './lifecycle.js';
import type { Agent, ProcessRecord, SandboxOptions, StateEvent } from './types.js';

interface ProcessRow {
  pid: number;
  ppid: number | null;
  agent_id: string;
  agent_name: string;
  state: string;
  command: string;
  environment: string;
  limits: string;
  network: string;
  driver: string;
  sandbox_id: string | null;
  pause_method: string | null;
  exit_code: number | null;
  exit_signal: string | null;
  exit_reason: string | null;
  sandbox_options: string;
  labels: string;
  expires_at: number | null;
  end_reason: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
}

export interface NewProcess {
  /** A PID reserved earlier (reservePid) for a prestarted sandbox; else the next one. */
  pid?: number;
  ppid: number | null;
  agentId: string;
  command: string[];
  environment: Record<string, string>;
  limits: Limits;
  network: NetworkMode;
  driver: string;
  sandboxOptions: SandboxOptions;
  /** Free-form key=value tags chosen at spawn (GET /agents?label=k=v selects on them). */
  labels?: Record<string, string>;
  /** Epoch ms after which the supervisor stops it (ttlSeconds at spawn); null: no limit. */
  expiresAt?: number | null;
}

/** One page of the process table: filters, pid-ordered, resuming after a pid. */
export interface ProcessQuery {
  states?: readonly ProcessState[];
  labels?: [string, string][];
  afterPid?: number;
  limit?: number;
}

export interface StatePatch {
  /** Why the kernel ended it ("ttl-expired"); kept in end_reason, first writer wins. */
  endReason?: string;
  sandboxId?: string;
  pauseMethod?: PauseMethod;
  exit?: ExitStatus;
  startedAt?: number;
  endedAt?: number;
}

const LIVE = `('created', 'starting', 'running', 'paused')`;
const SELECT_PROCESS = `SELECT p.*, a.name AS agent_name FROM processes p JOIN agents a ON a.id = p.agent_id`;

/** All SQL about agents and processes lives here; callers see records, not rows. */
export class ProcessRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      agentByName: db.prepare<[string], Agent>(`SELECT id, name, uid, created_at AS createdAt FROM agents WHERE name = ?`),
      agentUid: db.prepare<[string], { uid: number }>(`SELECT uid FROM agents WHERE id = ?`),
      maxUid: db.prepare<[], { uid: number | null }>(`SELECT MAX(uid) AS uid FROM agents`),
      insertAgent: db.prepare(`INSERT INTO agents (id, name, uid, created_at) VALUES (?, ?, ?, ?)`),
      insertProcess: db.prepare(
        `INSERT INTO processes (pid, ppid, agent_id, state, command, environment, limits, network, driver, sandbox_options, labels, expires_at, created_at)
         VALUES (@pid, @ppid, @agentId, 'created', @command, @environment, @limits, @network, @driver, @sandboxOptions, @labels, @expiresAt, @createdAt)`,
      ),
      byPid: db.prepare<[number], ProcessRow>(`${SELECT_PROCESS} WHERE p.pid = ?`),
      all: db.prepare<[], ProcessRow>(`${SELECT_PROCESS} ORDER BY p.pid`),
      byStates: db.prepare<[string], ProcessRow>(
        `${SELECT_PROCESS} WHERE p.state IN (SELECT value FROM json_each(?)) ORDER BY p.pid`,
      ),
      update: db.prepare(
        `UPDATE processes SET state = @state,
           sandbox_id = COALESCE(@sandboxId, sandbox_id), pause_method = COALESCE(@pauseMethod, pause_method),
           exit_code = COALESCE(@exitCode, exit_code), exit_signal = COALESCE(@exitSignal, exit_signal),
           exit_reason = COALESCE(@exitReason, exit_reason), end_reason = COALESCE(end_reason, @endReason),
           started_at = COALESCE(@startedAt, started_at), ended_at = COALESCE(@endedAt, ended_at)
         WHERE pid = @pid`,
      ),
      counts: db.prepare<[], { state: string; driver: string; count: number }>(
        `SELECT state, driver, COUNT(*) AS count FROM processes GROUP BY state, driver ORDER BY state, driver`,
      ),
      setEndReason: db.prepare(`UPDATE processes SET end_reason = COALESCE(end_reason, ?) WHERE pid = ?`),
      expired: db.prepare<[number], { pid: number }>(
        `SELECT pid FROM processes WHERE expires_at IS NOT NULL AND expires_at <= ? AND state IN ${LIVE} ORDER BY pid`,
      ),
      nextExpiry: db.prepare<[], { at: number | null }>(
        `SELECT MIN(expires_at) AS at FROM processes WHERE expires_at IS NOT NULL AND state IN ${LIVE}`,
      ),
      insertEvent: db.prepare(`INSERT INTO events (pid, type, data, at) VALUES (?, ?, ?, ?)`),
      seedSequence: db.prepare(
        `INSERT INTO sqlite_sequence (name, seq) SELECT 'processes', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'processes')`,
      ),
      bumpSequence: db.prepare<[], { seq: number }>(
        `UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'processes' RETURNING seq`,
      ),
    };
  }

  agentByName(name: string): Agent | null {
    return this.stmts.agentByName.get(name) ?? null;
  }

  /** The agent with this name, created on first use with the next free UID. */
  findOrCreateAgent(name: string, uidBase: number): Agent {
    const existing = this.stmts.agentByName.get(name);
    if (existing) return existing;
    const uid = Math.max(this.stmts.maxUid.get()?.uid ?? uidBase, uidBase) + 1;
    const agent: Agent = { id: `agt_${randomBytes(6).toString('hex')}`, name, uid, createdAt: Date.now() };
    this.stmts.insertAgent.run(agent.id, agent.name, agent.uid, agent.createdAt);
    return agent;
  }

  /**
   * Takes the next kernel PID without a row yet, for a sandbox started ahead of its process.
   * Bumping AUTOINCREMENT's own counter keeps the promise: no PID is ever handed out twice.
   */
  reservePid(): number {
    return this.db.transaction(() => {
      this.stmts.seedSequence.run();
      return this.stmts.bumpSequence.get()!.seq;
    })();
  }

  agentUid(agentId: string): number {
    const row = this.stmts.agentUid.get(agentId);
    if (!row) throw new Error(`no agent ${agentId}`);
    return row.uid;
  }

  insertProcess(p: NewProcess): number {
    const info = this.stmts.insertProcess.run({
      pid: p.pid ?? null,
      ppid: p.ppid,
      agentId: p.agentId,
      command: JSON.stringify(p.command),
      environment: JSON.stringify(p.environment),
      limits: JSON.stringify(p.limits),
      network: p.network,
      driver: p.driver,
      sandboxOptions: JSON.stringify(p.sandboxOptions),
      labels: JSON.stringify(p.labels ?? {}),
      expiresAt: p.expiresAt ?? null,
      createdAt: Date.now(),
    });
    return Number(info.lastInsertRowid);
  }

  get(pid: number): ProcessRecord | undefined {
    const row = this.stmts.byPid.get(pid);
    return row ? toRecord(row) : undefined;
  }

  list(states?: readonly ProcessState[]): ProcessRecord[] {
    const rows = states ? this.stmts.byStates.all(JSON.stringify(states)) : this.stmts.all.all();
    return rows.map(toRecord);
  }

  /**
   * A page of processes by pid: states (any of), labels (all of), after a pid, at most `limit`.
   * The SQL is built from fixed fragments; every value is a bound parameter.
   */
  query(q: ProcessQuery): ProcessRecord[] {
    const where: string[] = ['p.pid > ?'];
    const args: (string | number)[] = [q.afterPid ?? 0];
    if (q.states) {
      where.push('p.state IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify(q.states));
    }
    for (const [key, value] of q.labels ?? []) {
      where.push('EXISTS (SELECT 1 FROM json_each(p.labels) l WHERE l.key = ? AND l.value = ?)');
      args.push(key, value);
    }
    const sql = `${SELECT_PROCESS} WHERE ${where.join(' AND ')} ORDER BY p.pid LIMIT ?`;
    args.push(q.limit ?? -1);
    return this.db
      .prepare<(string | number)[], ProcessRow>(sql)
      .all(...args)
      .map(toRecord);
  }

  /** Records why the kernel ends a process, before it stops it (first reason wins). */
  setEndReason(pid: number, reason: string): void {
    this.stmts.setEndReason.run(reason, pid);
  }

  /** Live processes whose time-to-live has run out (the supervisor stops them). */
  expired(now: number): number[] {
    return this.stmts.expired.all(now).map((r) => r.pid);
  }

  /** The earliest expiry among live processes, for the supervisor's one timer. */
  nextExpiry(): number | null {
    return this.stmts.nextExpiry.get()?.at ?? null;
  }

  /** How many processes are in each state, per driver (metrics). */
  counts(): { state: string; driver: string; count: number }[] {
    return this.stmts.counts.all();
  }

  /** Writes a state change and its event in one transaction: the log never disagrees with the table. Returns the event's id (its seq). */
  applyState(pid: number, state: ProcessState, patch: StatePatch, event: StateEvent): number {
    return this.db.transaction(() => {
      this.stmts.update.run({
        pid,
        state,
        sandboxId: patch.sandboxId ?? null,
        pauseMethod: patch.pauseMethod ?? null,
        exitCode: patch.exit?.code ?? null,
        exitSignal: patch.exit?.signal ?? null,
        exitReason: patch.exit?.reason ?? null,
        startedAt: patch.startedAt ?? null,
        endedAt: patch.endedAt ?? null,
        endReason: patch.endReason ?? null,
      });
      return Number(this.stmts.insertEvent.run(pid, event.type, JSON.stringify(event), event.at).lastInsertRowid);
    })();
  }
}

function toRecord(r: ProcessRow): ProcessRecord {
  if (!(PROCESS_STATES as readonly string[]).includes(r.state)) throw new Error(`corrupt state ${r.state} for pid ${r.pid}`);
  return {
    pid: r.pid,
    ppid: r.ppid,
    agent: { id: r.agent_id, name: r.agent_name },
    state: r.state as ProcessState,
    command: JSON.parse(r.command) as string[],
    environment: JSON.parse(r.environment) as Record<string, string>,
    limits: JSON.parse(r.limits) as Limits,
    network: r.network as NetworkMode,
    sandbox: {
      driver: r.driver,
      id: r.sandbox_id,
      pauseMethod: r.pause_method as PauseMethod | null,
      ...(JSON.parse(r.sandbox_options) as SandboxOptions),
    },
    exit: r.exit_reason === null ? null : { code: r.exit_code, signal: r.exit_signal, reason: r.exit_reason },
    labels: JSON.parse(r.labels) as Record<string, string>,
    expiresAt: r.expires_at,
    endReason: r.end_reason,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
  };
}
