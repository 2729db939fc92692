import { AetherError, isAetherError } from '../errors/index.js';
import { costOf, type UsageAccountant } from './accounting.js';
import { Assembler, checkToolCalls } from './assemble.js';
import { endpointProblem, type LlmSettings } from './config.js';
import { Deadline } from './deadline.js';
import { allowsFallback, toLlmError } from './errors.js';
import { formatModelRef, parseModelRef, type ModelRef } from './model-ref.js';
import { createAdapter } from './providers/index.js';
import { withRetry } from './retry.js';
import type {
  ChatDelta,
  ChatRequest,
  ChatResult,
  EmbedResult,
  ProviderAdapter,
  ProviderCall,
  ProviderResponse,
} from './types.js';

/** What a gateway stream yields: the model that answers, its deltas, then the assembled result. */
export type StreamEvent = { type: 'start'; model: string } | ChatDelta | { type: 'done'; result: ChatResult };

export interface LlmGateway {
  /** One chat call on behalf of kernel process `pid`; its tokens and cost go to that process. */
  chat(pid: number, request: ChatRequest): Promise<ChatResult>;
  /** The same call streamed; ends with a `done` event carrying exactly what `chat` would return. */
  stream(pid: number, request: ChatRequest): AsyncGenerator<StreamEvent>;
  /** The configured embedding model (llm.embeddingModel), or null: then memory is full-text only. */
  readonly embeddingModel: string | null;
  /** Embeds texts with the embedding model, on behalf of `pid` (0: the kernel itself). */
  embed(pid: number, input: string[], signal?: AbortSignal): Promise<EmbedResult>;
}

export interface GatewayLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface GatewayDeps {
  settings: LlmSettings;
  accountant: UsageAccountant;
  log?: GatewayLogger;
  /** Tests replace the adapters' construction; the kernel never does. */
  adapterFor?: (provider: string, settings: LlmSettings) => ProviderAdapter;
}

export function createLlmGateway(deps: GatewayDeps): LlmGateway {
  const { settings, accountant } = deps;
  const adapters = new Map<string, ProviderAdapter>();
  // A bad configured fallback is a configuration error: report it now, not on the first outage.
  settings.fallbacks.forEach(parseModelRef);
  if (settings.defaultModel) parseModelRef(settings.defaultModel);

  function adapter(provider: string): ProviderAdapter {
    const problem = endpointProblem(provider, settings.endpoints.get(provider));
    if (problem) throw new AetherError('LLM_NOT_CONFIGURED', problem, { details: { provider } });
    let a = adapters.get(provider);
    if (!a) adapters.set(provider, (a = (deps.adapterFor ?? createAdapter)(provider, settings)));
    return a;
  }

  /** The model, then its fallbacks, each parsed up front: a typo fails now, not after an outage. */
  function chainOf(request: ChatRequest): ModelRef[] {
    const first = request.model || settings.defaultModel;
    if (!first) {
      throw new AetherError('LLM_NOT_CONFIGURED', 'the request names no model and llm.defaultModel is empty');
    }
    const refs = [first, ...(request.fallbacks ?? settings.fallbacks)];
    return [...new Set(refs)].map(parseModelRef);
  }

  function callFor(ref: ModelRef, request: ChatRequest, signal: AbortSignal): ProviderCall {
    return {
      model: ref.model,
      messages: request.messages,
      tools: request.tools ?? [],
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      signal,
    };
  }

  function timeoutOf(provider: string): number {
    return settings.endpoints.get(provider)?.timeoutMs ?? 120_000;
  }

  /** Accounts first (the provider charged for it), then checks the tool calls. */
  function finish(pid: number, ref: ModelRef, request: ChatRequest, r: ProviderResponse): ChatResult {
    const model = formatModelRef(ref);
    const costUsd = costOf(r.usage, settings.prices[model]);
    accountant.record({ pid, model, usage: r.usage, costUsd });
    checkToolCalls(r.toolCalls, request.tools ?? [], model);
    const message = { role: 'assistant' as const, content: r.content, ...(r.toolCalls.length ? { toolCalls: r.toolCalls } : {}) };
    return { model, message, finishReason: r.finishReason, usage: r.usage, costUsd };
  }

  /** Runs `once` for each model of the chain, with retries, until one answers. */
  async function overChain<T>(request: ChatRequest, once: (ref: ModelRef, a: ProviderAdapter) => Promise<T>): Promise<T> {
    const tried: { model: string; code: string }[] = [];
    const chain = chainOf(request);
    for (const [i, ref] of chain.entries()) {
      const model = formatModelRef(ref);
      try {
        const a = adapter(ref.provider);
        return await withRetry(() => once(ref, a), settings.retry, {
          signal: request.signal,
          onRetry: (e, attempt, delayMs) => deps.log?.warn({ model, code: e.code, attempt, delayMs }, 'llm: retrying'),
        });
      } catch (err) {
        const e = isAetherError(err) ? err : cancelled(model, err);
        tried.push({ model, code: e.code });
        if (!allowsFallback(e) || i === chain.length - 1 || request.signal?.aborted) throw withTried(e, tried);
        deps.log?.warn({ model, code: e.code, next: formatModelRef(chain[i + 1]!) }, 'llm: falling back');
      }
    }
    throw new Error('unreachable: the chain has at least one model');
  }

  async function chat(pid: number, request: ChatRequest): Promise<ChatResult> {
    const response = await overChain(request, async (ref, a) => {
      const deadline = new Deadline(timeoutOf(ref.provider), request.signal);
      try {
        return { ref, r: await deadline.race(a.complete(callFor(ref, request, deadline.signal))) };
      } catch (err) {
        throw toLlmError(err, errorContext(ref, deadline));
      } finally {
        deadline.dispose();
      }
    });
    return finish(pid, response.ref, request, response.r);
  }

  /**
   * Retries and fallback apply until the first delta arrives: after that the caller has seen
   * output, and starting over would show it twice. Later failures end the stream with the error.
   */
  async function* stream(pid: number, request: ChatRequest): AsyncGenerator<StreamEvent> {
    const opened = await overChain(request, async (ref, a) => {
      const deadline = new Deadline(timeoutOf(ref.provider), request.signal);
      const it = a.stream(callFor(ref, request, deadline.signal))[Symbol.asyncIterator]();
      try {
        return { ref, it, deadline, first: await deadline.race(it.next()) };
      } catch (err) {
        deadline.dispose();
        throw toLlmError(err, errorContext(ref, deadline));
      }
    });
    const { ref, it, deadline } = opened;
    const assembler = new Assembler();
    try {
      yield { type: 'start', model: formatModelRef(ref) };
      for (let step = opened.first; !step.done;) {
        assembler.add(step.value);
        yield step.value;
        deadline.touch();
        step = await deadline.race(it.next());
      }
    } catch (err) {
      throw toLlmError(err, errorContext(ref, deadline));
    } finally {
      deadline.dispose();
      // The consumer may stop early (socket closed): close the provider's stream too.
      void it.return?.(undefined)?.catch(() => undefined);
    }
    yield { type: 'done', result: finish(pid, ref, request, assembler.result()) };
  }

  function errorContext(ref: ModelRef, deadline: Deadline) {
    return {
      provider: ref.provider,
      model: ref.model,
      abortCause: deadline.cause,
      apiKey: settings.endpoints.get(ref.provider)?.apiKey,
    };
  }

  /**
   * Retries, but never falls back: vectors of two models live in different spaces, and a
   * memory embedded by one cannot be compared with a query embedded by the other.
   */
  async function embed(pid: number, input: string[], signal?: AbortSignal): Promise<EmbedResult> {
    if (!settings.embeddingModel) throw new AetherError('LLM_NOT_CONFIGURED', 'llm.embeddingModel is empty');
    const ref = parseModelRef(settings.embeddingModel);
    const model = formatModelRef(ref);
    const a = adapter(ref.provider);
    const embedOf = a.embed?.bind(a);
    if (!embedOf) {
      throw new AetherError('LLM_EMBEDDINGS_UNSUPPORTED', `provider "${ref.provider}" has no embedding endpoint in Aether`);
    }
    const r = await withRetry(
      async () => {
        const deadline = new Deadline(timeoutOf(ref.provider), signal);
        try {
          return await deadline.race(embedOf({ model: ref.model, input, signal: deadline.signal }));
        } catch (err) {
          throw toLlmError(err, errorContext(ref, deadline));
        } finally {
          deadline.dispose();
        }
      },
      settings.retry,
      { signal, onRetry: (e, attempt, delayMs) => deps.log?.warn({ model, code: e.code, attempt, delayMs }, 'llm: retrying') },
    );
    if (r.vectors.length !== input.length) {
      throw new AetherError('LLM_BAD_RESPONSE', `${model} returned ${r.vectors.length} vectors for ${input.length} texts`);
    }
    const usage = { promptTokens: r.promptTokens, completionTokens: 0 };
    accountant.record({ pid, model, usage, costUsd: costOf(usage, settings.prices[model]) });
    return { model, vectors: r.vectors, usage };
  }

  return { chat, stream, embed, embeddingModel: settings.embeddingModel || null };
}

/** A caller's abort while waiting between retries surfaces as the signal's own reason. */
function cancelled(model: string, err: unknown): AetherError {
  return new AetherError('LLM_CANCELLED', `request to ${model} was cancelled`, { cause: err, details: { model } });
}

function withTried(e: AetherError, tried: { model: string; code: string }[]): AetherError {
  if (tried.length < 2) return e;
  return new AetherError(e.code, `${e.message} (tried ${tried.map((t) => `${t.model}: ${t.code}`).join(', ')})`, {
    details: { ...e.details, tried },
    cause: e.cause,
  });
}
