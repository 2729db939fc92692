import Type from 'typebox';
import { defineTool } from './registry.js';
import type { AnyTool } from './types.js';
import { kernelCall } from './memory.js';

const To = Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 64 })], {
  description: 'a process by pid, or an agent by name',
});
const Text = Type.String({ minLength: 1, maxLength: 65_536 });

interface WireMessage {
  id: number;
  kind: string;
  from: { pid: number | null; agent: string };
  topic: string | null;
  correlationId: string | null;
  text: string;
  data: unknown;
}

function show(m: WireMessage): string {
  const who = m.from.pid === null ? m.from.agent : `${m.from.agent} (pid ${m.from.pid})`;
  const kind =
    m.kind === 'topic'
      ? ` on ${m.topic}`
      : m.kind === 'request'
        ? ` (request; answer with reply_message, correlationId "${m.correlationId}")`
        : '';
  return `[message ${m.id}] from ${who}${kind}: ${m.text}${m.data === null ? '' : `\ndata: ${JSON.stringify(m.data)}`}`;
}

/**
 * IPC tools. Sends carry the tool call's id as their idempotency key, so a call the runtime
 * retries after a kernel restart is not sent twice. Messages that arrive while the agent does
 * other things come to it as observations anyway; receive_messages is for waiting on purpose.
 */
export function ipcTools(): AnyTool[] {
  return [
    defineTool({
      name: 'send_message',
      category: 'ipc',
      description:
        'Send a message to another agent (by name; kept until one of its runs reads it) or a running process (by pid).',
      parameters: Type.Object({ to: To, text: Text, data: Type.Optional(Type.Unknown()) }),
      run: (args, ctx) =>
        kernelCall(async () => {
          const m = await ctx.kernel.post<WireMessage>(
            '/v1/ipc/send',
            { ...args, idempotencyKey: ctx.callId },
            { signal: ctx.signal },
          );
          return { output: `Sent as message ${m.id}.` };
        }),
    }),
    defineTool({
      name: 'receive_messages',
      category: 'ipc',
      description: 'Read your unread messages, waiting up to waitSeconds for one to arrive if there are none.',
      parameters: Type.Object({
        waitSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 300 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
      }),
      run: (args, ctx) =>
        kernelCall(async () => {
          const q = `waitMs=${(args.waitSeconds ?? 0) * 1000}&limit=${args.limit ?? 20}`;
          const r = await ctx.kernel.get<{ messages: WireMessage[] }>(`/v1/ipc/messages?${q}`, { signal: ctx.signal });
          // Acknowledged once in hand: from here the run's checkpoint keeps them.
          if (r.messages.length) await ctx.kernel.post('/v1/ipc/ack', { ids: r.messages.map((m) => m.id) });
          return { output: r.messages.length ? r.messages.map(show).join('\n\n') : 'No messages.' };
        }),
    }),
    defineTool({
      name: 'publish_message',
      category: 'ipc',
      description: 'Publish a message on a named topic to every subscriber (not to yourself).',
      parameters: Type.Object({
        topic: Type.String({ minLength: 1, maxLength: 128 }),
        text: Text,
        data: Type.Optional(Type.Unknown()),
      }),
      run: (args, ctx) =>
        kernelCall(async () => {
          const r = await ctx.kernel.post<{ delivered: number; refused: { agent: string }[] }>(
            '/v1/ipc/publish',
            { ...args, idempotencyKey: ctx.callId },
            { signal: ctx.signal },
          );
          const refused = r.refused.length ? `; not delivered (mailbox full): ${r.refused.map((x) => x.agent).join(', ')}` : '';
          return { output: `Delivered to ${r.delivered} subscribers${refused}.` };
        }),
    }),
    defineTool({
      name: 'subscribe_topic',
      category: 'ipc',
      description: 'Subscribe to a topic: its messages then come to you (and to your later runs) until you unsubscribe.',
      parameters: Type.Object({
        topic: Type.String({ minLength: 1, maxLength: 128 }),
        unsubscribe: Type.Optional(Type.Boolean()),
      }),
      run: (args, ctx) =>
        kernelCall(async () => {
          const path = args.unsubscribe ? '/v1/ipc/unsubscribe' : '/v1/ipc/subscribe';
          const r = await ctx.kernel.post<{ topics: string[] }>(path, { topic: args.topic }, { signal: ctx.signal });
          return { output: `Your topics: ${r.topics.join(', ') || '(none)'}.` };
        }),
    }),
    defineTool({
      name: 'ask_agent',
      category: 'ipc',
      description: 'Send a request to another agent and wait for its reply (up to timeoutSeconds).',
      parameters: Type.Object({ to: To, text: Text, timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 300 })) }),
      run: (args, ctx) =>
        kernelCall(async () => {
          const body = {
            to: args.to,
            text: args.text,
            timeoutMs: (args.timeoutSeconds ?? 60) * 1000,
            idempotencyKey: ctx.callId,
          };
          const reply = await ctx.kernel.post<WireMessage>('/v1/ipc/request', body, { signal: ctx.signal });
          return { output: show(reply) };
        }),
    }),
    defineTool({
      name: 'reply_message',
      category: 'ipc',
      description: 'Answer a request you received, by its correlationId.',
      parameters: Type.Object({
        correlationId: Type.String({ minLength: 1, maxLength: 64 }),
        text: Text,
        data: Type.Optional(Type.Unknown()),
      }),
      run: (args, ctx) =>
        kernelCall(async () => {
          const m = await ctx.kernel.post<WireMessage>(
            '/v1/ipc/reply',
            { ...args, idempotencyKey: ctx.callId },
            { signal: ctx.signal },
          );
          return { output: `Replied (message ${m.id}).` };
        }),
    }),
    defineTool({
      name: 'list_peers',
      category: 'ipc',
      description: 'List the running agents you can message (pid, name, state), who you are, and your topics.',
      parameters: Type.Object({}),
      run: (_args, ctx) =>
        kernelCall(async () => {
          const r = await ctx.kernel.get<{
            self: { pid: number; agent: string };
            processes: { pid: number; agent: string; state: string }[];
            topics: string[];
          }>('/v1/ipc/agents', { signal: ctx.signal });
          const rows = r.processes.map((p) => `${p.pid}\t${p.agent}\t${p.state}${p.pid === r.self.pid ? '\t(you)' : ''}`);
          return { output: `pid\tagent\tstate\n${rows.join('\n')}\nyour topics: ${r.topics.join(', ') || '(none)'}` };
        }),
    }),
  ];
}
