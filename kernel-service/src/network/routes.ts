import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AetherError } from '../errors/index.js';
import type { EgressNetworks } from './manager.js';

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String(), hint: Type.String() });
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const PidParams = Type.Object({ pid: Type.Integer({ minimum: 1 }) });
const PortParams = Type.Object({ pid: Type.Integer({ minimum: 1 }), port: Type.Integer({ minimum: 1, maximum: 65535 }) });
const PortBody = Type.Object({ port: Type.Integer({ minimum: 1, maximum: 65535 }) }, { additionalProperties: false });
const PortView = Type.Object({
  port: Type.Integer(),
  path: Type.String({ description: 'Where the kernel serves it (bearer token needed)' }),
});
const PortList = Type.Object({ ports: Type.Array(PortView) });
const NetworkView = Type.Object({
  mode: Type.String(),
  address: Type.Union([Type.String(), Type.Null()], { description: "The agent's address on its link (egress)" }),
  gateway: Type.Union([Type.String(), Type.Null()], { description: "The host's end: the agent's router and resolver" }),
  ports: Type.Array(Type.Integer()),
});

/** Headers that belong to one hop, or that must never reach the agent (the admin token). */
const DROPPED = new Set([
  'authorization',
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
]);

/** Checks the process exists and is live; the supervisor answers PROCESS_NOT_FOUND itself. */
export type ProcessCheck = (pid: number) => { network: string; live: boolean };

const view = (pid: number, port: number) => ({ port, path: `/api/v1/agents/${pid}/ports/${port}/` });

/**
 * Published ports: an egress agent's server (a web app it built) served to authenticated users
 * through the kernel, never on the host's interfaces: the agent listens inside its own namespace,
 * and only the kernel, from the host's end of the link, connects to it.
 */
export function networkRoutes(app: FastifyInstance, networks: EgressNetworks, check: ProcessCheck): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['network'];
  const live = (pid: number) => {
    const p = check(pid);
    if (!p.live) throw new AetherError('PROCESS_NOT_RUNNING', `Process ${pid} has ended.`, { details: { pid } });
    return p;
  };

  r.get(
    '/agents/:pid/network',
    {
      schema: {
        tags,
        operationId: 'getAgentNetwork',
        summary: "The process's network: mode, its address and gateway (egress), policy, published ports",
        params: PidParams,
        response: { 200: NetworkView, ...errors },
      },
    },
    async (req) => {
      const p = check(req.params.pid);
      const link = networks.linkOf(req.params.pid);
      return {
        mode: p.network,
        address: link?.agent ?? null,
        gateway: link?.host ?? null,
        ports: networks.ports(req.params.pid),
      };
    },
  );

  r.get(
    '/agents/:pid/ports',
    {
      schema: {
        tags,
        operationId: 'listAgentPorts',
        summary: 'Ports the agent published',
        params: PidParams,
        response: { 200: PortList, ...errors },
      },
    },
    async (req) => {
      check(req.params.pid);
      return { ports: networks.ports(req.params.pid).map((p) => view(req.params.pid, p)) };
    },
  );

  r.post(
    '/agents/:pid/ports',
    {
      schema: {
        tags,
        operationId: 'publishAgentPort',
        summary: "Publish a port of an egress agent: served at /api/v1/agents/:pid/ports/:port/ through the kernel's proxy",
        params: PidParams,
        body: PortBody,
        response: { 201: PortView, ...errors },
      },
    },
    async (req, reply) => {
      const p = live(req.params.pid);
      if (p.network !== 'egress') {
        throw new AetherError(
          'NETWORK_MODE_UNSUPPORTED',
          `Process ${req.params.pid} has network "${p.network}"; only egress agents have an address the kernel can proxy to.`,
        );
      }
      networks.publish(req.params.pid, req.body.port);
      return reply.status(201).send(view(req.params.pid, req.body.port));
    },
  );

  r.delete(
    '/agents/:pid/ports/:port',
    {
      schema: {
        tags,
        operationId: 'unpublishAgentPort',
        summary: 'Stop publishing a port',
        params: PortParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      check(req.params.pid);
      if (!networks.unpublish(req.params.pid, req.params.port)) throw notPublished(req.params.pid, req.params.port);
      return reply.status(204).send(null);
    },
  );

  // The proxy takes bodies as they come (any media type, streamed), so it has a scope of its own.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    const handler = (req: FastifyRequest, reply: FastifyReply) => proxy(req, reply, networks, live);
    // Not in the OpenAPI document: any method, any body, the agent's own answers (no schema of
    // ours to state); publishAgentPort describes it.
    const schema = {
      hide: true,
      tags,
      summary: 'A published port of the agent, proxied (any method, bearer token needed; never forwarded)',
    };
    // Only below the trailing slash: DELETE /agents/:pid/ports/:port is the API's own (unpublish).
    scope.all(
      '/agents/:pid/ports/:port/*',
      { schema: { ...schema, params: Type.Object({ ...PortParams.properties, '*': Type.String() }) } },
      handler,
    );
  });
}

function notPublished(pid: number, port: number): AetherError {
  return new AetherError('PORT_NOT_PUBLISHED', `Process ${pid} has not published port ${port}.`, { details: { pid, port } });
}

async function proxy(req: FastifyRequest, reply: FastifyReply, networks: EgressNetworks, live: ProcessCheck): Promise<void> {
  const { pid, port } = req.params as { pid: number; port: number; '*'?: string };
  live(pid);
  const link = networks.linkOf(pid);
  if (!link || !networks.ports(pid).includes(port)) throw notPublished(pid, port);
  const rest = (req.params as { '*'?: string })['*'] ?? '';
  const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
  const headers: IncomingHttpHeaders = { 'x-forwarded-prefix': `/api/v1/agents/${pid}/ports/${port}` };
  for (const [k, v] of Object.entries(req.headers)) if (!DROPPED.has(k)) headers[k] = v;
  const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
    const out = request(
      { host: link.agent, port, method: req.method, path: `/${rest}${query}`, headers, timeout: 30_000 },
      resolve,
    );
    out.on('timeout', () => out.destroy(new Error('timed out')));
    out.on('error', (err) =>
      reject(
        new AetherError('PORT_UNREACHABLE', `Port ${port} of process ${pid} did not answer: ${err.message}`, { cause: err }),
      ),
    );
    const body = req.body as NodeJS.ReadableStream | undefined;
    if (body && typeof body.pipe === 'function') body.pipe(out);
    else out.end();
  });
  const back: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(upstream.headers)) if (v !== undefined && !DROPPED.has(k)) back[k] = v;
  await reply
    .status(upstream.statusCode ?? 502)
    .headers(back)
    .send(upstream);
}
