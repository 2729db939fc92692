import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { installErrorHandler } from '../api/error-handler.js';
import { installAuthority, type Authority } from '../authority/index.js';
import { AetherError } from '../errors/index.js';
import type { LlmGateway } from '../llm/index.js';
import { chatRoutes } from './chat.js';
import { anthropicError } from './protocols/anthropic.js';
import { protocolRoutes } from './protocols/routes.js';

/** Who is on the other end of a kernel socket: known from which socket it is, not from anything it sends. */
export interface Caller {
  pid: number;
  agent: string;
  uid: number;
}

/** A subsystem's routes on the kernel socket (memory, IPC, terminals...), registered once for all sockets. */
export type SocketRoutes = (app: FastifyInstance) => void;

export interface SocketAppDeps {
  llm: LlmGateway | null;
  log: Logger;
  routes?: SocketRoutes[];
  /** Decides every request before its handler; routes without an action cannot be registered. */
  authority: Authority;
}

const MAX_BODY = 8 * 1024 * 1024;
const callers = new WeakMap<IncomingMessage, Caller>();

/** Marks a request as coming from a process's own socket (see ProcessSocket). */
export function bindCaller(req: IncomingMessage, caller: Caller): void {
  callers.set(req, caller);
}

/** The process a request on the kernel socket came from. */
export function callerOf(req: FastifyRequest): Caller {
  const caller = callers.get(req.raw);
  if (!caller) throw new AetherError('INTERNAL', 'A kernel-socket request without a caller.');
  return caller;
}

/**
 * One fastify instance serves every process's socket: each socket's server hands its requests to
 * `app.routing` after binding the caller. Hundreds of processes then cost one router, not hundreds.
 * Errors leave in OpenAI's envelope ({error: {message, type, code}}) with our stable code and hint,
 * so OpenAI clients and the runtime read the same shape; Anthropic's routes answer in Anthropic's
 * ({type: "error", error: {type, message, code}}).
 */
export async function buildSocketApp(deps: SocketAppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // Requests from hundreds of sandboxes are not news: warnings and worse only (never louder than the parent).
    loggerInstance: deps.log.child(
      { component: 'kernel-socket' },
      { level: deps.log.isLevelEnabled('warn') ? 'warn' : deps.log.level },
    ),
    bodyLimit: MAX_BODY,
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  }) as unknown as FastifyInstance;
  installErrorHandler(app, (e, req) =>
    // Anthropic's clients read their own envelope only; everyone else gets OpenAI's.
    req.url.startsWith('/v1/messages')
      ? anthropicError(e)
      : { error: { message: e.message, type: e.code, code: e.code, hint: e.hint, ...(e.details ? { details: e.details } : {}) } },
  );
  // Before any route: from here on a route without an authority action cannot even be added.
  installAuthority(app, deps.authority, callerOf);
  app.get('/v1/whoami', async (req) => {
    const { pid, agent } = callerOf(req);
    return { pid, agent };
  });
  chatRoutes(app, deps.llm, deps.authority);
  protocolRoutes(app, deps.llm, deps.authority);
  for (const routes of deps.routes ?? []) routes(app);
  await app.ready();
  return app;
}
