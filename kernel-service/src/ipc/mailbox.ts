import type { Db } from '../store/index.js';
import type { Message, MessageKind } from './types.js';

interface Row {
  id: number;
  kind: MessageKind;
  from_pid: number | null;
  from_agent: string;
  to_agent: string;
  to_pid: number | null;
  claimed_pid: number | null;
  topic: string | null;
  correlation_id: string | null;
  text: string;
  data: string | null;
  created_at: number;
  expires_at: number | null;
  acked_at: number | null;
}

const toMessage = (r: Row): Message => ({
  id: r.id,
  kind: r.kind,
  from: { pid: r.from_pid, agent: r.from_agent },
  to: { pid: r.to_pid ?? r.claimed_pid, agent: r.to_agent },
  topic: r.topic,
  correlationId: r.correlation_id,
  text: r.text,
  data: r.data === null ? null : JSON.parse(r.data),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  ackedAt: r.acked_at,
});

export interface NewRow {
  kind: MessageKind;
  fromPid: number | null;
  fromAgent: string;
  toAgent: string;
  toPid: number | null;
  topic?: string | null;
  correlationId?: string | null;
  text: string;
  data?: unknown;
  expiresAt?: number | null;
  idempotencyKey?: string | null;
}

/** The SQL of ipc_messages: one row per recipient, unread until acknowledged. */
export class Mailbox {
  constructor(private readonly db: Db) {}

  insert(m: NewRow, now: number): Message {
    const id = this.db
      .prepare(
        `INSERT INTO ipc_messages (kind, from_pid, from_agent, to_agent, to_pid, topic, correlation_id, text, data, created_at, expires_at, idempotency_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        m.kind,
        m.fromPid,
        m.fromAgent,
        m.toAgent,
        m.toPid,
        m.topic ?? null,
        m.correlationId ?? null,
        m.text,
        m.data === undefined ? null : JSON.stringify(m.data),
        now,
        m.expiresAt ?? null,
        m.idempotencyKey ?? null,
      ).lastInsertRowid;
    return this.get(Number(id))!;
  }

  /** The message an earlier attempt of the same logical send stored, if any. */
  byKey(fromAgent: string, toAgent: string, key: string): Message | undefined {
    const r = this.db
      .prepare('SELECT * FROM ipc_messages WHERE from_agent = ? AND to_agent = ? AND idempotency_key = ?')
      .get(fromAgent, toAgent, key) as Row | undefined;
    return r && toMessage(r);
  }

  get(id: number): Message | undefined {
    const r = this.db.prepare('SELECT * FROM ipc_messages WHERE id = ?').get(id) as Row | undefined;
    return r && toMessage(r);
  }

  /** Unread messages that count against the mailbox bound: an expired request no longer does. */
  unread(agent: string, now: number): number {
    return (
      this.db
        .prepare(
          'SELECT count(*) AS n FROM ipc_messages WHERE to_agent = ? AND acked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)',
        )
        .get(agent, now) as { n: number }
    ).n;
  }

  /**
   * The unread messages for one process: addressed to its pid, or to its agent and claimed by it.
   * Claiming first means two live runs of one agent never both get the same agent-addressed message.
   */
  pendingFor(pid: number, agent: string, now: number, limit: number): Message[] {
    return this.db.transaction(() => this.claimAndList(pid, agent, now, limit))();
  }

  private claimAndList(pid: number, agent: string, now: number, limit: number): Message[] {
    this.db
      .prepare(
        `UPDATE ipc_messages SET claimed_pid = ?
         WHERE to_agent = ? AND to_pid IS NULL AND claimed_pid IS NULL AND acked_at IS NULL`,
      )
      .run(pid, agent);
    const rows = this.db
      .prepare(
        `SELECT * FROM ipc_messages
         WHERE to_agent = ? AND acked_at IS NULL AND (to_pid = ? OR claimed_pid = ?) AND (expires_at IS NULL OR expires_at > ?)
         ORDER BY id LIMIT ?`,
      )
      .all(agent, pid, pid, now, limit) as Row[];
    return rows.map(toMessage);
  }

  /** Marks messages read by `pid`; only its own: another process's ids are ignored. Returns those acked. */
  ack(pid: number, ids: number[], now: number): Message[] {
    const q = this.db.prepare(
      `UPDATE ipc_messages SET acked_at = ?, acked_by = ? WHERE id = ? AND acked_at IS NULL AND (to_pid = ? OR claimed_pid = ?)
       RETURNING *`,
    );
    // One transaction, one commit, however many ids.
    return this.db.transaction(() => ids.flatMap((id) => (q.all(now, pid, id, pid, pid) as Row[]).map(toMessage)))();
  }

  /** Deletes read messages and expired requests sent before `before`; unread ones are never lost. */
  prune(before: number, now: number): number {
    return this.db
      .prepare(
        `DELETE FROM ipc_messages WHERE created_at < ?
           AND (acked_at IS NOT NULL OR (expires_at IS NOT NULL AND expires_at <= ?))`,
      )
      .run(before, now).changes;
  }

  /** Agent-addressed messages a process took but never read go back to the agent's mailbox. */
  releaseClaims(pid: number): void {
    this.db.prepare('UPDATE ipc_messages SET claimed_pid = NULL WHERE claimed_pid = ? AND acked_at IS NULL').run(pid);
  }

  claimedPids(): number[] {
    return (
      this.db
        .prepare('SELECT DISTINCT claimed_pid AS pid FROM ipc_messages WHERE claimed_pid IS NOT NULL AND acked_at IS NULL')
        .all() as {
        pid: number;
      }[]
    ).map((r) => r.pid);
  }

  requestTo(agent: string, correlationId: string): Message | undefined {
    const r = this.db
      .prepare("SELECT * FROM ipc_messages WHERE kind = 'request' AND correlation_id = ? AND to_agent = ?")
      .get(correlationId, agent) as Row | undefined;
    return r && toMessage(r);
  }

  replyTo(correlationId: string): Message | undefined {
    const r = this.db.prepare("SELECT * FROM ipc_messages WHERE kind = 'reply' AND correlation_id = ?").get(correlationId) as
      Row | undefined;
    return r && toMessage(r);
  }

  /** Messages to or from a process (or an agent), newest first: what Mission Control shows. */
  history(filter: { pid?: number; agent?: string; topic?: string }, before: number | undefined, limit: number): Message[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.pid !== undefined) {
      where.push('(to_pid = ? OR claimed_pid = ? OR acked_by = ? OR from_pid = ?)');
      args.push(filter.pid, filter.pid, filter.pid, filter.pid);
    }
    if (filter.agent !== undefined) {
      where.push('(to_agent = ? OR from_agent = ?)');
      args.push(filter.agent, filter.agent);
    }
    if (filter.topic !== undefined) {
      where.push('topic = ?');
      args.push(filter.topic);
    }
    if (before !== undefined) {
      where.push('id < ?');
      args.push(before);
    }
    const rows = this.db
      .prepare(`SELECT * FROM ipc_messages ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`)
      .all(...args, limit) as Row[];
    return rows.map(toMessage);
  }
}
