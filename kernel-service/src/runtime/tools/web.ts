import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import Type from 'typebox';
import { inHome, truncate } from './paths.js';
import { defineTool } from './registry.js';

const Url = Type.String({ minLength: 1, maxLength: 8192, pattern: '^https?://' });

/** Network errors say what they usually mean here: a sandbox without network. */
function networkError(url: string, err: unknown): { isError: true; output: string } {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause ?? {};
  const reason = cause.code ?? cause.message ?? (err as Error).message;
  return {
    isError: true,
    output: `Could not reach ${url}: ${reason}. If your sandbox has no network (network "none"), web access is not available to you.`,
  };
}

export const fetchUrlTool = defineTool({
  name: 'fetch_url',
  category: 'web',
  description: 'HTTP request through your sandbox network. Answers status, content type and the body (text, truncated).',
  parameters: Type.Object({
    url: Url,
    method: Type.Optional(Type.Union(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'].map((m) => Type.Literal(m)))),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    body: Type.Optional(Type.String({ maxLength: 5_000_000 })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000 })),
  }),
  async run({ url, method = 'GET', headers, body, timeoutMs = 30_000 }, ctx) {
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]) });
    } catch (err) {
      return networkError(url, err);
    }
    const type = res.headers.get('content-type') ?? '';
    const text =
      /text|json|xml|javascript|html/.test(type) || type === ''
        ? await res.text()
        : `[${type} body not shown; use download_file]`;
    return {
      isError: res.status >= 400,
      output: truncate(`HTTP ${res.status} ${res.statusText}\ncontent-type: ${type}\n\n${text}`),
    };
  },
});

export const downloadFileTool = defineTool({
  name: 'download_file',
  category: 'web',
  description: 'Download a URL into a file (up to maxBytes, default 100 MB).',
  parameters: Type.Object({
    url: Url,
    path: Type.String({ minLength: 1, maxLength: 4096 }),
    maxBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_000_000_000 })),
  }),
  async run({ url, path, maxBytes = 100_000_000 }, ctx) {
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(600_000)]) });
    } catch (err) {
      return networkError(url, err);
    }
    if (!res.ok || !res.body) return { isError: true, output: `HTTP ${res.status} ${res.statusText} for ${url}; nothing saved.` };
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += part.length;
      if (size > maxBytes) return { isError: true, output: `${url} is larger than ${maxBytes} bytes; nothing saved.` };
      parts.push(part);
    }
    const full = inHome(ctx.home, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, Buffer.concat(parts));
    return { output: `Saved ${size} bytes from ${url} to ${path}.` };
  },
});
