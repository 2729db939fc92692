import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gemini, startGeminiServer } from '../../helpers/llm-servers/gemini.js';
import type { ScriptedServer } from '../../helpers/llm-servers/scripted-server.js';
import { drain, gatewayFor, weatherTool } from './gateway-for.js';

const KEY = 'AIza-test-0123456789';
const MODEL = 'gemini/gemini-2.0-flash';
const user = (content: string) => ({ role: 'user' as const, content });

describe('LLM gateway: Gemini through @google/genai', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startGeminiServer();
  });
  afterEach(async () => {
    await server.close();
  });

  // GEMINI_API_KEY is read from the environment; the base URL only from the configuration.
  const setup = (extra: Record<string, unknown> = {}) =>
    gatewayFor({ providers: { gemini: { baseUrl: server.url } }, ...extra }, { GEMINI_API_KEY: KEY });

  it('answers through generateContent: system instruction, x-goog-api-key, usage', async () => {
    const { gateway } = setup();
    server.push(gemini.text('Ciao', 9, 3));
    const r = await gateway.chat(1, {
      model: MODEL,
      messages: [{ role: 'system', content: 'Italian only' }, user('hi')],
      maxTokens: 20,
    });
    expect(r).toMatchObject({
      model: MODEL,
      finishReason: 'stop',
      message: { content: 'Ciao' },
      usage: { promptTokens: 9, completionTokens: 3 },
    });
    const req = server.requests[0]!;
    expect(req.path).toBe('/v1beta/models/gemini-2.0-flash:generateContent');
    expect(req.headers['x-goog-api-key']).toBe(KEY);
    expect(req.body).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      systemInstruction: { parts: [{ text: 'Italian only' }] },
      generationConfig: { maxOutputTokens: 20 },
    });
  });

  it('sends functionDeclarations, returns function calls, and round-trips the thought signature', async () => {
    const { gateway } = setup();
    server.push(
      gemini.functionCalls([{ functionCall: { name: 'get_weather', args: { city: 'Nice' } }, thoughtSignature: 'c2lnbmF0dXJl' }]),
      gemini.text('mild'),
    );
    const first = await gateway.chat(1, { model: MODEL, messages: [user('w')], tools: [weatherTool] });
    expect(first.finishReason).toBe('tool_calls');
    const call = first.message.toolCalls![0]!;
    expect(call).toMatchObject({ name: 'get_weather', arguments: '{"city":"Nice"}' });
    expect(server.requests[0]!.body.tools).toEqual([
      {
        functionDeclarations: [
          { name: 'get_weather', description: weatherTool.description, parametersJsonSchema: weatherTool.parameters },
        ],
      },
    ]);
    await gateway.chat(1, {
      model: MODEL,
      tools: [weatherTool],
      messages: [user('w'), first.message, { role: 'tool', toolCallId: call.id, content: '18C' }],
    });
    expect((server.requests[1]!.body.contents as unknown[]).slice(1)).toEqual([
      {
        role: 'model',
        parts: [{ functionCall: { name: 'get_weather', args: { city: 'Nice' } }, thoughtSignature: 'c2lnbmF0dXJl' }],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: '18C' } } }] },
    ]);
  });

  it('streams through streamGenerateContent?alt=sse into the same result as unstreamed', async () => {
    const { gateway } = setup();
    server.push(gemini.streamText(['Buon', 'giorno'], 9, 4), gemini.text('Buongiorno', 9, 4));
    const events = await drain(gateway.stream(1, { model: MODEL, messages: [user('hi')] }));
    expect(server.requests[0]!.path).toBe('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse');
    expect(events.filter((e) => e.type === 'text')).toEqual([
      { type: 'text', text: 'Buon' },
      { type: 'text', text: 'giorno' },
    ]);
    expect(events.at(-1)).toEqual({ type: 'done', result: await gateway.chat(1, { model: MODEL, messages: [user('hi')] }) });

    server.push(
      gemini.streamFunctionCall('Looking.', { functionCall: { id: 'fc_1', name: 'get_weather', args: { city: 'Bern' } } }),
    );
    const tools = await drain(gateway.stream(1, { model: MODEL, messages: [user('w')], tools: [weatherTool] }));
    expect(tools.at(-1)).toMatchObject({
      type: 'done',
      result: {
        finishReason: 'tool_calls',
        message: { content: 'Looking.', toolCalls: [{ id: 'fc_1', name: 'get_weather', arguments: '{"city":"Bern"}' }] },
      },
    });
  });

  it('retries a 429 after the RetryInfo delay in the body, and gives up on 500s', async () => {
    const { gateway, warnings } = setup({ retry: { maxRetries: 1 } });
    server.push(gemini.error(429, 'RESOURCE_EXHAUSTED', 'quota', '0.25s'), gemini.text('ok'));
    expect((await gateway.chat(1, { model: MODEL, messages: [user('x')] })).message.content).toBe('ok');
    expect(warnings[0]!.obj).toMatchObject({ code: 'LLM_RATE_LIMITED', delayMs: 250 });

    server.push(gemini.error(500, 'INTERNAL', 'oops'), gemini.error(500, 'INTERNAL', 'oops'));
    await expect(gateway.chat(1, { model: MODEL, messages: [user('x')] })).rejects.toMatchObject({
      code: 'LLM_PROVIDER_UNAVAILABLE',
      details: { status: 500 },
    });
  });

  it('is LLM_NOT_CONFIGURED without a key, naming the variable', async () => {
    const { gateway } = gatewayFor({ providers: { gemini: { baseUrl: server.url } } });
    await expect(gateway.chat(1, { model: MODEL, messages: [user('x')] })).rejects.toMatchObject({
      code: 'LLM_NOT_CONFIGURED',
      message: expect.stringMatching(/GEMINI_API_KEY/),
    });
    expect(server.requests).toHaveLength(0);
  });
});
