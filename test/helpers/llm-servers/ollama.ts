import { startScriptedServer, type Reply, type ScriptedServer } from './scripted-server.js';

/**
 * Ollama's /api/chat wire format: one JSON object, or NDJSON lines ending with `done: true`
 * (which carries the token counts). Tool calls carry parsed arguments and, on older servers, no id.
 * The SDK's host is `server.url`.
 */
export function startOllamaServer(): Promise<ScriptedServer> {
  return startScriptedServer((method, path) => method === 'POST' && path === '/api/chat');
}

interface Call {
  name: string;
  arguments: Record<string, unknown>;
}

function line(message: Record<string, unknown>, done: boolean, counts?: { prompt: number; output: number }) {
  return {
    model: 'scripted',
    created_at: '2025-01-01T00:00:00Z',
    message: { role: 'assistant', content: '', ...message },
    done,
    ...(done
      ? {
          done_reason: 'stop',
          total_duration: 1,
          load_duration: 1,
          prompt_eval_count: counts?.prompt ?? 0,
          prompt_eval_duration: 1,
          eval_count: counts?.output ?? 0,
          eval_duration: 1,
        }
      : {}),
  };
}

export const ollama = {
  text: (content: string, prompt = 10, output = 5): Reply => ({
    kind: 'json',
    body: line({ content }, true, { prompt, output }),
  }),

  toolCalls: (calls: Call[], prompt = 20, output = 8): Reply => ({
    kind: 'json',
    body: line({ tool_calls: calls.map((c) => ({ function: c })) }, true, { prompt, output }),
  }),

  streamText: (pieces: string[], prompt = 10, output = 5): Reply => ({
    kind: 'ndjson',
    lines: [...pieces.map((p) => line({ content: p }, false)), line({}, true, { prompt, output })],
  }),

  /** Ollama streams a tool call whole, in one line, before the final one. */
  streamToolCalls: (calls: Call[], prompt = 20, output = 8): Reply => ({
    kind: 'ndjson',
    lines: [line({ tool_calls: calls.map((c) => ({ function: c })) }, false), line({}, true, { prompt, output })],
  }),

  error: (status: number, message: string, headers: Record<string, string> = {}): Reply => ({
    kind: 'json',
    status,
    headers,
    body: { error: message },
  }),
};
