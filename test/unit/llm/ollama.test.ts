import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ollama, startOllamaServer } from '../../helpers/llm-servers/ollama.js';
import type { ScriptedServer } from '../../helpers/llm-servers/scripted-server.js';
import { drain, gatewayFor, weatherTool } from './gateway-for.js';

const MODEL = 'ollama/llama3.1';
const user = (content: string) => ({ role: 'user' as const, content });

describe('LLM gateway: Ollama through the ollama SDK', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startOllamaServer();
  });
  afterEach(async () => {
    await server.close();
  });

  // OLLAMA_HOST is how the host is normally given: this also checks the variable is read.
  const setup = (extra: Record<string, unknown> = {}) => gatewayFor(extra, { OLLAMA_HOST: server.url });

  it('answers a chat with options mapped and token counts from prompt_eval_count/eval_count', async () => {
    const { gateway } = setup();
    server.push(ollama.text('hey', 13, 2));
    const r = await gateway.chat(1, { model: MODEL, messages: [user('hi')], maxTokens: 50, temperature: 0 });
    expect(r).toMatchObject({ model: MODEL, message: { content: 'hey' }, usage: { promptTokens: 13, completionTokens: 2 } });
    expect(server.requests[0]!.body).toMatchObject({
      model: 'llama3.1',
      stream: false,
      options: { num_predict: 50, temperature: 0 },
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('returns tool calls with generated ids, and sends results back with the tool name', async () => {
    const { gateway } = setup();
    server.push(ollama.toolCalls([{ name: 'get_weather', arguments: { city: 'Kyiv' } }]), ollama.text('cold'));
    const first = await gateway.chat(1, { model: MODEL, messages: [user('w')], tools: [weatherTool] });
    expect(first.finishReason).toBe('tool_calls');
    expect(first.message.toolCalls).toEqual([{ id: 'call_0', name: 'get_weather', arguments: '{"city":"Kyiv"}' }]);
    expect(server.requests[0]!.body.tools).toEqual([{ type: 'function', function: weatherTool }]);
    await gateway.chat(1, {
      model: MODEL,
      tools: [weatherTool],
      messages: [user('w'), first.message, { role: 'tool', toolCallId: 'call_0', content: '-5C' }],
    });
    expect((server.requests[1]!.body.messages as unknown[]).slice(1)).toEqual([
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Kyiv' } } }] },
      { role: 'tool', content: '-5C', tool_name: 'get_weather' },
    ]);
  });

  it('streams NDJSON text and tool calls into the same result as unstreamed calls', async () => {
    const { gateway } = setup();
    server.push(ollama.streamText(['a', 'b', 'c'], 4, 3), ollama.text('abc', 4, 3));
    const events = await drain(gateway.stream(1, { model: MODEL, messages: [user('x')] }));
    expect(events.filter((e) => e.type === 'text')).toHaveLength(3);
    expect(events.at(-1)).toEqual({ type: 'done', result: await gateway.chat(1, { model: MODEL, messages: [user('x')] }) });

    server.push(ollama.streamToolCalls([{ name: 'get_weather', arguments: { city: 'Baku' } }]));
    const tools = await drain(gateway.stream(1, { model: MODEL, messages: [user('x')], tools: [weatherTool] }));
    expect(tools.at(-1)).toMatchObject({
      type: 'done',
      result: { finishReason: 'tool_calls', message: { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Baku"}' }] } },
    });
  });

  it('retries a 503 honouring Retry-After though the SDK hides headers, and times out a silent server', async () => {
    const { gateway, warnings } = setup();
    server.push(ollama.error(503, 'server busy', { 'retry-after': '0.2' }), ollama.text('ok'));
    expect((await gateway.chat(1, { model: MODEL, messages: [user('x')] })).message.content).toBe('ok');
    expect(warnings[0]!.obj).toMatchObject({ code: 'LLM_PROVIDER_UNAVAILABLE', delayMs: 200 });

    const quick = setup({ timeoutMs: 200 });
    server.push({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    await expect(quick.gateway.chat(1, { model: MODEL, messages: [user('x')] })).rejects.toMatchObject({ code: 'LLM_TIMEOUT' });
    expect(server.requests).toHaveLength(5);
  });

  it("maps a missing model (404) to LLM_MODEL_UNKNOWN with the server's words", async () => {
    const { gateway } = setup();
    server.push(ollama.error(404, "model 'nope' not found"));
    await expect(gateway.chat(1, { model: 'ollama/nope', messages: [user('x')] })).rejects.toMatchObject({
      code: 'LLM_MODEL_UNKNOWN',
      message: expect.stringMatching(/model 'nope' not found/),
    });
  });
});
