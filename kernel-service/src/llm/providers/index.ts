import { AetherError } from '../../errors/index.js';
import type { LlmSettings } from '../config.js';
import type { ProviderAdapter } from '../types.js';
import { AnthropicAdapter } from './anthropic.js';
import { GeminiAdapter } from './gemini.js';
import { OllamaAdapter } from './ollama.js';
import { OpenAIAdapter } from './openai.js';

/** The adapter for a provider id; the gateway has already checked that its endpoint is usable. */
export function createAdapter(provider: string, settings: LlmSettings): ProviderAdapter {
  const endpoint = settings.endpoints.get(provider);
  if (!endpoint) throw new AetherError('LLM_NOT_CONFIGURED', `no provider "${provider}" is configured`);
  if (provider === 'openai' || provider.startsWith('openai-compatible:')) return new OpenAIAdapter(provider, endpoint);
  if (provider === 'anthropic') return new AnthropicAdapter(endpoint);
  if (provider === 'ollama') return new OllamaAdapter(endpoint);
  if (provider === 'gemini') return new GeminiAdapter(endpoint);
  throw new AetherError('LLM_MODEL_UNKNOWN', `no adapter for provider "${provider}"`);
}
