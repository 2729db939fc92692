import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { AetherError, isAetherError } from '../errors/index.js';
import type { LlmGateway } from '../llm/index.js';
import { chunkOf, fromWire, toWire } from './openai-wire.js';

/** Inside every sandbox the kernel is at this path (the per-process directory is bound at /run/aether). */
export const SANDBOX_SOCKET_PATH = '/run/aether/kernel.sock';
const SOCKET_NAME = 'kernel.sock';
const MAX_BODY = 8 * 1024 * 1024;

export interface Caller {
  pid: number;
  agent: string;
}

/**
 * The kernel as a sandboxed process sees it: one HTTP server per process on its own Unix
 * socket. Whoever connects is that process (only its sandbox has the socket), so no secret
 * is needed inside. It speaks OpenAI's chat completions, backed by the gateway.
 */
export class ProcessSocket {
  private constructor(
    readonly dir: string,
    private readonly server: Server,
  ) {}

  static async open(dir: string, uid: number, caller: Caller, llm: LlmGateway | null): Promise<ProcessSocket> {
    // The directory is root's, so the agent cannot swap the socket; the socket is the agent's alone.
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755); // the kernel runs with UMask=0077; the agent must be able to enter it
    const path = join(dir, SOCKET_NAME);
    rmSync(path, { force: true }); // a previous kernel's socket: the sandbox sees the directory, so a new one replaces it
    const server = createServer((req, res) => void handle(req, res, caller, llm));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    chownSync(path, uid, uid);
    chmodSync(path, 0o600);
    return new ProcessSocket(dir, server);
  }

  /**
   * Stops listening. The directory goes only with the process: a sandbox that lives on binds
   * that very directory, so a restarted kernel must reuse it, not make a new one.
   */
  async close(removeDir: boolean): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    if (removeDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, caller: Caller, llm: LlmGateway | null): Promise<void> {
  try {
    const route = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    if (route === 'GET /v1/whoami') return json(res, 200, caller);
    if (route === 'POST /v1/chat/completions') return await chat(req, res, caller, llm);
    throw new AetherError('NOT_FOUND', `No route ${route} on the kernel socket.`);
  } catch (err) {
    const e = isAetherError(err)
      ? err
      : new AetherError('INTERNAL', `Internal error on the kernel socket: ${(err as Error).message}`);
    if (res.headersSent) return void res.end();
    // OpenAI clients read {error: {message, type, code}}; our stable code rides along.
    json(res, e.status, { error: { message: e.message, type: e.code, code: e.code, hint: e.hint } });
  }
}

async function chat(req: IncomingMessage, res: ServerResponse, caller: Caller, llm: LlmGateway | null): Promise<void> {
  if (!llm) throw new AetherError('LLM_NOT_CONFIGURED', 'No LLM provider is configured on this appliance.');
  const { request, stream } = fromWire(await readJson(req));
  const abort = new AbortController();
  res.on('close', () => abort.abort()); // the program went away: stop paying for its answer
  const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
  if (!stream) return json(res, 200, toWire(id, await llm.chat(caller.pid, { ...request, signal: abort.signal })));

  let model = request.model ?? '';
  for await (const event of llm.stream(caller.pid, { ...request, signal: abort.signal })) {
    if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if (event.type === 'start') model = event.model;
    const chunk = chunkOf(id, model, event);
    if (chunk) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  }
  res.end('data: [DONE]\n\n');
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > MAX_BODY) throw new AetherError('BODY_TOO_LARGE', `The body exceeds ${MAX_BODY} bytes.`);
    parts.push(part);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown;
  } catch (err) {
    throw new AetherError('BAD_JSON', `The body is not valid JSON: ${(err as Error).message}`);
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
