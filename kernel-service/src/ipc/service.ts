import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { AetherError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import { Directory } from './directory.js';
import { Mailbox } from './mailbox.js';
import { Topics } from './topics.js';
import type { Address, IpcLimits, Message, OutgoingMessage, Sender } from './types.js';

export interface IpcServiceDeps {
  db: Db;
  limits: IpcLimits;
  /** A member's access to a space (memory/Spaces.accessOf): topics in a space follow it. */
  spaceAccess: (space: string, agent: string) => 'read' | 'write' | null;
  /** Told of every message sent and read (the social memory counts exchanges; the event stream shows them). */
  onSent?: (m: Message) => void;
  onRead?: (m: Message, by: number) => void;
  now?: () => number;
}

export interface PublishResult {
  delivered: number;
  /** Subscribers whose mailbox was full: they did not get it (MAILBOX_FULL), the others did. */
  refused: { agent: string; code: 'MAILBOX_FULL' }[];
}

const MAX_WAIT_MS = 300_000;

/**
 * Inter-process communication: a mailbox per agent and process, topics with publish/subscribe,
 * and request/reply with correlation ids. Every message is a row in SQLite before the sender
 * hears "sent", and stays unread until the receiving process acknowledges it, so a kernel
 * restart loses nothing and a message is read once.
 */
export class IpcService {
  readonly directory: Directory;
  readonly topics: Topics;
  private readonly mailbox: Mailbox;
  private readonly arrivals = new EventEmitter();
  private readonly now: () => number;

  constructor(private readonly deps: IpcServiceDeps) {
    this.directory = new Directory(deps.db);
    this.mailbox = new Mailbox(deps.db);
    this.topics = new Topics(deps.db);
    this.now = deps.now ?? Date.now;
    this.arrivals.setMaxListeners(0);
    // Claims by processes that ended while the kernel was down go back to their agents.
    for (const pid of this.mailbox.claimedPids()) if (!this.directory.isLive(pid)) this.mailbox.releaseClaims(pid);
  }

  send(from: Sender, to: Address, msg: OutgoingMessage): Message {
    const target = this.resolve(to);
    return this.deliver({ kind: 'direct', fromPid: from.pid, fromAgent: from.agent, ...target, ...content(msg) });
  }

  publish(from: Sender, topicName: string, msg: OutgoingMessage): PublishResult {
    const topic = this.topics.ensure(topicName, this.now());
    // People publish through the API as administrators (pid null): the space's rules bind agents.
    if (topic.space && from.pid !== null && this.deps.spaceAccess(topic.space, from.agent) !== 'write') {
      throw new AetherError('IPC_ACCESS_DENIED', `agent "${from.agent}" may not publish to topic "${topicName}"`, {
        details: { topic: topicName, space: topic.space },
      });
    }
    const result: PublishResult = { delivered: 0, refused: [] };
    for (const agent of topic.subscribers) {
      if (agent === from.agent) continue; // a publisher does not hear itself
      // Access is decided now, not only at subscribe time: a member removed from the space (or a
      // topic moved into one) stops receiving, and its stale subscription goes.
      if (topic.space && this.deps.spaceAccess(topic.space, agent) === null) {
        this.topics.unsubscribe(topicName, agent);
        continue;
      }
      try {
        this.deliver({
          kind: 'topic',
          fromPid: from.pid,
          fromAgent: from.agent,
          toAgent: agent,
          toPid: null,
          topic: topicName,
          ...msg,
        });
        result.delivered++;
      } catch (err) {
        if ((err as AetherError).code !== 'MAILBOX_FULL') throw err;
        result.refused.push({ agent, code: 'MAILBOX_FULL' });
      }
    }
    return result;
  }

  subscribe(agent: string, topicName: string): void {
    const topic = this.topics.ensure(topicName, this.now());
    if (topic.space && this.deps.spaceAccess(topic.space, agent) === null) {
      throw new AetherError('IPC_ACCESS_DENIED', `agent "${agent}" may not subscribe to topic "${topicName}"`, {
        details: { topic: topicName, space: topic.space },
      });
    }
    this.topics.subscribe(topicName, agent, this.now());
  }

  unsubscribe(agent: string, topicName: string): void {
    this.topics.unsubscribe(topicName, agent);
  }

  /**
   * Sends a request and waits for its reply (which this call reads, so it is not delivered again).
   * On timeout the request expires unread; a reply that still comes arrives as an ordinary message.
   */
  async request(from: Sender & { pid: number }, to: Address, msg: OutgoingMessage, timeoutMs: number): Promise<Message> {
    const target = this.resolve(to);
    const sent = this.deliver({
      kind: 'request',
      fromPid: from.pid,
      fromAgent: from.agent,
      ...target,
      correlationId: randomUUID(),
      ...content(msg),
      expiresAt: this.now() + timeoutMs,
    });
    // A retried request (same idempotency key) waits for the first one's reply.
    const correlationId = sent.correlationId!;
    let reply = this.mailbox.replyTo(correlationId);
    if (!reply) {
      // Registered in the same tick as the check above: a reply cannot slip in between.
      const signal = AbortSignal.timeout(Math.max(1, Math.min((sent.expiresAt ?? 0) - this.now(), MAX_WAIT_MS)));
      await once(this.arrivals, `reply:${correlationId}`, { signal }).catch(() => undefined);
      reply = this.mailbox.replyTo(correlationId);
    }
    if (!reply) {
      throw new AetherError('IPC_TIMEOUT', `no reply to request ${correlationId} within ${timeoutMs} ms`, {
        details: { correlationId, timeoutMs },
      });
    }
    this.read(from.pid, [reply.id]);
    return reply;
  }

  reply(from: Sender, correlationId: string, msg: OutgoingMessage): Message {
    const request = this.mailbox.requestTo(from.agent, correlationId);
    const earlier = this.mailbox.replyTo(correlationId);
    // The same reply retried (same key) is the first one, not an error.
    if (earlier && msg.idempotencyKey && this.mailbox.byKey(from.agent, earlier.to.agent, msg.idempotencyKey)) return earlier;
    if (!request || earlier) {
      throw new AetherError('IPC_REQUEST_NOT_FOUND', `no unanswered request ${correlationId} to "${from.agent}"`, {
        details: { correlationId },
      });
    }
    const pid = request.from.pid !== null && this.directory.isLive(request.from.pid) ? request.from.pid : null;
    const m = this.deliver({
      kind: 'reply',
      fromPid: from.pid,
      fromAgent: from.agent,
      toAgent: request.from.agent,
      toPid: pid,
      correlationId,
      ...content(msg),
    });
    this.arrivals.emit(`reply:${correlationId}`);
    return m;
  }

  /** Unread messages for a process, oldest first; they stay unread until acknowledged. */
  pending(pid: number, limit = 100): Message[] {
    const p = this.directory.process(pid);
    if (!p) return [];
    const got = this.mailbox.pendingFor(pid, p.agent, this.now(), limit);
    // Delivery re-checks access too: topic messages queued before the reader lost the space are dropped unread.
    const revoked = got.filter((m) => m.topic && !this.mayRead(m.topic, p.agent));
    if (revoked.length === 0) return got;
    this.mailbox.ack(
      pid,
      revoked.map((m) => m.id),
      this.now(),
    );
    return got.filter((m) => !revoked.includes(m));
  }

  private mayRead(topicName: string, agent: string): boolean {
    const space = this.topics.get(topicName)?.space;
    return !space || this.deps.spaceAccess(space, agent) !== null;
  }

  /** Acknowledges (reads) messages for a process; returns those it had not read before. */
  read(pid: number, ids: number[]): Message[] {
    const acked = this.mailbox.ack(pid, ids, this.now());
    for (const m of acked) this.deps.onRead?.(m, pid);
    return acked;
  }

  /**
   * Receives: the unread messages, waiting up to waitMs for one to arrive. They stay unread until
   * the caller acknowledges them (read()): a kernel that dies before its answer reaches the
   * caller has then lost nothing, and the caller's next receive gets them again.
   */
  async receive(pid: number, opts: { waitMs?: number; limit?: number; signal?: AbortSignal } = {}): Promise<Message[]> {
    const p = this.directory.process(pid);
    if (!p) return [];
    const deadline = this.now() + Math.min(opts.waitMs ?? 0, MAX_WAIT_MS);
    for (;;) {
      const got = this.pending(pid, opts.limit ?? 20);
      if (got.length > 0) return got;
      const left = deadline - this.now();
      if (left <= 0 || opts.signal?.aborted) return [];
      const signal = AbortSignal.any([AbortSignal.timeout(left), ...(opts.signal ? [opts.signal] : [])]);
      await once(this.arrivals, `agent:${p.agent}`, { signal }).catch(() => undefined);
    }
  }

  /** A process ended: what it claimed but did not read goes back to its agent's mailbox. */
  processEnded(pid: number): void {
    this.mailbox.releaseClaims(pid);
  }

  history(filter: { pid?: number; agent?: string; topic?: string }, before?: number, limit = 50): Message[] {
    return this.mailbox.history(filter, before, Math.min(Math.max(limit, 1), 500));
  }

  /** Forgets read messages past ipc.retentionDays; returns how many went. */
  prune(): number {
    const days = this.deps.limits.retentionDays ?? 0;
    if (days <= 0) return 0;
    return this.mailbox.prune(this.now() - days * 86_400_000, this.now());
  }

  unread(agent: string): number {
    return this.mailbox.unread(agent, this.now());
  }

  private resolve(to: Address): { toAgent: string; toPid: number | null } {
    if ('pid' in to) {
      const p = this.directory.process(to.pid);
      if (!p) throw new AetherError('RECIPIENT_NOT_FOUND', `no process ${to.pid}`, { details: { pid: to.pid } });
      if (!this.directory.isLive(to.pid)) {
        throw new AetherError('PROCESS_NOT_RUNNING', `process ${to.pid} has ended; address its agent "${p.agent}" by name`, {
          details: { pid: to.pid, agent: p.agent },
        });
      }
      return { toAgent: p.agent, toPid: to.pid };
    }
    if (!this.directory.agentExists(to.agent)) {
      throw new AetherError('RECIPIENT_NOT_FOUND', `no agent named "${to.agent}"`, { details: { agent: to.agent } });
    }
    return { toAgent: to.agent, toPid: null };
  }

  /** The one write path: back-pressure check and insert in one transaction, then wake the reader. */
  private deliver(row: Parameters<Mailbox['insert']>[0]): Message {
    if (row.idempotencyKey) {
      const earlier = this.mailbox.byKey(row.fromAgent, row.toAgent, row.idempotencyKey);
      if (earlier) return earlier;
    }
    const m = this.deps.db.transaction(() => {
      const unread = this.mailbox.unread(row.toAgent, this.now());
      if (unread >= this.deps.limits.mailboxMax) {
        throw new AetherError('MAILBOX_FULL', `the mailbox of "${row.toAgent}" holds ${unread} unread messages`, {
          details: { agent: row.toAgent, unread, max: this.deps.limits.mailboxMax },
        });
      }
      return this.mailbox.insert(row, this.now());
    })();
    this.arrivals.emit(`agent:${m.to.agent}`);
    this.deps.onSent?.(m);
    return m;
  }
}

const content = (msg: OutgoingMessage) => ({ text: msg.text, data: msg.data, idempotencyKey: msg.idempotencyKey ?? null });
