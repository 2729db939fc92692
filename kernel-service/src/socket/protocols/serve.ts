import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authority } from '../../authority/index.js';
import { AetherError } from '../../errors/index.js';
import type { ChatRequest, ChatResult, LlmGateway, StreamEvent } from '../../llm/index.js';
import { callerOf } from '../app.js';

/** A protocol's streamed form: each gateway event as the bytes of zero or more SSE events. */
export interface WireStream {
  event(e: StreamEvent): string;
  /** After the headers: the protocol's in-stream error. */
  fail(e: AetherError): string;
  /** Written after the last event (OpenAI's `data: [DONE]`); nothing for most. */
  end?(): string;
}

export interface Wire {
  json(result: ChatResult): unknown;
  stream(): WireStream;
}

export function requireLlm(llm: LlmGateway | null): LlmGateway {
  if (!llm) throw new AetherError('LLM_NOT_CONFIGURED', 'No LLM provider is configured on this appliance.');
  return llm;
}

/**
 * One model call in any protocol: the authority admits it (allow-list, max_tokens cap, a
 * reservation in every budget up the tree), the gateway makes it (fallback, retries,
 * accounting), the wire writes it. The same path chat completions take, so no protocol is a
 * way around a limit.
 */
export async function serveCall(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: { llm: LlmGateway | null; authority: Authority },
  parsed: { request: ChatRequest; stream: boolean },
  wire: Wire,
): Promise<unknown> {
  const llm = requireLlm(deps.llm);
  const caller = callerOf(req);
  const { request, reservation } = deps.authority.admitModel(caller.pid, parsed.request);
  const abort = new AbortController();
  reply.raw.on('close', () => abort.abort()); // the program went away: stop paying for its answer
  try {
    if (!parsed.stream) return wire.json(await llm.chat(caller.pid, { ...request, signal: abort.signal }));
    // The first event comes before any byte is sent, so an error before it still gets a proper status.
    const events = llm.stream(caller.pid, { ...request, signal: abort.signal })[Symbol.asyncIterator]();
    let next = await events.next();
    const out = wire.stream();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    try {
      for (; !next.done; next = await events.next()) {
        const bytes = out.event(next.value);
        if (bytes) res.write(bytes);
      }
      res.end(out.end?.() ?? '');
    } catch (err) {
      res.end(out.fail(err instanceof AetherError ? err : new AetherError('INTERNAL', (err as Error).message)));
    }
    return undefined;
  } finally {
    reservation.release(); // the call's real usage is recorded by now (or it failed)
  }
}
