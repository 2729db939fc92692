import type { InboxItem, InboxSource } from '../runs/inbox.js';
import type { IpcService } from './service.js';
import type { Message } from './types.js';

/** How a message reads as an observation for the model: who sent it, how to answer it. */
export function describe(m: Message): string {
  const who = m.from.pid === null ? m.from.agent : `${m.from.agent} (pid ${m.from.pid})`;
  const head =
    m.kind === 'topic'
      ? `Message on topic "${m.topic}" from ${who}`
      : m.kind === 'request'
        ? `Request from ${who} (answer it with the reply tool, correlationId "${m.correlationId}")`
        : m.kind === 'reply'
          ? `Reply from ${who} to your request ${m.correlationId}`
          : `Message from ${who}`;
  const data = m.data === null ? '' : `\ndata: ${JSON.stringify(m.data)}`;
  return `${head} [message ${m.id}]:\n${m.text}${data}`;
}

/**
 * IPC messages as run observations (the RunInbox, source "ipc"): a message stays pending until
 * the runtime acknowledges it after its checkpoint, which is what makes delivery exactly once.
 */
export function ipcInboxSource(ipc: IpcService): InboxSource {
  return {
    name: 'ipc',
    pending: (pid: number): InboxItem[] =>
      ipc.pending(pid).map((m) => ({ id: String(m.id), source: 'ipc', text: describe(m), at: m.createdAt })),
    ack: (pid: number, ids: string[]) => {
      ipc.read(
        pid,
        ids.map(Number).filter((n) => Number.isInteger(n) && n > 0),
      );
    },
  };
}
