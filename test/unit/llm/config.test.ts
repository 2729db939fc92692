import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../kernel-service/src/llm/retry.js';
import { parseRetryAfter } from '../../../kernel-service/src/llm/errors.js';
import {
  MemoryAccountant,
  costOf,
  createLlmGateway,
  parseModelRef,
  redactLlmConfig,
  resolveLlmSettings,
  Secret,
} from '../../../kernel-service/src/llm/index.js';
import { llmConfig } from './gateway-for.js';

const KEY = 'sk-live-abcdefghijklmnop';

describe('LLM configuration', () => {
  it('has defaults: no model, 120 s timeout, 3 retries, ollama on localhost', () => {
    const s = resolveLlmSettings(llmConfig({ timeoutMs: 120_000, retry: {} }), {});
    expect(s.defaultModel).toBe('');
    expect(s.retry).toEqual({ maxRetries: 3, baseDelayMs: 500, maxDelayMs: 20_000 });
    expect(s.endpoints.get('ollama')).toMatchObject({ baseUrl: 'http://127.0.0.1:11434', apiKey: undefined, timeoutMs: 120_000 });
    expect(s.endpoints.get('openai')).toMatchObject({ baseUrl: undefined, apiKey: undefined });
  });

  it('reads the standard provider variables for what the file leaves empty; the file wins', () => {
    const env = {
      OPENAI_API_KEY: 'env-openai',
      OPENAI_BASE_URL: 'http://vllm:8000/v1',
      ANTHROPIC_API_KEY: 'env-anthropic',
      ANTHROPIC_BASE_URL: 'http://proxy:1',
      OLLAMA_HOST: 'http://gpu-box:11434',
      GEMINI_API_KEY: 'env-gemini',
    };
    const s = resolveLlmSettings(llmConfig({ providers: { anthropic: { apiKey: 'file-anthropic', timeoutMs: 5000 } } }), env);
    expect(s.endpoints.get('openai')!.apiKey!.reveal()).toBe('env-openai');
    expect(s.endpoints.get('openai')!.baseUrl).toBe('http://vllm:8000/v1');
    expect(s.endpoints.get('anthropic')!.apiKey!.reveal()).toBe('file-anthropic');
    expect(s.endpoints.get('anthropic')).toMatchObject({ baseUrl: 'http://proxy:1', timeoutMs: 5000 });
    expect(s.endpoints.get('ollama')!.baseUrl).toBe('http://gpu-box:11434');
    expect(s.endpoints.get('gemini')!.apiKey!.reveal()).toBe('env-gemini');
  });

  it('registers OpenAI-compatible servers by name and rejects unknown keys', () => {
    const s = resolveLlmSettings(llmConfig({ compatible: { 'vllm-1': { baseUrl: 'http://vllm:8000/v1' } } }), {});
    expect(s.endpoints.get('openai-compatible:vllm-1')).toMatchObject({ baseUrl: 'http://vllm:8000/v1', timeoutMs: 5_000 });
    expect(() => llmConfig({ providers: { openai: { apiKey: 'x', colour: 'red' } } })).toThrow(/bad test config/);
    expect(() => llmConfig({ compatible: { 'Bad Name': { baseUrl: 'http://x' } } })).toThrow(/bad test config/);
  });

  it('never serialises a key: JSON, inspect, template strings, structuredClone, redacted config', () => {
    const s = resolveLlmSettings(
      llmConfig({ providers: { openai: { apiKey: KEY } }, compatible: { lite: { baseUrl: 'http://l', apiKey: KEY } } }),
      { ANTHROPIC_API_KEY: KEY },
    );
    const everything = [
      JSON.stringify({ ...s, endpoints: Object.fromEntries(s.endpoints) }),
      inspect(s, { depth: 10 }),
      String(s.endpoints.get('openai')!.apiKey),
      JSON.stringify(structuredClone(s.endpoints.get('anthropic'))),
      JSON.stringify(
        redactLlmConfig(llmConfig({ providers: { gemini: { apiKey: KEY } }, compatible: { l: { baseUrl: 'x', apiKey: KEY } } })),
      ),
    ].join('\n');
    expect(everything).not.toContain(KEY);
    expect(everything).toContain('[redacted]');
    expect(new Secret(KEY).scrub(`bad key ${KEY}!`)).toBe('bad key [redacted]!');
  });

  it('refuses a malformed fallback or default model when the gateway is built', () => {
    const build = (partial: Record<string, unknown>) =>
      createLlmGateway({ settings: resolveLlmSettings(llmConfig(partial), {}), accountant: new MemoryAccountant() });
    expect(() => build({ fallbacks: ['gpt-4o'] })).toThrow(/"gpt-4o" is not a model reference/);
    expect(() => build({ defaultModel: 'mystery/model' })).toThrow(expect.objectContaining({ code: 'LLM_MODEL_UNKNOWN' }));
    expect(() =>
      build({ defaultModel: 'ollama/llama3.1', fallbacks: ['openai-compatible:vllm/meta-llama/Llama-3.1-8B'] }),
    ).not.toThrow();
  });

  it('needs a model: LLM_NOT_CONFIGURED when neither the request nor the default names one', async () => {
    const gateway = createLlmGateway({ settings: resolveLlmSettings(llmConfig({}), {}), accountant: new MemoryAccountant() });
    await expect(gateway.chat(1, { messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      code: 'LLM_NOT_CONFIGURED',
      message: expect.stringMatching(/llm.defaultModel/),
    });
    await expect(gateway.chat(1, { model: 'openai-compatible:nowhere/m', messages: [] })).rejects.toMatchObject({
      code: 'LLM_NOT_CONFIGURED',
    });
  });
});

describe('LLM model references, backoff, accounting', () => {
  it('parses provider/model, keeping slashes inside the model name', () => {
    expect(parseModelRef('openai/gpt-4o-mini')).toEqual({ provider: 'openai', model: 'gpt-4o-mini' });
    expect(parseModelRef('ollama/llama3.1:8b')).toEqual({ provider: 'ollama', model: 'llama3.1:8b' });
    expect(parseModelRef('openai-compatible:vllm/meta-llama/Llama-3.1-8B')).toEqual({
      provider: 'openai-compatible:vllm',
      model: 'meta-llama/Llama-3.1-8B',
    });
    for (const bad of ['gpt-4o', 'openai/', '/gpt', 'azure/gpt-4o', 'openai-compatible:/m']) {
      expect(() => parseModelRef(bad), bad).toThrow(expect.objectContaining({ code: 'LLM_MODEL_UNKNOWN' }));
    }
  });

  it('backs off exponentially with jitter, capped, and honours Retry-After up to the cap', () => {
    const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, policy, undefined, () => 0)).toBe(50);
    expect(backoffDelay(0, policy, undefined, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, undefined, () => 1)).toBe(800);
    expect(backoffDelay(10, policy, undefined, () => 1)).toBe(1000);
    expect(backoffDelay(0, policy, 300)).toBe(300);
    expect(backoffDelay(0, policy, 3_600_000)).toBe(1000);
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter(null, '{"retryDelay": "1.5s"}')).toBe(1500);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('accumulates tokens and cost per pid and per model; unpriced calls count tokens, not cost', () => {
    const a = new MemoryAccountant();
    const price = { inputPerMillion: 3, outputPerMillion: 15 };
    const usage = { promptTokens: 2000, completionTokens: 1000 };
    a.record({ pid: 5, model: 'anthropic/x', usage, costUsd: costOf(usage, price) });
    a.record({ pid: 5, model: 'anthropic/x', usage, costUsd: costOf(usage, price) });
    a.record({ pid: 5, model: 'ollama/y', usage, costUsd: costOf(usage, undefined) });
    a.record({ pid: 6, model: 'ollama/y', usage, costUsd: null });
    const p = a.usageOf(5);
    expect(p).toMatchObject({ calls: 3, promptTokens: 6000, completionTokens: 3000, unpricedCalls: 1 });
    expect(p.costUsd).toBeCloseTo(0.042, 10);
    expect(p.byModel['ollama/y']).toMatchObject({ calls: 1, costUsd: 0, unpricedCalls: 1 });
    p.calls = 99; // a copy: callers cannot corrupt the totals
    expect(a.usageOf(5).calls).toBe(3);
    a.forget(5);
    expect(a.usageOf(5).calls).toBe(0);
    expect(a.usageOf(6).calls).toBe(1);
  });
});
