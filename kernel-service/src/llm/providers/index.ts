import { AetherError } from '../../errors/index.js';
import type { Endpoint, LlmSettings } from '../config.js';
import type { ChatDelta, ProviderAdapter, ProviderCall, ProviderResponse } from '../types.js';

type Load = () => Promise<ProviderAdapter>;

/**
 * Loads a provider's SDK on the first call, not at start-up: each SDK costs 10-25 MB of the
 * kernel's memory, and an appliance usually talks to one or two providers.
 */
class LazyAdapter implements ProviderAdapter {
  private loading: Promise<ProviderAdapter> | null = null;

  constructor(
    readonly provider: string,
    private readonly load: Load,
  ) {}

  private adapter(): Promise<ProviderAdapter> {
    return (this.loading ??= this.load());
  }

  async complete(call: ProviderCall): Promise<ProviderResponse> {
    return (await this.adapter()).complete(call);
  }

  async *stream(call: ProviderCall): AsyncIterable<ChatDelta> {
    yield* (await this.adapter()).stream(call);
  }
}

const loaders: { match: (p: string) => boolean; load: (provider: string, e: Endpoint) => Load }[] = [
  {
    match: (p) => p === 'openai' || p.startsWith('openai-compatible:'),
    load: (p, e) => async () => new (await import('./openai.js')).OpenAIAdapter(p, e),
  },
  { match: (p) => p === 'anthropic', load: (_p, e) => async () => new (await import('./anthropic.js')).AnthropicAdapter(e) },
  { match: (p) => p === 'ollama', load: (_p, e) => async () => new (await import('./ollama.js')).OllamaAdapter(e) },
  { match: (p) => p === 'gemini', load: (_p, e) => async () => new (await import('./gemini.js')).GeminiAdapter(e) },
];

/** The adapter for a provider id; the gateway has already checked that its endpoint is usable. */
export function createAdapter(provider: string, settings: LlmSettings): ProviderAdapter {
  const endpoint = settings.endpoints.get(provider);
  if (!endpoint) throw new AetherError('LLM_NOT_CONFIGURED', `no provider "${provider}" is configured`);
  const loader = loaders.find((l) => l.match(provider));
  if (!loader) throw new AetherError('LLM_MODEL_UNKNOWN', `no adapter for provider "${provider}"`);
  return new LazyAdapter(provider, loader.load(provider, endpoint));
}
