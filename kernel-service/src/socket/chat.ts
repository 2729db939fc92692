import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Authority } from '../authority/index.js';
import { AetherError } from '../errors/index.js';
import type { ChatRequest, LlmGateway } from '../llm/index.js';
import { callerOf } from './app.js';
import { chunkOf, fromWire, toWire } from './openai-wire.js';

/** OpenAI's chat completions (plain and SSE) on the kernel socket, backed by the gateway. */
export function chatRoutes(app: FastifyInstance, llm: LlmGateway | null, authority: Authority): void {
  app.post('/v1/chat/completions', async (req, reply) => {
    if (!llm) throw new AetherError('LLM_NOT_CONFIGURED', 'No LLM provider is configured on this appliance.');
    const caller = callerOf(req);
    const wire = fromWire(req.body);
    // The model allow-list, the max_tokens cap and a reservation in every budget up the tree.
    const { request, reservation } = authority.admitModel(caller.pid, wire.request);
    try {
      return await answer(reply, llm, caller.pid, request, wire.stream);
    } finally {
      reservation.release(); // the call's real usage is recorded by now (or it failed)
    }
  });
}

/** One call, plain or streamed; resolves once the answer is complete (or has failed). */
async function answer(
  reply: FastifyReply,
  llm: LlmGateway,
  pid: number,
  request: ChatRequest,
  stream: boolean,
): Promise<unknown> {
  const abort = new AbortController();
  reply.raw.on('close', () => abort.abort()); // the program went away: stop paying for its answer
  const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
  if (!stream) return toWire(id, await llm.chat(pid, { ...request, signal: abort.signal }));

  // The first event comes before any byte is sent, so an error before it still gets a proper status.
  const events = llm.stream(pid, { ...request, signal: abort.signal })[Symbol.asyncIterator]();
  let next = await events.next();
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let model = request.model ?? '';
  try {
    for (; !next.done; next = await events.next()) {
      const event = next.value;
      if (event.type === 'start') model = event.model;
      const chunk = chunkOf(id, model, event);
      if (chunk) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    }
    res.end('data: [DONE]\n\n');
  } catch (err) {
    // Headers are gone: say it in the stream, as OpenAI does, then end it.
    const e = err instanceof AetherError ? err : new AetherError('INTERNAL', (err as Error).message);
    res.end(`data: ${JSON.stringify({ error: { message: e.message, type: e.code, code: e.code } })}\n\n`);
  }
  return undefined;
}
