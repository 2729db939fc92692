export type MessageKind = 'direct' | 'topic' | 'request' | 'reply';

/** Who sends: a process (pid and its agent) or a human through the API (pid null, agent "human:<name>"). */
export interface Sender {
  pid: number | null;
  agent: string;
}

/** A recipient: one process by pid, or an agent by name (whichever of its runs reads first). */
export type Address = { pid: number } | { agent: string };

export interface Message {
  id: number;
  kind: MessageKind;
  from: { pid: number | null; agent: string };
  to: { pid: number | null; agent: string };
  topic: string | null;
  correlationId: string | null;
  text: string;
  data: unknown;
  createdAt: number;
  expiresAt: number | null;
  ackedAt: number | null;
}

export interface OutgoingMessage {
  text: string;
  data?: unknown;
  /** One logical send: a retry with the same key returns the first message instead of sending again. */
  idempotencyKey?: string;
}

export interface IpcLimits {
  /** Unread messages an agent's mailbox holds before senders get MAILBOX_FULL. */
  mailboxMax: number;
  /** Days a read message is kept for the history (0: forever). */
  retentionDays?: number;
}
