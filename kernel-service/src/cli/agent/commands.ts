/**
 * The agent commands of `aether`: memory and IPC from a shell inside a sandbox, through the
 * process's kernel socket (/run/aether/kernel.sock, or $AETHER_KERNEL_SOCKET). Exit status: 0 done,
 * 1 the kernel refused (code and hint on stderr), 2 bad usage (cli/main.ts maps the errors).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { KernelClient } from '../../runtime/kernel-client.js';
import { UsageError } from '../usage.js';

/** The names this module answers; cli/main.ts sends them here, everything else to the admin commands. */
export const AGENT_COMMANDS = new Set([
  'whoami',
  'agents',
  'send',
  'recv',
  'publish',
  'subscribe',
  'unsubscribe',
  'request',
  'reply',
  'remember',
  'recall',
  'forget',
]);

export const AGENT_USAGE = `agent commands (inside a sandbox, over its kernel socket):
  whoami                                    this process's pid and agent
  agents                                    running agents
  send <to> <text...> [--data JSON]         message a pid or an agent name
  recv [--wait SECONDS] [--limit N] [--peek]   print unread messages (waiting up to SECONDS for one),
                                            then mark them read (--peek: leave them unread)
  publish <topic> <text...> [--data JSON]   publish to a topic's subscribers
  subscribe <topic> | unsubscribe <topic>
  request <to> <text...> [--timeout SECONDS]   send a request and print its reply
  reply <correlation-id> <text...>          answer a request
  remember <text...> [--layer L] [--subject S] [--importance 0-1] [--space NAME]
  recall <query...> [--limit N] [--layer L]
  forget <id>
options: --json prints the kernel's JSON answer as is`;

const OPTIONS = {
  json: { type: 'boolean' },
  data: { type: 'string' },
  wait: { type: 'string' },
  limit: { type: 'string' },
  timeout: { type: 'string' },
  layer: { type: 'string', multiple: true },
  subject: { type: 'string' },
  importance: { type: 'string' },
  space: { type: 'string' },
  peek: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Message {
  id: number;
  kind: string;
  from: { pid: number | null; agent: string };
  topic: string | null;
  correlationId: string | null;
  text: string;
}

const to = (s: string | undefined) => {
  if (!s) throw new UsageError('a recipient is needed');
  return /^\d+$/.test(s) ? Number(s) : s;
};
const text = (rest: string[]) => {
  if (rest.length === 0) throw new UsageError('a text is needed');
  return rest.join(' ');
};
const num = (s: string | undefined, name: string) => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number`);
  return n;
};
const json = (s: string | undefined) => {
  if (s === undefined) return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    throw new UsageError('--data must be JSON');
  }
};
const showMessage = (m: Message) =>
  `${m.id}\t${m.from.agent}${m.from.pid === null ? '' : `(${m.from.pid})`}\t${m.kind}${m.topic ? `:${m.topic}` : ''}${
    m.correlationId ? `\t${m.correlationId}` : ''
  }\t${m.text}`;

/** One agent command (whoami, send, recv, ...) over the process's kernel socket. */
export async function agentCommand(argv: string[]): Promise<void> {
  const { values: o, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command, ...rest] = positionals;
  if (o.help || !command) {
    process.stdout.write(`${AGENT_USAGE}\n`);
    return;
  }
  const k = new KernelClient();
  // One key per invocation: the client retries a call across a kernel restart, and the kernel
  // then returns the first message instead of sending a second.
  const idempotencyKey = randomUUID();
  const out = (answer: unknown, human: () => string): void => {
    process.stdout.write(`${o.json ? JSON.stringify(answer) : human()}\n`);
  };
  switch (command) {
    case 'whoami': {
      const r = await k.get<{ pid: number; agent: string }>('/v1/whoami');
      return out(r, () => `${r.pid}\t${r.agent}`);
    }
    case 'agents': {
      const r = await k.get<{ processes: { pid: number; agent: string; state: string }[] }>('/v1/ipc/agents');
      return out(r, () => r.processes.map((p) => `${p.pid}\t${p.agent}\t${p.state}`).join('\n'));
    }
    case 'send': {
      const r = await k.post<Message>('/v1/ipc/send', {
        to: to(rest[0]),
        text: text(rest.slice(1)),
        data: json(o.data),
        idempotencyKey,
      });
      return out(r, () => String(r.id));
    }
    case 'recv': {
      const wait = (num(o.wait, 'wait') ?? 0) * 1000;
      const q = `waitMs=${Math.round(wait)}${o.limit ? `&limit=${num(o.limit, 'limit')}` : ''}`;
      // A long wait is not retried across a kernel restart: messages stay unread until a receive returns them.
      const r = await k.get<{ messages: Message[] }>(`/v1/ipc/messages?${q}`);
      if (r.messages.length === 0) return;
      out(r, () => r.messages.map(showMessage).join('\n'));
      // Printed first, then acknowledged: a kernel restart in between repeats nothing and loses nothing
      // (the acknowledgement is retried until the kernel is back, and acknowledging twice is harmless).
      if (!o.peek) await k.post('/v1/ipc/ack', { ids: r.messages.map((m) => m.id) });
      return;
    }
    case 'publish': {
      const r = await k.post<{ delivered: number }>('/v1/ipc/publish', {
        topic: rest[0],
        text: text(rest.slice(1)),
        data: json(o.data),
        idempotencyKey,
      });
      return out(r, () => `delivered to ${r.delivered}`);
    }
    case 'subscribe':
    case 'unsubscribe': {
      if (!rest[0]) throw new UsageError('a topic is needed');
      const r = await k.post<{ topics: string[] }>(`/v1/ipc/${command}`, { topic: rest[0] });
      return out(r, () => r.topics.join('\n'));
    }
    case 'request': {
      const timeoutMs = Math.round((num(o.timeout, 'timeout') ?? 30) * 1000);
      const r = await k.post<Message>('/v1/ipc/request', {
        to: to(rest[0]),
        text: text(rest.slice(1)),
        timeoutMs,
        idempotencyKey,
      });
      return out(r, () => r.text);
    }
    case 'reply': {
      if (!rest[0]) throw new UsageError('a correlation id is needed');
      const r = await k.post<Message>('/v1/ipc/reply', {
        correlationId: rest[0],
        text: text(rest.slice(1)),
        data: json(o.data),
        idempotencyKey,
      });
      return out(r, () => String(r.id));
    }
    case 'remember': {
      const body = {
        content: text(rest),
        ...(o.layer?.[0] ? { layer: o.layer[0] } : {}),
        ...(o.subject ? { subject: o.subject } : {}),
        ...(o.importance ? { importance: num(o.importance, 'importance') } : {}),
        ...(o.space ? { space: o.space } : {}),
      };
      const r = await k.post<{ id: number }>('/v1/memory/remember', body);
      return out(r, () => String(r.id));
    }
    case 'recall': {
      const body = {
        query: text(rest),
        ...(o.layer ? { layers: o.layer } : {}),
        ...(o.limit ? { limit: num(o.limit, 'limit') } : {}),
      };
      const r = await k.post<{ retrieval: string; memories: { id: number; layer: string; content: string }[] }>(
        '/v1/memory/recall',
        body,
      );
      return out(r, () => r.memories.map((m) => `${m.id}\t${m.layer}\t${m.content}`).join('\n'));
    }
    case 'forget': {
      const r = await k.delete(`/v1/memory/${Number(rest[0])}`);
      return out(r, () => `forgot ${rest[0]}`);
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}
