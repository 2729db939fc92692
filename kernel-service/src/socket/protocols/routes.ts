import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { estimateTokens, type Authority } from '../../authority/index.js';
import { AetherError } from '../../errors/index.js';
import { parseModelRef, type LlmGateway } from '../../llm/index.js';
import { callerOf } from '../app.js';
import { AnthropicStream, countRequestOf, fromAnthropic, toAnthropic } from './anthropic.js';
import { fromResponses, ResponsesStream, toResponses } from './responses.js';
import { requireLlm, serveCall } from './serve.js';
import { checked } from './validate.js';

const hex = () => randomBytes(12).toString('hex');

/**
 * The protocols agent programs speak, besides chat completions (chat.ts): Anthropic Messages
 * (Claude Code), OpenAI Responses (Codex), the model list and embeddings. Each is a wire adapter
 * over the gateway's one chat interface; any protocol reaches any provider.
 */
export function protocolRoutes(app: FastifyInstance, llm: LlmGateway | null, authority: Authority): void {
  const deps = { llm, authority };

  app.post('/v1/messages', async (req, reply) => {
    const id = `msg_${hex()}`;
    return serveCall(req, reply, deps, fromAnthropic(req.body), {
      json: (r) => toAnthropic(id, r),
      stream: () => new AnthropicStream(id),
    });
  });

  /** An estimate (four characters a token, what budgets reserve): no provider call, nothing charged. */
  app.post('/v1/messages/count_tokens', async (req) => {
    const request = countRequestOf(req.body);
    if (request.model) admitModelName(authority, callerOf(req).pid, request.model);
    return { input_tokens: estimateTokens(request.messages) + (request.tools ? estimateTokens(request.tools) : 0) };
  });

  app.post('/v1/responses', async (req, reply) => {
    const id = `resp_${hex()}`;
    return serveCall(req, reply, deps, fromResponses(req.body), {
      json: (r) => toResponses(id, r),
      stream: () => new ResponsesStream(id),
    });
  });

  /** The models this caller may use (its grants), in OpenAI's list form, or Anthropic's to an Anthropic client. */
  app.get('/v1/models', async (req) => {
    const models = authority.modelsOf(callerOf(req).pid);
    if (req.headers['anthropic-version']) {
      const data = models.map((id) => ({ type: 'model', id, display_name: id, created_at: '1970-01-01T00:00:00Z' }));
      return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
    }
    return {
      object: 'list',
      data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: parseModelRef(id).provider })),
    };
  });

  app.post('/v1/embeddings', async (req) => {
    const b = checked(EmbeddingsRequest, req.body, 'embeddings request');
    const gateway = requireLlm(llm);
    const pid = callerOf(req).pid;
    const own = gateway.embeddingModel;
    // One embedding model for the appliance (vectors of two models cannot be compared): the
    // caller may name it, by reference or bare name, or leave it out.
    if (own && b.model && b.model !== own && b.model !== parseModelRef(own).model) {
      throw new AetherError('LLM_MODEL_NOT_ALLOWED', `Embeddings use ${own} only, not "${b.model}".`, {
        details: { model: b.model, allowed: [own] },
      });
    }
    const input = typeof b.input === 'string' ? [b.input] : b.input;
    const reservation = authority.admitEmbedding(pid, input);
    try {
      const r = await gateway.embed(pid, input);
      const base64 = b.encoding_format === 'base64';
      return {
        object: 'list',
        model: r.model,
        data: r.vectors.map((v, index) => ({ object: 'embedding', index, embedding: base64 ? toBase64(v) : v })),
        usage: { prompt_tokens: r.usage.promptTokens, total_tokens: r.usage.promptTokens },
      };
    } finally {
      reservation.release();
    }
  });
}

const EmbeddingsRequest = Type.Object({
  model: Type.Optional(Type.String()),
  input: Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1, maxItems: 2048 })]),
  encoding_format: Type.Optional(Type.Union([Type.Literal('float'), Type.Literal('base64')])),
});

/** OpenAI's base64 form: little-endian float32s (the OpenAI SDK asks for it by default). */
function toBase64(v: number[]): string {
  return Buffer.from(new Float32Array(v).buffer).toString('base64');
}

function admitModelName(authority: Authority, pid: number, model: string): void {
  const allowed = authority.modelsOf(pid);
  if (!allowed.includes(model)) {
    throw new AetherError('LLM_MODEL_NOT_ALLOWED', `Process ${pid} may call only ${allowed.join(', ')}, not "${model}".`, {
      details: { model, allowed },
    });
  }
}
