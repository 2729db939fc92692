import Type, { type Static } from 'typebox';
import { Secret } from './secret.js';

/**
 * The `llm` piece of the kernel configuration (mounted into config/schema.ts by the lead).
 * An empty string means "not set here": the standard provider variable then fills it in.
 * The file wins over those variables on purpose: OPENAI_BASE_URL and friends are often exported
 * in a shell for other tools, and must not silently redirect an explicitly configured kernel.
 */
const Provider = (description: string) =>
  Type.Object(
    {
      apiKey: Type.String({ default: '', description }),
      baseUrl: Type.String({ default: '' }),
      /** Per-attempt timeout for this provider; 0 means llm.timeoutMs. */
      timeoutMs: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 0 }),
    },
    { additionalProperties: false, default: {} },
  );

/** Optional rather than defaulted: TypeBox fills no defaults inside a Record's entries. */
const Compatible = Type.Object(
  {
    baseUrl: Type.String({ minLength: 1 }),
    apiKey: Type.Optional(Type.String()),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000 })),
  },
  { additionalProperties: false },
);

/** USD per million tokens. */
const Price = Type.Object(
  {
    inputPerMillion: Type.Number({ minimum: 0 }),
    outputPerMillion: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const LlmConfigSchema = Type.Object(
  {
    /** Model reference used when an agent names none, e.g. "anthropic/claude-sonnet-4-5". */
    defaultModel: Type.String({ default: '' }),
    /**
     * Model for text embeddings (semantic memory), e.g. "openai/text-embedding-3-small" or
     * "ollama/nomic-embed-text". Empty: memory recall is full-text only, and says so.
     */
    embeddingModel: Type.String({ default: '' }),
    /** Tried in order when the model is unavailable (429/5xx/timeout/unconfigured), never on a bad request. */
    fallbacks: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
    /** One attempt's limit; for streams, also the longest silence between two chunks. */
    timeoutMs: Type.Integer({ minimum: 1, maximum: 3_600_000, default: 120_000 }),
    retry: Type.Object(
      {
        maxRetries: Type.Integer({ minimum: 0, maximum: 10, default: 3 }),
        baseDelayMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 500 }),
        maxDelayMs: Type.Integer({ minimum: 0, maximum: 600_000, default: 20_000 }),
      },
      { additionalProperties: false, default: {} },
    ),
    providers: Type.Object(
      {
        openai: Provider('else OPENAI_API_KEY; baseUrl else OPENAI_BASE_URL'),
        anthropic: Provider('else ANTHROPIC_API_KEY; baseUrl else ANTHROPIC_BASE_URL'),
        ollama: Provider('no key; baseUrl else OLLAMA_HOST, else http://127.0.0.1:11434'),
        gemini: Provider('else GEMINI_API_KEY'),
      },
      { additionalProperties: false, default: {} },
    ),
    /** OpenAI-compatible servers (vLLM, LiteLLM, ...) by name: "openai-compatible:<name>/<model>". */
    compatible: Type.Record(Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]*$' }), Compatible, {
      default: {},
      propertyNames: { pattern: '^[a-z0-9][a-z0-9_.-]*$' }, // a Record alone lets other names through
    }),
    /** Keyed by model reference ("openai/gpt-4o-mini"); a model without a price costs null. */
    prices: Type.Record(Type.String({ minLength: 1 }), Price, { default: {} }),
  },
  { additionalProperties: false, default: {} },
);

export type LlmConfig = Static<typeof LlmConfigSchema>;
export type Price = Static<typeof Price>;

/** One endpoint, ready for an adapter. `apiKey` is a Secret: it never serialises. */
export interface Endpoint {
  baseUrl: string | undefined;
  apiKey: Secret | undefined;
  timeoutMs: number;
}

/** The configuration after the environment is applied: what the gateway runs on. */
export interface LlmSettings {
  defaultModel: string;
  embeddingModel: string;
  fallbacks: string[];
  retry: LlmConfig['retry'];
  /** Endpoints by provider id: openai, anthropic, ollama, gemini, openai-compatible:<name>. */
  endpoints: Map<string, Endpoint>;
  prices: Record<string, Price>;
}

export const OLLAMA_DEFAULT_HOST = 'http://127.0.0.1:11434';

/** Applies the standard provider variables to what the file left empty. */
export function resolveLlmSettings(config: LlmConfig, env: NodeJS.ProcessEnv = process.env): LlmSettings {
  const pick = (value: string, variable?: string) => value || (variable ? env[variable] : undefined) || undefined;
  const endpoint = (p: { apiKey?: string; baseUrl: string; timeoutMs?: number }, keyVar?: string, urlVar?: string) => {
    const key = pick(p.apiKey ?? '', keyVar);
    return {
      baseUrl: pick(p.baseUrl, urlVar),
      apiKey: key === undefined ? undefined : new Secret(key),
      timeoutMs: p.timeoutMs || config.timeoutMs,
    };
  };
  const { openai, anthropic, ollama, gemini } = config.providers;
  const endpoints = new Map<string, Endpoint>([
    ['openai', endpoint(openai, 'OPENAI_API_KEY', 'OPENAI_BASE_URL')],
    ['anthropic', endpoint(anthropic, 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL')],
    ['ollama', { ...endpoint(ollama, undefined, 'OLLAMA_HOST'), apiKey: undefined }],
    ['gemini', endpoint(gemini, 'GEMINI_API_KEY')],
  ]);
  const ollamaEndpoint = endpoints.get('ollama')!;
  ollamaEndpoint.baseUrl ??= OLLAMA_DEFAULT_HOST;
  for (const [name, c] of Object.entries(config.compatible)) {
    endpoints.set(`openai-compatible:${name}`, endpoint(c));
  }
  return {
    defaultModel: config.defaultModel,
    embeddingModel: config.embeddingModel,
    fallbacks: [...config.fallbacks],
    retry: { ...config.retry },
    endpoints,
    prices: structuredClone(config.prices),
  };
}

/** Whether a provider can be called at all; the reason says what to set when it cannot. */
export function endpointProblem(provider: string, e: Endpoint | undefined): string | undefined {
  if (!e) return `no provider "${provider}" is configured`;
  if (provider === 'ollama' || provider.startsWith('openai-compatible:')) return undefined;
  if (provider === 'openai' && (e.apiKey || e.baseUrl)) return undefined;
  if (e.apiKey) return undefined;
  const variable = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY', gemini: 'GEMINI_API_KEY' }[provider];
  return `provider "${provider}" has no API key: set llm.providers.${provider}.apiKey or ${variable}`;
}

/** A copy of the file-level configuration with every key replaced, for logs and /api/v1/system. */
export function redactLlmConfig(config: LlmConfig): LlmConfig {
  const copy = structuredClone(config);
  const hide = (p: { apiKey?: string }) => {
    if (p.apiKey) p.apiKey = '[redacted]';
  };
  Object.values(copy.providers).forEach(hide);
  Object.values(copy.compatible).forEach(hide);
  return copy;
}
