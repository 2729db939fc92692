import { startScriptedServer, type Reply, type ScriptedServer } from './scripted-server.js';

/**
 * The Gemini API's wire format: POST /v1beta/models/<model>:generateContent (one
 * GenerateContentResponse) and :streamGenerateContent?alt=sse (SSE of the same objects, usage
 * cumulative in each). Errors are google.rpc.Status, a 429 with RetryInfo.retryDelay.
 * The SDK's httpOptions.baseUrl is `server.url`.
 */
export function startGeminiServer(): Promise<ScriptedServer> {
  return startScriptedServer(
    (method, path) =>
      method === 'POST' && /^\/v1beta\/models\/[^/:]+:(generateContent|streamGenerateContent\?alt=sse)$/.test(path),
  );
}

type Part = { text: string } | { functionCall: { name: string; args: unknown; id?: string }; thoughtSignature?: string };

function response(parts: Part[], finish: string | undefined, prompt: number, output: number) {
  return {
    candidates: [{ content: { role: 'model', parts }, ...(finish ? { finishReason: finish } : {}), index: 0 }],
    usageMetadata: { promptTokenCount: prompt, candidatesTokenCount: output, totalTokenCount: prompt + output },
    modelVersion: 'scripted',
  };
}

export const gemini = {
  text: (text: string, prompt = 10, output = 5): Reply => ({ kind: 'json', body: response([{ text }], 'STOP', prompt, output) }),

  functionCalls: (calls: Part[], prompt = 20, output = 8): Reply => ({
    kind: 'json',
    body: response(calls, 'STOP', prompt, output),
  }),

  streamText: (pieces: string[], prompt = 10, output = 5): Reply => ({
    kind: 'sse',
    events: pieces.map((p, i) => ({
      data: JSON.stringify(
        response(
          [{ text: p }],
          i === pieces.length - 1 ? 'STOP' : undefined,
          prompt,
          Math.ceil((output * (i + 1)) / pieces.length),
        ),
      ),
    })),
  }),

  streamFunctionCall: (text: string, call: Part, prompt = 20, output = 8): Reply => ({
    kind: 'sse',
    events: [
      { data: JSON.stringify(response([{ text }], undefined, prompt, 2)) },
      { data: JSON.stringify(response([call], 'STOP', prompt, output)) },
    ],
  }),

  error: (status: number, statusName: string, message: string, retryDelay?: string): Reply => ({
    kind: 'json',
    status,
    body: {
      error: {
        code: status,
        message,
        status: statusName,
        ...(retryDelay ? { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }] } : {}),
      },
    },
  }),
};
