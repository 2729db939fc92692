import { startScriptedServer, type Reply, type ScriptedServer } from './scripted-server.js';

/**
 * OpenAI's chat completions wire format (also vLLM's and LiteLLM's): POST /v1/chat/completions,
 * a chat.completion object, or SSE chunks ending in `data: [DONE]`. The base URL to give the SDK
 * is `${server.url}/v1`.
 */
export function startOpenAIServer(): Promise<ScriptedServer> {
  return startScriptedServer((method, path) => method === 'POST' && path === '/v1/chat/completions');
}

interface Call {
  id: string;
  name: string;
  arguments: string;
}

const usage = (prompt: number, completion: number) => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
});

function completion(message: Record<string, unknown>, finish: string, prompt: number, done: number): Reply {
  return {
    kind: 'json',
    body: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'scripted',
      choices: [{ index: 0, message: { role: 'assistant', refusal: null, ...message }, finish_reason: finish, logprobs: null }],
      usage: usage(prompt, done),
    },
  };
}

export const openai = {
  text: (content: string, prompt = 10, done = 5): Reply => completion({ content }, 'stop', prompt, done),

  toolCalls: (calls: Call[], prompt = 20, done = 8): Reply =>
    completion(
      {
        content: null,
        tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
      },
      'tool_calls',
      prompt,
      done,
    ),

  /** Text in pieces, then a finish chunk, then the usage chunk (stream_options.include_usage). */
  streamText: (pieces: string[], prompt = 10, done = 5, opts: { stallAfter?: number; gapMs?: number } = {}): Reply => ({
    kind: 'sse',
    ...opts,
    events: [
      chunk({ role: 'assistant', content: '' }),
      ...pieces.map((p) => chunk({ content: p })),
      chunk({}, 'stop'),
      usageChunk(prompt, done),
      { data: '[DONE]' },
    ],
  }),

  /** One tool call whose arguments arrive in pieces, as OpenAI streams them. */
  streamToolCall: (call: { id: string; name: string }, argumentPieces: string[], prompt = 20, done = 8): Reply => ({
    kind: 'sse',
    events: [
      chunk({ role: 'assistant', content: null, tool_calls: [toolDelta(0, call.id, call.name, '')] }),
      ...argumentPieces.map((a) => chunk({ tool_calls: [{ index: 0, function: { arguments: a } }] })),
      chunk({}, 'tool_calls'),
      usageChunk(prompt, done),
      { data: '[DONE]' },
    ],
  }),

  error: (status: number, message: string, headers: Record<string, string> = {}): Reply => ({
    kind: 'json',
    status,
    headers,
    body: { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null, param: null } },
  }),
};

function toolDelta(index: number, id: string, name: string, args: string) {
  return { index, id, type: 'function', function: { name, arguments: args } };
}

function chunk(delta: Record<string, unknown>, finish: string | null = null) {
  return {
    data: JSON.stringify({
      id: 'chatcmpl-test',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'scripted',
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    }),
  };
}

function usageChunk(prompt: number, done: number) {
  return {
    data: JSON.stringify({
      id: 'chatcmpl-test',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'scripted',
      choices: [],
      usage: usage(prompt, done),
    }),
  };
}
