/**
 * HTTP to the kernel with node:http/https (not fetch: a pinned certificate needs our own
 * https.Agent, and streams, tar bodies and NDJSON follow need the raw response).
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { AetherConnectionError, apiError } from './errors.js';
import { PinnedAgent } from './tls.js';

export interface ConnectionOptions {
  /** The kernel's base URL, e.g. https://10.0.0.5 or http://127.0.0.1:8787 (the /api/v1 prefix is added). */
  url: string;
  /** The admin token (/var/lib/aether/admin.token on the appliance). */
  token: string;
  /** Pin the server's certificate by its SHA-256 fingerprint ("sha256:AB:CD:…"): the appliance's is self-signed. */
  fingerprint?: string;
  /** Or trust this CA (PEM) instead of the system's. */
  ca?: string | Buffer;
  /** Per request, milliseconds without an answer before giving up (default 60 s; streams are not timed). */
  timeoutMs?: number;
}

export type Query = Record<string, string | number | boolean | string[] | undefined | null>;

export interface RequestOptions {
  query?: Query;
  /** JSON-encoded unless a Buffer/string/stream with contentType. */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** No request timeout (follow streams). */
  stream?: boolean;
}

export class Transport {
  readonly base: URL;
  readonly agent: http.Agent;
  private readonly token: string;
  private readonly timeoutMs: number;

  constructor(opts: ConnectionOptions) {
    if (!opts.url) throw new TypeError('url is required');
    if (!opts.token) throw new TypeError('token is required');
    this.base = new URL(opts.url.endsWith('/') ? opts.url : `${opts.url}/`);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') {
      throw new TypeError(`url must be http:// or https://, not ${this.base.protocol}`);
    }
    this.token = opts.token;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    const secure = this.base.protocol === 'https:';
    if (opts.fingerprint && !secure) throw new TypeError('a fingerprint pins a TLS certificate: use an https:// url');
    this.agent = secure
      ? opts.fingerprint
        ? new PinnedAgent(opts.fingerprint)
        : new https.Agent({ keepAlive: true, ...(opts.ca ? { ca: opts.ca } : {}) })
      : new http.Agent({ keepAlive: true });
  }

  /** /api/v1/… → absolute URL with the query (arrays repeat the key; undefined/null are left out). */
  url(path: string, query?: Query, protocol?: 'ws'): URL {
    const u = new URL(`api/v1${path}`, this.base);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined || v === null) continue;
      for (const one of Array.isArray(v) ? v : [v]) u.searchParams.append(k, String(one));
    }
    if (protocol === 'ws') u.protocol = this.base.protocol === 'https:' ? 'wss:' : 'ws:';
    return u;
  }

  get authorization(): string {
    return `Bearer ${this.token}`;
  }

  /** Sends a request; resolves with the response once the status is 2xx (its body not read yet). */
  async raw(method: string, path: string, opts: RequestOptions = {}): Promise<IncomingMessage> {
    const u = this.url(path, opts.query);
    const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json' };
    let payload: Buffer | Readable | undefined;
    if (opts.body !== undefined) {
      if (opts.contentType) {
        headers['content-type'] = opts.contentType;
        const b = opts.body;
        payload =
          b instanceof Readable
            ? b
            : typeof b === 'string' || b instanceof Uint8Array
              ? Buffer.from(b)
              : Readable.from(b as AsyncIterable<Uint8Array>); // e.g. a streamx stream (tar-stream)
      } else {
        headers['content-type'] = 'application/json';
        payload = Buffer.from(JSON.stringify(opts.body));
      }
      if (Buffer.isBuffer(payload)) headers['content-length'] = String(payload.length);
    }
    const lib = u.protocol === 'https:' ? https : http;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = lib.request(u, { method, headers, agent: this.agent, ...(opts.signal ? { signal: opts.signal } : {}) });
      if (!opts.stream) {
        req.setTimeout(this.timeoutMs, () =>
          req.destroy(new AetherConnectionError(`No answer from ${u.origin} within ${this.timeoutMs} ms`, 'ETIMEDOUT')),
        );
      }
      req.on('response', resolve);
      req.on('error', (err) => reject(connectionError(err, u)));
      if (payload instanceof Readable) payload.pipe(req);
      else req.end(payload);
    });
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return res;
    throw apiError(status, (await readAll(res)).toString('utf8'));
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.raw(method, path, opts);
    const body = (await readAll(res)).toString('utf8');
    return (body ? JSON.parse(body) : undefined) as T;
  }

  async bytes(method: string, path: string, opts: RequestOptions = {}): Promise<Buffer> {
    return readAll(await this.raw(method, path, opts));
  }

  close(): void {
    this.agent.destroy();
  }
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks);
}

/** Newline-delimited JSON from a response, one value per line, until it ends. */
export async function* ndjson<T>(stream: Readable): AsyncGenerator<T> {
  let rest = '';
  try {
    for await (const chunk of stream) {
      rest += (chunk as Buffer).toString('utf8');
      let nl: number;
      while ((nl = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, nl).trim();
        rest = rest.slice(nl + 1);
        if (line) yield JSON.parse(line) as T;
      }
    }
    if (rest.trim()) yield JSON.parse(rest) as T;
  } finally {
    stream.destroy();
  }
}

function connectionError(err: Error, u: URL): Error {
  if (err instanceof AetherConnectionError || err.name === 'AbortError') return err;
  const code = (err as NodeJS.ErrnoException).code ?? 'ECONNECTION';
  if (
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  ) {
    return new AetherConnectionError(
      `${u.origin} serves a certificate no trusted CA signed (${code}); pin it with fingerprint: "sha256:…" (the appliance prints it on its console), or pass ca.`,
      'TLS_UNTRUSTED',
      { cause: err },
    );
  }
  return new AetherConnectionError(`Cannot reach ${u.origin}: ${err.message}`, code, { cause: err });
}
