import { AetherError } from '../errors/index.js';

export const BUILTIN_PROVIDERS = ['openai', 'anthropic', 'ollama', 'gemini'] as const;

/** "anthropic/claude-sonnet-4-5" -> { provider: "anthropic", model: "claude-sonnet-4-5" }. */
export interface ModelRef {
  /** openai, anthropic, ollama, gemini, or openai-compatible:<name>. */
  provider: string;
  /** The provider's own model name; may itself contain "/" (vLLM serves "meta-llama/Llama-3.1-8B"). */
  model: string;
}

const COMPATIBLE = /^openai-compatible:[a-z0-9][a-z0-9_.-]*$/;

export function parseModelRef(ref: string): ModelRef {
  const slash = ref.indexOf('/');
  const provider = slash > 0 ? ref.slice(0, slash) : '';
  const model = slash > 0 ? ref.slice(slash + 1) : '';
  const known = (BUILTIN_PROVIDERS as readonly string[]).includes(provider) || COMPATIBLE.test(provider);
  if (!known || model.trim() === '') {
    throw new AetherError('LLM_MODEL_UNKNOWN', `"${ref}" is not a model reference`, {
      details: { model: ref, expected: 'provider/model', providers: [...BUILTIN_PROVIDERS, 'openai-compatible:<name>'] },
    });
  }
  return { provider, model };
}

export function formatModelRef(ref: ModelRef): string {
  return `${ref.provider}/${ref.model}`;
}
