import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local embedding server speaking OpenAI's POST /v1/embeddings and Ollama's POST /api/embed.
 * No model weights can be had here, so its "model" is small and deterministic: each word maps to
 * a concept (synonyms share one, from the table a test gives), each concept to a fixed random
 * direction, and a text is the normalised sum. Texts about the same concepts are then close
 * in cosine distance even when they share no word, which is what a test of hybrid recall needs.
 */
export interface EmbeddingServer {
  url: string;
  dim: number;
  /** Requests served, by path: a test can check that the kernel called it. */
  calls: { path: string; model: string; inputs: number }[];
  /** While set, every request fails with this HTTP status (a provider outage). */
  failWith: number | null;
  close(): Promise<void>;
}

export function embedText(text: string, dim: number, concepts: Record<string, string> = {}): number[] {
  const v = new Array<number>(dim).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const concept = concepts[word] ?? concepts[word.replace(/s$/, '')] ?? word;
    const h = createHash('sha256').update(concept).digest();
    // A sparse direction per concept: 8 components, signs and positions from the hash.
    for (let i = 0; i < 8; i++) v[h.readUInt16BE(i * 2) % dim]! += h[16 + i]! & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

export async function startEmbeddingServer(
  opts: { dim?: number; concepts?: Record<string, string> } = {},
): Promise<EmbeddingServer> {
  const dim = opts.dim ?? 64;
  const state: EmbeddingServer = { url: '', dim, calls: [], failWith: null, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || (path !== '/v1/embeddings' && path !== '/api/embed')) return send(404, { error: 'no route' });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; input: string | string[] };
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      state.calls.push({ path, model: body.model, inputs: inputs.length });
      if (state.failWith) return send(state.failWith, { error: { message: 'scripted outage', type: 'server_error' } });
      const vectors = inputs.map((t) => embedText(t, dim, opts.concepts));
      const tokens = inputs.reduce((n, t) => n + t.split(/\s+/).length, 0);
      if (path === '/api/embed') return send(200, { model: body.model, embeddings: vectors, prompt_eval_count: tokens });
      send(200, {
        object: 'list',
        model: body.model,
        data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
