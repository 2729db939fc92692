import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anthropic, startAnthropicServer } from '../../helpers/llm-servers/anthropic.js';
import type { ScriptedServer } from '../../helpers/llm-servers/scripted-server.js';
import { drain, gatewayFor, weatherTool } from './gateway-for.js';

const KEY = 'sk-ant-test-0123456789';
const MODEL = 'anthropic/claude-scripted';

describe('LLM gateway: Anthropic through @anthropic-ai/sdk', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startAnthropicServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const setup = (extra: Record<string, unknown> = {}) =>
    gatewayFor({ providers: { anthropic: { apiKey: KEY, baseUrl: server.url } }, ...extra });

  it('answers a chat: system apart, the key as bearer, default max_tokens, usage', async () => {
    const { gateway, accountant } = setup();
    server.push(anthropic.text('Bonjour', 11, 4));
    const r = await gateway.chat(2, {
      model: MODEL,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(r).toMatchObject({ model: MODEL, finishReason: 'stop', message: { content: 'Bonjour' }, costUsd: null });
    expect(r.usage).toEqual({ promptTokens: 11, completionTokens: 4 });
    const req = server.requests[0]!;
    // SDK 1.x sends the key as a bearer token (0.x used x-api-key)
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body).toMatchObject({ model: 'claude-scripted', system: 'You are terse.', max_tokens: 4096 });
    expect(req.body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
    expect(accountant.usageOf(2)).toMatchObject({ calls: 1, unpricedCalls: 1, costUsd: 0 });
  });

  it('maps tool_use blocks to tool calls, and tool results back into one user turn', async () => {
    const { gateway } = setup();
    server.push(
      anthropic.toolUse(
        [
          { id: 'toolu_1', name: 'get_weather', input: { city: 'Rome' } },
          { id: 'toolu_2', name: 'get_weather', input: { city: 'Oslo' } },
        ],
        'Let me check.',
      ),
      anthropic.text('Rome is warmer.'),
    );
    const first = await gateway.chat(1, { model: MODEL, messages: [{ role: 'user', content: 'compare' }], tools: [weatherTool] });
    expect(first.finishReason).toBe('tool_calls');
    expect(first.message).toEqual({
      role: 'assistant',
      content: 'Let me check.',
      toolCalls: [
        { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Rome"}' },
        { id: 'toolu_2', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      ],
    });
    expect(server.requests[0]!.body.tools).toEqual([
      { name: 'get_weather', description: weatherTool.description, input_schema: weatherTool.parameters },
    ]);
    await gateway.chat(1, {
      model: MODEL,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'compare' },
        first.message,
        { role: 'tool', toolCallId: 'toolu_1', content: '25C' },
        { role: 'tool', toolCallId: 'toolu_2', content: '3C' },
      ],
    });
    expect(server.requests[1]!.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'compare' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Rome' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Oslo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '25C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: '3C' },
        ],
      },
    ]);
  });

  it('streams text from the SSE event stream into the same result as an unstreamed call', async () => {
    const { gateway } = setup();
    server.push(anthropic.streamText(['Bon', 'jour'], 11, 4), anthropic.text('Bonjour', 11, 4));
    const events = await drain(gateway.stream(1, { model: MODEL, messages: [{ role: 'user', content: 'hi' }] }));
    expect(events.filter((e) => e.type === 'text')).toEqual([
      { type: 'text', text: 'Bon' },
      { type: 'text', text: 'jour' },
    ]);
    const plain = await gateway.chat(1, { model: MODEL, messages: [{ role: 'user', content: 'hi' }] });
    expect(events.at(-1)).toEqual({ type: 'done', result: plain });
  });

  it('streams a tool_use block whose input arrives as partial JSON', async () => {
    const { gateway } = setup();
    server.push(anthropic.streamToolUse('Checking.', { id: 'toolu_7', name: 'get_weather' }, ['{"city"', ': "Li', 'ma"}']));
    const events = await drain(
      gateway.stream(1, { model: MODEL, messages: [{ role: 'user', content: 'w' }], tools: [weatherTool] }),
    );
    const done = events.at(-1);
    expect(done).toMatchObject({
      type: 'done',
      result: {
        finishReason: 'tool_calls',
        usage: { promptTokens: 20, completionTokens: 8 },
        message: { content: 'Checking.', toolCalls: [{ id: 'toolu_7', name: 'get_weather', arguments: '{"city": "Lima"}' }] },
      },
    });
  });

  it('retries 529 overloaded and a 429 with Retry-After, then answers', async () => {
    const { gateway, warnings } = setup();
    server.push(
      anthropic.error(529, 'overloaded_error', 'Overloaded'),
      anthropic.error(429, 'rate_limit_error', 'slow', { 'retry-after': '0' }),
      anthropic.text('fine'),
    );
    const r = await gateway.chat(1, { model: MODEL, messages: [{ role: 'user', content: 'hi' }] });
    expect(r.message.content).toBe('fine');
    expect(warnings.map((w) => w.obj.code)).toEqual(['LLM_PROVIDER_UNAVAILABLE', 'LLM_RATE_LIMITED']);
  });

  it('falls back to the next model when the first stays overloaded, and accounts the one that answered', async () => {
    const { gateway, accountant, warnings } = setup({ retry: { maxRetries: 1, baseDelayMs: 1 } });
    server.push(anthropic.error(529, 'overloaded_error', 'Overloaded'), anthropic.error(529, 'overloaded_error', 'Overloaded'));
    server.push(anthropic.text('from haiku', 5, 2));
    const r = await gateway.chat(9, {
      model: MODEL,
      fallbacks: ['anthropic/claude-haiku-4-5'],
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(r.model).toBe('anthropic/claude-haiku-4-5');
    expect(server.requests.map((q) => q.body.model)).toEqual(['claude-scripted', 'claude-scripted', 'claude-haiku-4-5']);
    expect(warnings.at(-1)).toMatchObject({ msg: 'llm: falling back', obj: { next: 'anthropic/claude-haiku-4-5' } });
    expect(Object.keys(accountant.usageOf(9).byModel)).toEqual(['anthropic/claude-haiku-4-5']);
  });

  it('names every model tried when the whole chain fails', async () => {
    const { gateway } = setup({ retry: { maxRetries: 0 } });
    server.push(anthropic.error(500, 'api_error', 'boom'));
    const err = await gateway
      .chat(1, { model: MODEL, fallbacks: ['gemini/gemini-2.0-flash'], messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    // Gemini has no key here: the chain ends on LLM_NOT_CONFIGURED, and the message lists both.
    expect(err).toMatchObject({
      code: 'LLM_NOT_CONFIGURED',
      details: {
        tried: [
          { model: MODEL, code: 'LLM_PROVIDER_UNAVAILABLE' },
          { model: 'gemini/gemini-2.0-flash', code: 'LLM_NOT_CONFIGURED' },
        ],
      },
    });
    expect((err as Error).message).toMatch(/GEMINI_API_KEY/);
  });
});
