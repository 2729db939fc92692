import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openai } from '../../helpers/llm-servers/openai.js';
import { startOpenAIServer } from '../../helpers/llm-servers/openai.js';
import type { ScriptedServer } from '../../helpers/llm-servers/scripted-server.js';
import { drain, gatewayFor, weatherTool } from './gateway-for.js';

const KEY = 'sk-test-0123456789abcdef';
const user = (content: string) => ({ role: 'user' as const, content });

describe('LLM gateway: OpenAI through the openai SDK', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startOpenAIServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const setup = (extra: Record<string, unknown> = {}) =>
    gatewayFor({ providers: { openai: { apiKey: KEY, baseUrl: `${server.url}/v1` } }, ...extra });

  it('answers a chat, sends the key only as the bearer, and accounts tokens and cost to the pid', async () => {
    const { gateway, accountant } = setup({ prices: { 'openai/gpt-4o-mini': { inputPerMillion: 1, outputPerMillion: 2 } } });
    server.push(openai.text('hello there', 1000, 500));
    const r = await gateway.chat(7, {
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'system', content: 'be brief' }, user('hi')],
      maxTokens: 64,
      temperature: 0.2,
    });
    expect(r).toMatchObject({ model: 'openai/gpt-4o-mini', finishReason: 'stop', message: { content: 'hello there' } });
    expect(r.usage).toEqual({ promptTokens: 1000, completionTokens: 500 });
    expect(r.costUsd).toBeCloseTo(0.002, 10);
    const req = server.requests[0]!;
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body).toMatchObject({ model: 'gpt-4o-mini', max_completion_tokens: 64, temperature: 0.2 });
    expect(req.body.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hi' },
    ]);
    expect(accountant.usageOf(7)).toMatchObject({ calls: 1, promptTokens: 1000, completionTokens: 500, unpricedCalls: 0 });
    expect(accountant.usageOf(8).calls).toBe(0);
  });

  it('sends tools as functions and returns native tool calls; tool results go back by id', async () => {
    const { gateway } = setup();
    server.push(openai.toolCalls([{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]), openai.text('sunny'));
    const first = await gateway.chat(1, { model: 'openai/gpt-4o', messages: [user('weather?')], tools: [weatherTool] });
    expect(first.finishReason).toBe('tool_calls');
    expect(first.message.toolCalls).toEqual([{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
    expect(server.requests[0]!.body.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: weatherTool.description, parameters: weatherTool.parameters },
      },
    ]);
    await gateway.chat(1, {
      model: 'openai/gpt-4o',
      tools: [weatherTool],
      messages: [user('weather?'), first.message, { role: 'tool', toolCallId: 'call_1', content: '21C' }],
    });
    expect((server.requests[1]!.body.messages as unknown[]).slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '21C' },
    ]);
  });

  it('streams text deltas that assemble into the same result as an unstreamed call', async () => {
    const { gateway, accountant } = setup();
    server.push(openai.streamText(['Hel', 'lo', '!'], 12, 3), openai.text('Hello!', 12, 3));
    const events = await drain(gateway.stream(3, { model: 'openai/gpt-4o', messages: [user('hi')] }));
    expect(events[0]).toEqual({ type: 'start', model: 'openai/gpt-4o' });
    expect(events.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text)).toEqual(['Hel', 'lo', '!']);
    const done = events.at(-1)!;
    const plain = await gateway.chat(3, { model: 'openai/gpt-4o', messages: [user('hi')] });
    expect(done).toEqual({ type: 'done', result: plain });
    expect(server.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(accountant.usageOf(3)).toMatchObject({ calls: 2, promptTokens: 24, completionTokens: 6 });
  });

  it('streams a tool call whose arguments arrive in pieces', async () => {
    const { gateway } = setup();
    server.push(openai.streamToolCall({ id: 'call_9', name: 'get_weather' }, ['{"ci', 'ty":', '"Oslo"}']));
    const events = await drain(gateway.stream(1, { model: 'openai/gpt-4o', messages: [user('w')], tools: [weatherTool] }));
    const done = events.at(-1) as { type: 'done'; result: { message: { toolCalls: unknown[] }; finishReason: string } };
    expect(done.result.finishReason).toBe('tool_calls');
    expect(done.result.message.toolCalls).toEqual([{ id: 'call_9', name: 'get_weather', arguments: '{"city":"Oslo"}' }]);
  });

  it('retries a 429 after the Retry-After it names, then succeeds', async () => {
    const { gateway, warnings } = setup();
    server.push(openai.error(429, 'slow down', { 'retry-after': '0.3' }), openai.text('ok'));
    const started = Date.now();
    const r = await gateway.chat(1, { model: 'openai/gpt-4o', messages: [user('hi')] });
    expect(r.message.content).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(server.requests).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ msg: 'llm: retrying', obj: { code: 'LLM_RATE_LIMITED', delayMs: 300 } });
  });

  it('gives up on persistent 500s with LLM_PROVIDER_UNAVAILABLE after maxRetries', async () => {
    const { gateway } = setup();
    server.push(openai.error(500, 'boom'), openai.error(502, 'boom'), openai.error(503, 'boom'));
    await expect(gateway.chat(1, { model: 'openai/gpt-4o', messages: [user('hi')] })).rejects.toMatchObject({
      code: 'LLM_PROVIDER_UNAVAILABLE',
      details: { provider: 'openai', status: 503 },
    });
    expect(server.requests).toHaveLength(3);
  });

  it('times out a provider that never answers, and one whose stream stalls', async () => {
    const { gateway } = setup({ timeoutMs: 300, retry: { maxRetries: 0 } });
    server.push({ kind: 'hang' });
    await expect(gateway.chat(1, { model: 'openai/gpt-4o', messages: [user('hi')] })).rejects.toMatchObject({
      code: 'LLM_TIMEOUT',
      status: 504,
    });
    server.push(openai.streamText(['a', 'b', 'c'], 1, 1, { stallAfter: 2 }));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const e of gateway.stream(1, { model: 'openai/gpt-4o', messages: [user('hi')] })) seen.push(e.type);
      })(),
    ).rejects.toMatchObject({ code: 'LLM_TIMEOUT' });
    expect(seen).toContain('text'); // the caller saw output, then the stall ended the stream
  });

  it('reports malformed tool arguments and unknown tools as LLM_BAD_RESPONSE, still accounting the tokens', async () => {
    const { gateway, accountant } = setup();
    server.push(openai.toolCalls([{ id: 'c1', name: 'get_weather', arguments: '{"city": "Par' }]));
    const bad = gateway.chat(4, { model: 'openai/gpt-4o', messages: [user('w')], tools: [weatherTool] });
    await expect(bad).rejects.toMatchObject({
      code: 'LLM_BAD_RESPONSE',
      details: { problem: 'malformed_arguments', toolCall: { id: 'c1', name: 'get_weather', arguments: '{"city": "Par' } },
    });
    server.push(openai.toolCalls([{ id: 'c2', name: 'rm_rf', arguments: '{}' }]));
    await expect(gateway.chat(4, { model: 'openai/gpt-4o', messages: [user('w')], tools: [weatherTool] })).rejects.toMatchObject({
      code: 'LLM_BAD_RESPONSE',
      message: expect.stringMatching(/"rm_rf", which the request did not offer/),
      details: { problem: 'unknown_tool', offered: ['get_weather'] },
    });
    expect(server.requests).toHaveLength(2); // not retried: the same request would likely do it again
    expect(accountant.usageOf(4).calls).toBe(2);
  });

  it('does not retry or fall back on a request the provider rejects (400), and maps 401', async () => {
    const { gateway } = setup({ fallbacks: ['openai/gpt-4o-mini'] });
    server.push(openai.error(400, "Invalid 'messages': empty"));
    await expect(gateway.chat(1, { model: 'openai/gpt-4o', messages: [] })).rejects.toMatchObject({
      code: 'LLM_REQUEST_REJECTED',
      message: expect.stringMatching(/Invalid 'messages'/),
    });
    expect(server.requests).toHaveLength(1);
    server.push(openai.error(401, `Incorrect API key provided: ${KEY}`), openai.error(401, `Incorrect API key provided: ${KEY}`));
    const err = await gateway.chat(1, { model: 'openai/gpt-4o', messages: [user('x')] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LLM_PROVIDER_AUTH_FAILED' });
    // The provider echoed the key; the error a sandbox may see must not.
    expect(JSON.stringify(err) + String((err as Error).message)).not.toContain(KEY);
  });

  it('reports a refused connection as LLM_PROVIDER_UNAVAILABLE and a dropped one too', async () => {
    const { gateway } = gatewayFor({
      retry: { maxRetries: 1 },
      providers: { openai: { apiKey: KEY, baseUrl: 'http://127.0.0.1:9/v1' } },
    });
    await expect(gateway.chat(1, { model: 'openai/gpt-4o', messages: [user('x')] })).rejects.toMatchObject({
      code: 'LLM_PROVIDER_UNAVAILABLE',
    });
    const s = setup({ retry: { maxRetries: 0 } });
    server.push({ kind: 'drop' });
    await expect(s.gateway.chat(1, { model: 'openai/gpt-4o', messages: [user('x')] })).rejects.toMatchObject({
      code: 'LLM_PROVIDER_UNAVAILABLE',
    });
  });

  it('serves any OpenAI-compatible server by name (max_tokens, no key needed) as a fallback target', async () => {
    const { gateway, accountant } = gatewayFor({
      retry: { maxRetries: 0 },
      providers: { openai: { apiKey: KEY, baseUrl: `${server.url}/v1` } },
      compatible: { vllm: { baseUrl: `${server.url}/v1` } },
      fallbacks: ['openai-compatible:vllm/meta-llama/Llama-3.1-8B'],
      prices: { 'openai-compatible:vllm/meta-llama/Llama-3.1-8B': { inputPerMillion: 0, outputPerMillion: 0 } },
    });
    server.push(openai.error(503, 'down'), openai.text('local answer'));
    const r = await gateway.chat(5, { model: 'openai/gpt-4o', messages: [user('x')], maxTokens: 9 });
    expect(r).toMatchObject({ model: 'openai-compatible:vllm/meta-llama/Llama-3.1-8B', costUsd: 0 });
    expect(server.requests[1]!.body).toMatchObject({ model: 'meta-llama/Llama-3.1-8B', max_tokens: 9 });
    expect(server.requests[1]!.headers.authorization).not.toContain(KEY);
    expect(accountant.usageOf(5)).toMatchObject({ calls: 1, unpricedCalls: 0 });
  });

  it('ends with LLM_CANCELLED when the caller aborts', async () => {
    const { gateway } = setup();
    server.push({ kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      gateway.chat(1, { model: 'openai/gpt-4o', messages: [user('x')], signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'LLM_CANCELLED' });
  });
});
