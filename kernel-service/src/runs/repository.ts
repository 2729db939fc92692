import type Database from 'better-sqlite3';
import type { Approval, ApprovalState, Question, QuestionState, Run, RunStatus, Step } from './types.js';

type Row = Record<string, unknown>;
const json = (v: unknown) => JSON.parse(String(v)) as unknown;

const toRun = (r: Row): Run => ({
  pid: r.pid as number,
  goal: r.goal as string,
  template: r.template as string,
  model: (r.model as string | null) ?? null,
  tools: json(r.tools) as string[],
  approval: json(r.approval) as Run['approval'],
  maxSteps: r.max_steps as number,
  tokenBudget: r.token_budget as number,
  contextTokens: r.context_tokens as number,
  prompt: r.prompt as string,
  status: r.status as RunStatus,
  step: r.step as number,
  result: (r.result as string | null) ?? null,
  resumedFrom: (r.resumed_from as number | null) ?? null,
  updatedAt: r.updated_at as number,
  plugins: r.plugins ? (json(r.plugins) as Run['plugins']) : [],
});

const toApproval = (r: Row): Approval => ({
  id: r.id as number,
  pid: r.pid as number,
  agent: r.agent as string,
  callId: r.call_id as string,
  tool: r.tool as string,
  arguments: json(r.arguments),
  why: r.why as string,
  state: r.state as ApprovalState,
  reason: (r.reason as string | null) ?? null,
  decidedBy: (r.decided_by as string | null) ?? null,
  createdAt: r.created_at as number,
  decidedAt: (r.decided_at as number | null) ?? null,
});

const toQuestion = (r: Row): Question => ({
  id: r.id as number,
  pid: r.pid as number,
  agent: r.agent as string,
  callId: r.call_id as string,
  question: r.question as string,
  state: r.state as QuestionState,
  answer: (r.answer as string | null) ?? null,
  createdAt: r.created_at as number,
  answeredAt: (r.answered_at as number | null) ?? null,
});

const WITH_AGENT = `JOIN processes p ON p.pid = x.pid JOIN agents a ON a.id = p.agent_id`;

/** SQL for runs, their steps, approvals and questions. */
export class RunRepository {
  constructor(private readonly db: Database.Database) {}

  insert(
    run: Omit<Run, 'status' | 'step' | 'result' | 'updatedAt' | 'plugins'> & { plugins?: Run['plugins'] },
    checkpoint: unknown,
  ): void {
    this.db
      .prepare(
        `INSERT INTO runs (pid, goal, template, model, tools, approval, max_steps, token_budget, context_tokens, prompt,
           status, step, checkpoint, resumed_from, updated_at, plugins)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'starting', 0, ?, ?, ?, ?)`,
      )
      .run(
        run.pid,
        run.goal,
        run.template,
        run.model,
        JSON.stringify(run.tools),
        JSON.stringify(run.approval),
        run.maxSteps,
        run.tokenBudget,
        run.contextTokens,
        run.prompt,
        checkpoint === null ? null : JSON.stringify(checkpoint),
        run.resumedFrom,
        Date.now(),
        JSON.stringify(run.plugins ?? []),
      );
  }

  get(pid: number): Run | null {
    const r = this.db.prepare('SELECT * FROM runs WHERE pid = ?').get(pid) as Row | undefined;
    return r ? toRun(r) : null;
  }

  /** Runs for many processes at once (the process list). */
  getMany(pids: number[]): Map<number, Run> {
    const out = new Map<number, Run>();
    if (pids.length === 0) return out;
    const rows = this.db
      .prepare(`SELECT * FROM runs WHERE pid IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(pids)) as Row[];
    for (const r of rows) out.set(r.pid as number, toRun(r));
    return out;
  }

  update(pid: number, patch: { status?: RunStatus; step?: number; result?: string | null }): void {
    const sets = Object.entries({ status: patch.status, step: patch.step, result: patch.result })
      .filter(([, v]) => v !== undefined)
      .map(([k]) => `${k} = @${k}`);
    this.db
      .prepare(`UPDATE runs SET ${[...sets, 'updated_at = @now'].join(', ')} WHERE pid = @pid`)
      .run({ ...patch, pid, now: Date.now() });
  }

  checkpoint(pid: number): unknown {
    const r = this.db.prepare('SELECT checkpoint FROM runs WHERE pid = ?').get(pid) as { checkpoint: string | null } | undefined;
    return r?.checkpoint ? json(r.checkpoint) : null;
  }

  saveCheckpoint(pid: number, checkpoint: unknown, step: number): void {
    this.db
      .prepare('UPDATE runs SET checkpoint = ?, step = ?, updated_at = ? WHERE pid = ?')
      .run(JSON.stringify(checkpoint), step, Date.now(), pid);
  }

  addStep(step: Omit<Step, 'id'>): Step {
    const { pid, n, kind, at, ...data } = step;
    const info = this.db
      .prepare('INSERT INTO run_steps (pid, n, kind, data, at) VALUES (?, ?, ?, ?, ?)')
      .run(pid, n, kind, JSON.stringify(data), at);
    return { ...step, id: Number(info.lastInsertRowid) };
  }

  steps(pid: number, after: number, limit: number): Step[] {
    const rows = this.db
      .prepare('SELECT * FROM run_steps WHERE pid = ? AND id > ? ORDER BY id LIMIT ?')
      .all(pid, after, limit) as Row[];
    return rows.map((r) => ({
      id: r.id as number,
      pid: r.pid as number,
      n: r.n as number,
      kind: r.kind as Step['kind'],
      at: r.at as number,
      ...(json(r.data) as object),
    }));
  }

  /** Idempotent by (pid, callId): a retried request finds the approval it created before. */
  findOrCreateApproval(a: { pid: number; callId: string; tool: string; arguments: unknown; why: string }): Approval {
    this.db
      .prepare(
        `INSERT INTO approvals (pid, call_id, tool, arguments, why, state, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)
         ON CONFLICT (pid, call_id) DO NOTHING`,
      )
      .run(a.pid, a.callId, a.tool, JSON.stringify(a.arguments ?? null), a.why, Date.now());
    return this.approvalWhere('x.pid = ? AND x.call_id = ?', a.pid, a.callId)!;
  }

  approval(id: number): Approval | null {
    return this.approvalWhere('x.id = ?', id);
  }

  approvals(state?: ApprovalState, pid?: number): Approval[] {
    const rows = this.db
      .prepare(
        `SELECT x.*, a.name AS agent FROM approvals x ${WITH_AGENT} WHERE (@state IS NULL OR x.state = @state) AND (@pid IS NULL OR x.pid = @pid) ORDER BY x.id`,
      )
      .all({ state: state ?? null, pid: pid ?? null }) as Row[];
    return rows.map(toApproval);
  }

  decide(id: number, state: 'approved' | 'denied', reason: string | null, by: string): boolean {
    const info = this.db
      .prepare(`UPDATE approvals SET state = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ? AND state = 'pending'`)
      .run(state, reason, by, Date.now(), id);
    return info.changes === 1;
  }

  findOrCreateQuestion(q: { pid: number; callId: string; question: string }): Question {
    this.db
      .prepare(
        `INSERT INTO questions (pid, call_id, question, state, created_at) VALUES (?, ?, ?, 'open', ?)
         ON CONFLICT (pid, call_id) DO NOTHING`,
      )
      .run(q.pid, q.callId, q.question, Date.now());
    return this.questionWhere('x.pid = ? AND x.call_id = ?', q.pid, q.callId)!;
  }

  question(id: number): Question | null {
    return this.questionWhere('x.id = ?', id);
  }

  questions(state?: QuestionState, pid?: number): Question[] {
    const rows = this.db
      .prepare(
        `SELECT x.*, a.name AS agent FROM questions x ${WITH_AGENT} WHERE (@state IS NULL OR x.state = @state) AND (@pid IS NULL OR x.pid = @pid) ORDER BY x.id`,
      )
      .all({ state: state ?? null, pid: pid ?? null }) as Row[];
    return rows.map(toQuestion);
  }

  answer(id: number, answer: string): boolean {
    const info = this.db
      .prepare(`UPDATE questions SET state = 'answered', answer = ?, answered_at = ? WHERE id = ? AND state = 'open'`)
      .run(answer, Date.now(), id);
    return info.changes === 1;
  }

  private approvalWhere(where: string, ...params: unknown[]): Approval | null {
    const r = this.db.prepare(`SELECT x.*, a.name AS agent FROM approvals x ${WITH_AGENT} WHERE ${where}`).get(...params) as
      Row | undefined;
    return r ? toApproval(r) : null;
  }

  private questionWhere(where: string, ...params: unknown[]): Question | null {
    const r = this.db.prepare(`SELECT x.*, a.name AS agent FROM questions x ${WITH_AGENT} WHERE ${where}`).get(...params) as
      Row | undefined;
    return r ? toQuestion(r) : null;
  }
}
