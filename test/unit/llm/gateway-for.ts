import Value from 'typebox/value';
import {
  createLlmGateway,
  LlmConfigSchema,
  MemoryAccountant,
  resolveLlmSettings,
  type LlmConfig,
  type LlmGateway,
} from '../../../kernel-service/src/llm/index.js';

/** A validated `llm` configuration from a partial one, with retries quick enough for tests. */
export function llmConfig(partial: Record<string, unknown>): LlmConfig {
  const config: unknown = Value.Default(LlmConfigSchema, {
    // Generous: a loaded CI machine must not turn a scripted answer into a timeout. Tests of
    // timeouts set their own short one.
    timeoutMs: 5_000,
    retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 2_000 },
    ...partial,
  });
  const errors = [...Value.Errors(LlmConfigSchema, config)];
  if (errors.length > 0) throw new Error(`bad test config: ${JSON.stringify(errors)}`);
  return config as LlmConfig;
}

export interface TestGateway {
  gateway: LlmGateway;
  accountant: MemoryAccountant;
  warnings: { obj: Record<string, unknown>; msg: string }[];
}

/** A gateway on `partial`; the environment is empty unless given, so the host's keys never leak in. */
export function gatewayFor(partial: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): TestGateway {
  const accountant = new MemoryAccountant();
  const warnings: TestGateway['warnings'] = [];
  const gateway = createLlmGateway({
    settings: resolveLlmSettings(llmConfig(partial), env),
    accountant,
    log: { warn: (obj, msg) => warnings.push({ obj, msg }) },
  });
  return { gateway, accountant, warnings };
}

/** Collects a stream's events; the last is `done` with the result. */
export async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const e of it) out.push(e);
  return out;
}

export const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
