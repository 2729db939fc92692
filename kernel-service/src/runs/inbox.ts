import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { callerOf } from '../socket/index.js';

/** Something that happened outside the run that its runtime must see as an observation. */
export interface InboxItem {
  /** Unique within its source; the runtime acknowledges by `${source}:${id}`. */
  id: string;
  source: string;
  /** What the model reads, e.g. "Message from reviewer (pid 12): ..." or "A human took over the desktop...". */
  text: string;
  images?: { mediaType: 'image/png' | 'image/jpeg'; base64: string }[];
  at: number;
}

/**
 * A subsystem that has observations for runs: IPC (messages), desktops (a human intervened).
 * `pending` must keep returning an item until it is acknowledged: delivery is exactly once
 * because the runtime checkpoints the item before it acknowledges, and skips ids it has seen.
 */
export interface InboxSource {
  name: string;
  pending(pid: number): InboxItem[] | Promise<InboxItem[]>;
  ack(pid: number, ids: string[]): void | Promise<void>;
}

/** The sources behind GET /v1/run/inbox on the kernel socket. */
export class RunInbox {
  private readonly sources = new Map<string, InboxSource>();

  register(source: InboxSource): void {
    if (this.sources.has(source.name)) throw new Error(`inbox source ${source.name} registered twice`);
    this.sources.set(source.name, source);
  }

  async pending(pid: number): Promise<InboxItem[]> {
    const all = await Promise.all(
      [...this.sources.values()].map(async (s) => (await s.pending(pid)).map((i) => ({ ...i, source: s.name }))),
    );
    return all.flat().sort((a, b) => a.at - b.at);
  }

  /** Keys are `${source}:${id}`. */
  async ack(pid: number, keys: string[]): Promise<void> {
    const bySource = new Map<string, string[]>();
    for (const key of keys) {
      const at = key.indexOf(':');
      if (at <= 0) continue;
      const name = key.slice(0, at);
      bySource.set(name, [...(bySource.get(name) ?? []), key.slice(at + 1)]);
    }
    for (const [name, ids] of bySource) await this.sources.get(name)?.ack(pid, ids);
  }
}

export function inboxRoutes(inbox: RunInbox) {
  return (app: FastifyInstance): void => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    r.get('/v1/run/inbox', async (req) => ({ items: await inbox.pending(callerOf(req).pid) }));
    r.post(
      '/v1/run/inbox/ack',
      { schema: { body: Type.Object({ keys: Type.Array(Type.String({ maxLength: 256 }), { maxItems: 10_000 }) }) } },
      async (req) => {
        await inbox.ack(callerOf(req).pid, req.body.keys);
        return { ok: true };
      },
    );
  };
}
