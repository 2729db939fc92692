import { startScriptedServer, type Reply, type SseEvent, type ScriptedServer } from './scripted-server.js';

/**
 * Anthropic's Messages wire format: POST /v1/messages, a message object with content blocks
 * (text, tool_use), or the named SSE event stream (message_start, content_block_*,
 * message_delta, message_stop). The SDK's base URL is `server.url`.
 */
export function startAnthropicServer(): Promise<ScriptedServer> {
  return startScriptedServer((method, path) => method === 'POST' && path === '/v1/messages');
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

function message(content: Block[], stop: string, input: number, output: number): Reply {
  return {
    kind: 'json',
    body: {
      id: 'msg_test',
      type: 'message',
      role: 'assistant',
      model: 'scripted',
      content,
      stop_reason: stop,
      stop_sequence: null,
      usage: { input_tokens: input, output_tokens: output, cache_creation_input_tokens: null, cache_read_input_tokens: null },
    },
  };
}

const ev = (event: string, data: Record<string, unknown>): SseEvent => ({
  event,
  data: JSON.stringify({ type: event, ...data }),
});

function stream(blocks: SseEvent[][], stop: string, input: number, output: number, stallAfter?: number): Reply {
  return {
    kind: 'sse',
    ...(stallAfter === undefined ? {} : { stallAfter }),
    events: [
      ev('message_start', {
        message: {
          id: 'msg_test',
          type: 'message',
          role: 'assistant',
          model: 'scripted',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: input, output_tokens: 1 },
        },
      }),
      ...blocks.flat(),
      ev('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: output } }),
      ev('message_stop', {}),
    ],
  };
}

export const anthropic = {
  text: (text: string, input = 10, output = 5): Reply => message([{ type: 'text', text }], 'end_turn', input, output),

  toolUse: (calls: { id: string; name: string; input: unknown }[], text?: string, input = 20, output = 8): Reply =>
    message(
      [...(text ? [{ type: 'text' as const, text }] : []), ...calls.map((c) => ({ type: 'tool_use' as const, ...c }))],
      'tool_use',
      input,
      output,
    ),

  streamText: (pieces: string[], input = 10, output = 5, stallAfter?: number): Reply =>
    stream(
      [
        [
          ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
          ...pieces.map((p) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: p } })),
          ev('content_block_stop', { index: 0 }),
        ],
      ],
      'end_turn',
      input,
      output,
      stallAfter,
    ),

  /** A text block, then a tool_use block whose input arrives as partial JSON pieces. */
  streamToolUse: (text: string, call: { id: string; name: string }, jsonPieces: string[], input = 20, output = 8): Reply =>
    stream(
      [
        [
          ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
          ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }),
          ev('content_block_stop', { index: 0 }),
        ],
        [
          ev('content_block_start', { index: 1, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } }),
          ...jsonPieces.map((p) => ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: p } })),
          ev('content_block_stop', { index: 1 }),
        ],
      ],
      'tool_use',
      input,
      output,
    ),

  error: (status: number, type: string, msg: string, headers: Record<string, string> = {}): Reply => ({
    kind: 'json',
    status,
    headers,
    body: { type: 'error', error: { type, message: msg } },
  }),
};
