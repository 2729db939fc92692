import { describe, expect, it } from 'vitest';
import { chunkOf, fromWire, toWire } from '../../kernel-service/src/socket/index.js';

describe('the kernel socket speaks OpenAI chat completions', () => {
  it('turns a request with tools and tool results into a gateway request', () => {
    const { request, stream } = fromWire({
      model: 'anthropic/claude',
      stream: true,
      max_tokens: 100,
      messages: [
        { role: 'developer', content: 'be brief' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'list ' },
            { type: 'text', text: 'files' },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'ls', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'a b' },
      ],
      tools: [{ type: 'function', function: { name: 'ls', parameters: { type: 'object' } } }],
    });
    expect(stream).toBe(true);
    expect(request).toMatchObject({
      model: 'anthropic/claude',
      maxTokens: 100,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'list files' },
        { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'ls', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'c1', content: 'a b' },
      ],
      tools: [{ name: 'ls', parameters: { type: 'object' } }],
    });
  });

  it('refuses a malformed request with VALIDATION_FAILED naming the field', () => {
    expect(() => fromWire({ messages: [] })).toThrow(/messages/);
    expect(() => fromWire({ messages: [{ role: 'wizard', content: 'x' }] })).toThrow(/VALIDATION|messages/);
    expect(() => fromWire('nope')).toThrow();
  });

  it('answers in OpenAI shapes, whole and streamed', () => {
    const result = {
      model: 'openai/x',
      message: { role: 'assistant' as const, content: null, toolCalls: [{ id: 'c', name: 'f', arguments: '{"a":1}' }] },
      finishReason: 'tool_calls' as const,
      usage: { promptTokens: 3, completionTokens: 2 },
      costUsd: null,
    };
    expect(toWire('id1', result)).toMatchObject({
      object: 'chat.completion',
      choices: [
        {
          message: { tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { total_tokens: 5 },
    });
    expect(chunkOf('id1', 'm', { type: 'text', text: 'hi' })).toMatchObject({ choices: [{ delta: { content: 'hi' } }] });
    expect(chunkOf('id1', 'm', { type: 'done', result })).toMatchObject({ choices: [], usage: { prompt_tokens: 3 } });
  });
});
