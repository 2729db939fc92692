/**
 * aether.events(): the kernel's event stream (WebSocket GET /api/v1/events) as an async iterator
 * that never misses an event. Each event carries `seq`; when the connection drops (the network,
 * a kernel restart, or the kernel dropping a client that fell behind: back-pressure), the iterator
 * reconnects with `?after=<last seq>` and the kernel replays what was stored meanwhile.
 */
import WebSocket from 'ws';
import type { Transport } from './transport.js';
import type { KernelEvent } from './types.js';
import { AetherApiError, apiError } from './errors.js';

export interface EventOptions {
  /** Start after this seq (0: every stored event); without it, only new events. */
  after?: number;
  /** Stops the iterator. */
  signal?: AbortSignal;
  /** Reconnect after a drop (default true); the delay grows from 250 ms to 5 s. */
  reconnect?: boolean;
}

export async function* events(t: Transport, opts: EventOptions = {}): AsyncGenerator<KernelEvent> {
  let after = opts.after;
  let delay = 250;
  while (!opts.signal?.aborted) {
    const queue: KernelEvent[] = [];
    let ended: Error | null | undefined;
    let wake: (() => void) | undefined;
    const notify = () => wake?.();
    const ws = new WebSocket(t.url('/events', after === undefined ? {} : { after }, 'ws'), {
      agent: t.agent,
      headers: { authorization: t.authorization },
    });
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as KernelEvent;
      if (msg.type === 'hello' || typeof msg.seq !== 'number') return;
      // A replay and the live stream meet without a gap; a duplicate (seq not above the last) is skipped anyway.
      if (after !== undefined && msg.seq <= after) return;
      queue.push(msg);
      notify();
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => {
        ended = apiError(res.statusCode ?? 0, body);
        notify();
      });
    });
    ws.on('open', () => (delay = 250));
    ws.on('error', (err) => {
      ended ??= err;
      notify();
    });
    ws.on('close', () => {
      ended ??= null;
      notify();
    });
    const onAbort = () => ws.close(1000);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        const next = queue.shift();
        if (next) {
          after = next.seq;
          yield next;
          continue;
        }
        if (ended !== undefined) break;
        await new Promise<void>((r) => (wake = r));
      }
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    }
    // A refusal (bad token, bad after=) will not get better by retrying.
    if (ended instanceof AetherApiError) throw ended;
    if (opts.reconnect === false || opts.signal?.aborted) {
      if (ended && !opts.signal?.aborted) throw ended;
      return;
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 5000);
  }
}
