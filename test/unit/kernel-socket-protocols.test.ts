import { mkdtempSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSocketApp, KernelSockets } from '../../kernel-service/src/socket/index.js';
import { startForwarder } from '../../kernel-service/src/socket/endpoint/forward.js';
import { openDatabase } from '../../kernel-service/src/store/index.js';
import { anthropic, startAnthropicServer } from '../helpers/llm-servers/anthropic.js';
import { startEmbeddingServer, type EmbeddingServer } from '../helpers/llm-servers/embeddings.js';
import { openai, startOpenAIServer } from '../helpers/llm-servers/openai.js';
import type { ScriptedServer } from '../helpers/llm-servers/scripted-server.js';
import { testAuthority } from '../helpers/authority.js';
import { gatewayFor, weatherTool } from './llm/gateway-for.js';

/**
 * The protocols agent programs speak, on the kernel socket, driven by the official SDKs (what
 * Claude Code and Codex are built on) through the in-sandbox TCP forwarder, against scripted
 * providers: each client protocol served by the other protocol's provider, as well as its own.
 */
const uid = process.getuid!();
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
let oai: ScriptedServer;
let ant: ScriptedServer;
let emb: EmbeddingServer;
let sockets: KernelSockets;
let broke: KernelSockets;
let accountant: ReturnType<typeof gatewayFor>['accountant'];
const forwarders: Server[] = [];

/** A TCP endpoint for process `pid` (as in its sandbox), and the two SDKs pointed at it. */
async function clientsFor(pid: number, on: KernelSockets = sockets) {
  const dir = await on.serve(pid, `agent-${pid}`, uid);
  const fwd = await startForwarder(join(dir, 'kernel.sock'), 0);
  forwarders.push(fwd);
  const base = `http://127.0.0.1:${(fwd.address() as AddressInfo).port}`;
  return {
    base,
    claude: new Anthropic({ apiKey: 'aether-placeholder', baseURL: base, maxRetries: 0 }),
    gpt: new OpenAI({ apiKey: 'aether-placeholder', baseURL: `${base}/v1`, maxRetries: 0 }),
  };
}

beforeAll(async () => {
  [oai, ant, emb] = await Promise.all([startOpenAIServer(), startAnthropicServer(), startEmbeddingServer()]);
  const made = gatewayFor(
    {
      providers: { openai: { baseUrl: `${oai.url}/v1` }, anthropic: { baseUrl: ant.url } },
      compatible: { emb: { baseUrl: `${emb.url}/v1` } },
      defaultModel: 'openai/gpt-test',
      fallbacks: ['anthropic/claude-test'],
      embeddingModel: 'openai-compatible:emb/embed-small',
    },
    { OPENAI_API_KEY: 'sk-kernel-openai', ANTHROPIC_API_KEY: 'sk-ant-kernel' },
  );
  accountant = made.accountant;
  const models = { defaultModel: 'openai/gpt-test', fallbacks: ['anthropic/claude-test'] };
  const db = () => openDatabase(join(mkdtempSync(join(tmpdir(), 'aether-protodb-')), 'aether.db'));
  const app = (tokenBudget: number) =>
    buildSocketApp({
      llm: made.gateway,
      log: pino({ level: 'silent' }),
      authority: testAuthority(db(), { bare: { tokenBudget } }, models),
    });
  sockets = new KernelSockets(mkdtempSync(join(tmpdir(), 'aether-proto-')));
  sockets.attach(await app(1_000_000));
  broke = new KernelSockets(mkdtempSync(join(tmpdir(), 'aether-proto0-')));
  broke.attach(await app(0));
});

afterAll(async () => {
  for (const f of forwarders) f.close();
  await Promise.all([sockets?.stopAll(), broke?.stopAll()]);
  await Promise.all([oai.close(), ant.close(), emb.close()]);
});

describe('Anthropic Messages on the kernel socket', () => {
  it('serves an Anthropic client from an OpenAI-protocol provider: system, tools, images, tool results', async () => {
    const { claude } = await clientsFor(201);
    oai.push(openai.toolCalls([{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }], 30, 7));
    const msg = await claude.messages.create({
      model: 'openai/gpt-test',
      max_tokens: 200,
      system: [{ type: 'text', text: 'You are terse.' }],
      tools: [{ name: weatherTool.name, description: weatherTool.description, input_schema: weatherTool.parameters as never }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather where this photo was taken?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          ],
        },
      ],
    });
    expect(msg).toMatchObject({
      type: 'message',
      role: 'assistant',
      stop_reason: 'tool_use',
      content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } }],
      usage: { input_tokens: 30, output_tokens: 7 },
    });
    const sent = oai.requests.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer sk-kernel-openai'); // the kernel's key, not the placeholder
    expect(sent.body.messages[0]).toEqual({ role: 'system', content: 'You are terse.' });
    expect(sent.body.messages[1].content).toEqual([
      { type: 'text', text: 'Weather where this photo was taken?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
    ]);
    expect(sent.body.tools[0].function).toMatchObject({ name: 'get_weather', parameters: weatherTool.parameters });

    // The tool result goes back as Anthropic's tool_result block and reaches OpenAI as a tool message.
    oai.push(openai.text('Sunny in Oslo.', 40, 4));
    const next = await claude.messages.create({
      model: 'openai/gpt-test',
      max_tokens: 200,
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'sunny, 21C' }] },
      ],
    });
    expect(next.content).toEqual([{ type: 'text', text: 'Sunny in Oslo.' }]);
    expect(next.stop_reason).toBe('end_turn');
    expect((oai.requests.at(-1)!.body as { messages: unknown[] }).messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny, 21C' },
    ]);
    // Accounted to the caller, as chat completions are.
    expect(accountant.usageOf(201)).toMatchObject({ promptTokens: 70, completionTokens: 11 });
  });

  it('streams the real event sequence from an OpenAI-protocol provider, a tool call included', async () => {
    const { claude } = await clientsFor(202);
    oai.push(openai.streamToolCall({ id: 'call_9', name: 'get_weather' }, ['{"ci', 'ty":"Rome"}'], 12, 6));
    const stream = claude.messages.stream({
      model: 'openai/gpt-test',
      max_tokens: 100,
      tools: [{ name: 'get_weather', input_schema: weatherTool.parameters as never }],
      messages: [{ role: 'user', content: 'Rome?' }],
    });
    const types: string[] = [];
    stream.on('streamEvent', (e) => types.push(e.type));
    const final = await stream.finalMessage();
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(final).toMatchObject({
      stop_reason: 'tool_use',
      content: [{ type: 'tool_use', id: 'call_9', name: 'get_weather', input: { city: 'Rome' } }],
      usage: { output_tokens: 6 },
    });
    expect(oai.requests.at(-1)!.body.stream).toBe(true);
  });

  it('passes Anthropic to Anthropic, images as image blocks, streamed text', async () => {
    const { claude } = await clientsFor(203);
    ant.push(anthropic.streamText(['Hel', 'lo'], 9, 2));
    const final = await claude.messages
      .stream({
        model: 'anthropic/claude-test',
        max_tokens: 50,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              { type: 'text', text: 'What is this?' },
            ],
          },
        ],
      })
      .finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'Hello' }]);
    expect(final.usage).toMatchObject({ input_tokens: 9, output_tokens: 2 });
    const sent = ant.requests.at(-1)!;
    // The kernel's key (SDK 1.x sends it as a bearer token); the sandbox's placeholder goes nowhere.
    expect(`${sent.headers.authorization ?? ''} ${String(sent.headers['x-api-key'] ?? '')}`).toContain('sk-ant-kernel');
    expect(JSON.stringify(sent.headers)).not.toContain('aether-placeholder');
    expect(sent.body.model).toBe('claude-test');
    expect(sent.body.messages[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
    ]);
  });

  it('counts tokens without calling a provider', async () => {
    const { claude } = await clientsFor(204);
    const before = oai.requests.length + ant.requests.length;
    const r = await claude.messages.countTokens({
      model: 'openai/gpt-test',
      messages: [{ role: 'user', content: 'x'.repeat(400) }],
    });
    expect(r.input_tokens).toBeGreaterThan(90);
    expect(oai.requests.length + ant.requests.length).toBe(before);
  });

  it('refuses bad requests in Anthropic’s error shape with our stable code', async () => {
    const { base, claude } = await clientsFor(205);
    const before = oai.requests.length;
    const res = await fetch(`${base}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }), // no max_tokens
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', code: 'VALIDATION_FAILED' },
    });
    const notAllowed = await claude.messages
      .create({ model: 'claude-opus-4-7', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(notAllowed).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((notAllowed as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'permission_error', code: 'LLM_MODEL_NOT_ALLOWED' },
    });
    const http = await claude.messages
      .create({
        model: 'openai/gpt-test',
        max_tokens: 10,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'http://example.com/x.png' } }] }],
      })
      .catch((e: unknown) => e);
    expect(http).toMatchObject({ status: 400, error: { error: { code: 'VALIDATION_FAILED' } } });
    expect(oai.requests.length).toBe(before); // nothing reached a provider
  });

  it('refuses a call over the budget with LLM_BUDGET_EXCEEDED (control: the same call within budget answers)', async () => {
    const poor = await clientsFor(206, broke);
    const before = oai.requests.length;
    const refused = await poor.claude.messages
      .create({ model: 'openai/gpt-test', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      status: 429,
      error: { type: 'error', error: { type: 'rate_limit_error', code: 'LLM_BUDGET_EXCEEDED' } },
    });
    expect(oai.requests.length).toBe(before);
    const rich = await clientsFor(207);
    oai.push(openai.text('ok'));
    const ok = await rich.claude.messages.create({
      model: 'openai/gpt-test',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(ok.content).toEqual([{ type: 'text', text: 'ok' }]);
  });
});

describe('OpenAI Responses on the kernel socket', () => {
  it('serves a Responses client from an Anthropic provider: instructions, function calls both ways', async () => {
    const { gpt } = await clientsFor(301);
    ant.push(anthropic.toolUse([{ id: 'toolu_1', name: 'shell', input: { command: ['ls'] } }], 'Listing.', 25, 9));
    const r = await gpt.responses.create({
      model: 'anthropic/claude-test',
      instructions: 'You are a coding agent.',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list files' }] }],
      tools: [
        { type: 'function', name: 'shell', description: 'run', parameters: { type: 'object', properties: {} }, strict: false },
      ],
      max_output_tokens: 300,
    });
    expect(r.status).toBe('completed');
    expect(r.output_text).toBe('Listing.');
    expect(r.output).toMatchObject([
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Listing.' }] },
      { type: 'function_call', call_id: 'toolu_1', name: 'shell', arguments: '{"command":["ls"]}' },
    ]);
    expect(r.usage).toMatchObject({ input_tokens: 25, output_tokens: 9, total_tokens: 34 });
    const sent = ant.requests.at(-1)!;
    expect(sent.body).toMatchObject({ model: 'claude-test', system: 'You are a coding agent.', max_tokens: 300 });
    expect(sent.body.tools[0]).toMatchObject({ name: 'shell', input_schema: { type: 'object' } });

    ant.push(anthropic.text('Two files.', 40, 3));
    const r2 = await gpt.responses.create({
      model: 'anthropic/claude-test',
      input: [
        { role: 'user', content: 'list files' },
        { type: 'function_call', call_id: 'toolu_1', name: 'shell', arguments: '{"command":["ls"]}' },
        { type: 'function_call_output', call_id: 'toolu_1', output: 'a.txt\nb.txt' },
      ],
    });
    expect(r2.output_text).toBe('Two files.');
    expect(ant.requests.at(-1)!.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'list files' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'shell', input: { command: ['ls'] } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt\nb.txt' }] },
    ]);
    expect(accountant.usageOf(301)).toMatchObject({ promptTokens: 65, completionTokens: 12 });
  });

  it('streams response.created … output_text.delta … response.completed from an Anthropic provider, with a call', async () => {
    const { gpt } = await clientsFor(302);
    ant.push(anthropic.streamToolUse('Writing.', { id: 'toolu_7', name: 'write' }, ['{"path":', '"a.txt"}'], 14, 5));
    const stream = await gpt.responses.create({
      model: 'anthropic/claude-test',
      input: 'write a file',
      tools: [{ type: 'function', name: 'write', parameters: { type: 'object' }, strict: false }],
      stream: true,
    });
    const events: { type: string; [k: string]: unknown }[] = [];
    for await (const e of stream) events.push(e as never);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const done = events.at(-1)!.response as { output: unknown[]; usage: unknown };
    expect(done.output).toMatchObject([
      { type: 'message', content: [{ type: 'output_text', text: 'Writing.' }] },
      { type: 'function_call', call_id: 'toolu_7', name: 'write', arguments: '{"path":"a.txt"}' },
    ]);
    expect(done.usage).toMatchObject({ input_tokens: 14, output_tokens: 5 });
  });

  it('serves OpenAI to OpenAI, images as data URLs, streamed text', async () => {
    const { gpt } = await clientsFor(303);
    oai.push(openai.streamText(['a ', 'cat'], 8, 2));
    const stream = gpt.responses.stream({
      model: 'openai/gpt-test',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'what?' },
            { type: 'input_image', image_url: `data:image/png;base64,${PNG}`, detail: 'auto' },
          ],
        },
      ],
    });
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('a cat');
    expect(oai.requests.at(-1)!.body.messages[0].content[1]).toEqual({
      type: 'image_url',
      image_url: { url: `data:image/png;base64,${PNG}` },
    });
  });

  it('refuses bad requests in OpenAI’s error shape with our stable code, before any provider call', async () => {
    const { gpt } = await clientsFor(304);
    const before = oai.requests.length + ant.requests.length;
    const stateful = await gpt.responses
      .create({ model: 'openai/gpt-test', input: 'x', previous_response_id: 'resp_1' })
      .catch((e: unknown) => e);
    expect(stateful).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED' } });
    const unknownItem = await gpt.responses
      .create({ model: 'openai/gpt-test', input: [{ type: 'computer_call_output', call_id: 'c', output: {} } as never] })
      .catch((e: unknown) => e);
    expect(unknownItem).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED' } });
    const model = await gpt.responses.create({ model: 'gpt-5-codex', input: 'x' }).catch((e: unknown) => e);
    expect(model).toMatchObject({ status: 403, error: { code: 'LLM_MODEL_NOT_ALLOWED', type: 'LLM_MODEL_NOT_ALLOWED' } });
    expect(oai.requests.length + ant.requests.length).toBe(before);
  });
});

describe('models and embeddings on the kernel socket', () => {
  it('lists the models the caller may use, in OpenAI’s form and in Anthropic’s', async () => {
    const { gpt, claude } = await clientsFor(401);
    const list = await gpt.models.list();
    expect(list.data.map((m) => [m.id, m.owned_by])).toEqual([
      ['openai/gpt-test', 'openai'],
      ['anthropic/claude-test', 'anthropic'],
    ]);
    const a = await claude.models.list();
    expect(a.data.map((m) => m.id)).toEqual(['openai/gpt-test', 'anthropic/claude-test']);
  });

  it('embeds through the embedding model, floats and base64, accounted; another model is refused', async () => {
    const { gpt } = await clientsFor(402);
    const r = await gpt.embeddings.create({ model: 'embed-small', input: ['a cat', 'a dog'] }); // the SDK asks for base64
    expect(r.data).toHaveLength(2);
    expect(r.data[0]!.embedding).toHaveLength(emb.dim);
    const floats = await gpt.embeddings.create({
      input: 'a cat',
      model: 'openai-compatible:emb/embed-small',
      encoding_format: 'float',
    });
    expect(floats.data[0]!.embedding[0]).toBeCloseTo(r.data[0]!.embedding[0]!, 5);
    expect(accountant.usageOf(402).promptTokens).toBeGreaterThan(0);
    const other = await gpt.embeddings.create({ model: 'text-embedding-3-large', input: 'x' }).catch((e: unknown) => e);
    expect(other).toMatchObject({ status: 403, error: { code: 'LLM_MODEL_NOT_ALLOWED' } });
  });
});
