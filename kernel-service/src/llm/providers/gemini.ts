import {
  GoogleGenAI,
  type Content,
  type GenerateContentParameters,
  type GenerateContentResponse,
  type Part,
} from '@google/genai';
import type { Endpoint } from '../config.js';
import type {
  ChatDelta,
  ChatMessage,
  FinishReason,
  ProviderAdapter,
  ProviderCall,
  ProviderResponse,
  ToolCall,
} from '../types.js';
import { parseArgs } from './args.js';

/**
 * Gemini through @google/genai's generateContent, not its OpenAI-compatible endpoint: the native
 * API is the one Google keeps complete (function calling with thought signatures, usage with
 * thinking tokens), and the compatible endpoint stays reachable anyway as an
 * `openai-compatible:<name>` server with baseUrl .../v1beta/openai/.
 */
export class GeminiAdapter implements ProviderAdapter {
  readonly provider = 'gemini';
  readonly #client: GoogleGenAI;

  constructor(endpoint: Endpoint) {
    this.#client = new GoogleGenAI({
      apiKey: endpoint.apiKey?.reveal() ?? '',
      vertexai: false, // never switch to Vertex because GOOGLE_GENAI_USE_VERTEXAI happens to be set
      // No retryOptions: the SDK then makes exactly one attempt and the gateway's policy applies.
      ...(endpoint.baseUrl ? { httpOptions: { baseUrl: endpoint.baseUrl } } : {}),
    });
  }

  #params(call: ProviderCall): GenerateContentParameters {
    const system = call.messages.flatMap((m) => (m.role === 'system' ? [m.content] : [])).join('\n\n');
    return {
      model: call.model,
      contents: toContents(call.messages),
      config: {
        abortSignal: call.signal,
        ...(system ? { systemInstruction: system } : {}),
        ...(call.tools.length > 0
          ? {
              tools: [
                {
                  functionDeclarations: call.tools.map((t) => ({
                    name: t.name,
                    ...(t.description ? { description: t.description } : {}),
                    parametersJsonSchema: t.parameters, // plain JSON Schema, not Gemini's OpenAPI subset
                  })),
                },
              ],
            }
          : {}),
        ...(call.maxTokens === undefined ? {} : { maxOutputTokens: call.maxTokens }),
        ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
      },
    };
  }

  async complete(call: ProviderCall): Promise<ProviderResponse> {
    const r = await this.#client.models.generateContent(this.#params(call));
    const { text, toolCalls } = partsOf(r, 0);
    return {
      content: text,
      toolCalls,
      finishReason: finishReasonOf(r.candidates?.[0]?.finishReason, toolCalls.length > 0),
      usage: usageOf(r),
    };
  }

  async *stream(call: ProviderCall): AsyncGenerator<ChatDelta> {
    const chunks = await this.#client.models.generateContentStream(this.#params(call));
    let calls = 0;
    // Gemini sends each function call whole in one chunk, and cumulative usage in every chunk.
    for await (const chunk of chunks) {
      const { text, toolCalls } = partsOf(chunk, calls);
      if (text) yield { type: 'text', text };
      for (const c of toolCalls) yield { type: 'tool_call', index: calls++, id: c.id, name: c.name, argumentsDelta: c.arguments };
      if (chunk.usageMetadata) yield { type: 'usage', usage: usageOf(chunk) };
      const reason = chunk.candidates?.[0]?.finishReason;
      if (reason) yield { type: 'finish', finishReason: finishReasonOf(reason, calls > 0) };
    }
  }
}

/**
 * Gemini 2.5+ attaches a thought signature to a function call and requires it back with the
 * call in the next turn. Our tool call has only an id (the OpenAI shape every client echoes
 * back verbatim), so the signature rides in the id after this marker.
 */
const SIGNATURE = '~ts~';

function partsOf(r: GenerateContentResponse, first: number): { text: string | null; toolCalls: ToolCall[] } {
  let text: string | null = null;
  const toolCalls: ToolCall[] = [];
  for (const p of r.candidates?.[0]?.content?.parts ?? []) {
    if (p.thought) continue; // thought summaries are not the answer
    if (typeof p.text === 'string') text = (text ?? '') + p.text;
    if (p.functionCall) {
      const base = p.functionCall.id || `call_${first + toolCalls.length}`;
      toolCalls.push({
        id: p.thoughtSignature ? `${base}${SIGNATURE}${p.thoughtSignature}` : base,
        name: p.functionCall.name ?? '',
        arguments: JSON.stringify(p.functionCall.args ?? {}),
      });
    }
  }
  return { text, toolCalls };
}

function splitId(id: string): { id: string; signature: string | undefined } {
  const at = id.indexOf(SIGNATURE);
  return at < 0 ? { id, signature: undefined } : { id: id.slice(0, at), signature: id.slice(at + SIGNATURE.length) };
}

/** Gemini's roles are user and model; tool results are user turns holding functionResponse parts. */
function toContents(messages: ChatMessage[]): Content[] {
  const out: Content[] = [];
  const names = new Map<string, string>();
  const push = (role: 'user' | 'model', parts: Part[]) => {
    const last = out[out.length - 1];
    if (last?.role === role) last.parts!.push(...parts);
    else out.push({ role, parts });
  };
  for (const m of messages) {
    if (m.role === 'user')
      push('user', [
        { text: m.content },
        ...(m.images ?? []).map((i) => ({ inlineData: { mimeType: i.mediaType, data: i.data } })),
      ]);
    if (m.role === 'assistant') {
      const parts: Part[] = m.content ? [{ text: m.content }] : [];
      for (const c of m.toolCalls ?? []) {
        names.set(c.id, c.name);
        const { id, signature } = splitId(c.id);
        const generated = /^call_[0-9]+$/.test(id); // ours, not Gemini's: do not send it back as its id
        parts.push({
          functionCall: { name: c.name, args: parseArgs(c.arguments), ...(generated ? {} : { id }) },
          ...(signature ? { thoughtSignature: signature } : {}),
        });
      }
      push('model', parts);
    }
    if (m.role === 'tool') {
      const { id } = splitId(m.toolCallId);
      const name = m.name ?? names.get(m.toolCallId) ?? 'tool';
      const generated = /^call_[0-9]+$/.test(id);
      push('user', [{ functionResponse: { name, response: { output: m.content }, ...(generated ? {} : { id }) } }]);
    }
  }
  return out;
}

function usageOf(r: GenerateContentResponse) {
  const u = r.usageMetadata;
  // Thinking tokens are billed as output.
  return {
    promptTokens: u?.promptTokenCount ?? 0,
    completionTokens: (u?.candidatesTokenCount ?? 0) + (u?.thoughtsTokenCount ?? 0),
  };
}

function finishReasonOf(r: string | undefined, calledTools: boolean): FinishReason {
  if (calledTools) return 'tool_calls';
  if (r === 'STOP' || r === undefined) return 'stop';
  if (r === 'MAX_TOKENS') return 'length';
  if (['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY'].includes(r)) return 'content_filter';
  return 'other';
}
