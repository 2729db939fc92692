import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import fastifyCors from '@fastify/cors';
import fastifyWebsocket from '@fastify/websocket';
import type { Logger } from 'pino';
import type { SandboxDrivers, Supervisor } from '../agents/index.js';
import type { EventBus } from '../events/index.js';
import type { IpcService } from '../ipc/index.js';
import type { MemoryService, SocialMemory } from '../memory/index.js';
import type { UsageAccountant } from '../llm/index.js';
import { HostSampler, ResourceStats } from '../stats/index.js';
import { installGuard, peopleRoutes, type People } from '../people/index.js';
import { installErrorHandler } from './error-handler.js';
import { agentRoutes } from './routes/agents.js';
import { eventRoutes } from './routes/events.js';
import { memoryRoutes } from './routes/memory.js';
import { messageRoutes } from './routes/messages.js';
import { fileRoutes } from './routes/files.js';
import { runRoutes } from './routes/runs.js';
import type { RunService } from '../runs/service.js';
import { metricsRoute, statsRoutes, type StatsDeps } from './routes/stats.js';
import { healthRoute, systemRoute, type SystemInfo } from './routes/system.js';
import { terminalRoutes } from './routes/terminals.js';
import type { TerminalManager } from '../terminals/index.js';
import type { DesktopManager } from '../desktop/index.js';
import { desktopRoutes } from './routes/desktop.js';
import { agentIoRoutes } from './routes/agent-io.js';
import { createGuardedServer, type ServerLimits } from '../protection/index.js';
import { networkRoutes, type EgressNetworks } from '../network/index.js';
import { pluginRoutes } from '../plugins/index.js';
import { kernelMcpTools, mcpEndpoint, mcpTokenRoutes, type McpTokens } from '../mcp/index.js';
import { installAuditHook, type AuditLog } from '../audit/index.js';
import { auditRoutes } from './routes/audit.js';
import { backupRoutes, type BackupService } from '../backup/index.js';

export interface AppDeps {
  supervisor: Supervisor;
  runs: RunService;
  drivers: SandboxDrivers;
  events: EventBus;
  /** Memory and IPC (optional so tests of other routes need not build them). */
  memory?: MemoryService;
  social?: SocialMemory;
  ipc?: IpcService;
  /** Every credential (admin token, users, API tokens, sessions, tickets) and the permission guard. */
  people: People;
  log: Logger;
  info: SystemInfo;
  /** Where agent homes live (one folder per agent id): the file browser reads them. */
  homesDir: string;
  limits: unknown;
  bodyLimit: number;
  /** Mission Control's static files; served at / when the folder exists. */
  webRoot?: string;
  https?: { cert: Buffer; key: Buffer };
  /** Token and cost totals per process, for /metrics. */
  accountant?: UsageAccountant;
  /** The filesystem whose space /system/stats reports (the state directory). */
  stateDir?: string;
  terminals?: TerminalManager;
  desktops?: DesktopManager;
  /** Connection caps and timeouts of the API server, and WebSocket back-pressure (protection.*). */
  protection?: { server: ServerLimits; websocketMaxBufferedBytes: number };
  /** Egress networking: figures in stats and metrics, published ports and their proxy. */
  networks?: EgressNetworks;
  /** Origins whose pages may call the API from a browser (api.cors.origins); none: CORS off. */
  cors?: { origins: string[] };
  /** The kernel as an MCP server (/mcp) and its scoped tokens. */
  mcp?: { tokens: McpTokens };
  /** The audit log: every state-changing call and every refused credential is an entry. */
  audit?: AuditLog;
  /** Backups on disk and restore (backup/). */
  backups?: BackupService;
  /**
   * A state-changing API call about a process (a route with :pid other than its lifecycle verbs;
   * reads, such as Mission Control watching, are not): a contact
   * that wakes an idle pause when the process asked for autoResume.onApi (policies/).
   */
  onProcessContact?: (pid: number) => Promise<unknown>;
}

/** Lifecycle verbs act on the pause themselves: they are not contacts that wake it. */
const NOT_A_CONTACT = /\/(pause|resume|signal)$/;

/** Builds the whole HTTP surface without listening: tests use app.inject(), main.ts calls listen(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const guard = deps.protection;
  const app = Fastify({
    loggerInstance: deps.log,
    bodyLimit: deps.bodyLimit,
    // With protection the server is ours (capped, timed; TLS included), otherwise fastify's.
    ...(guard
      ? {
          serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
            createGuardedServer(handler, guard.server, 'api', deps.https),
        }
      : deps.https
        ? { https: deps.https }
        : {}),
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  }) as unknown as FastifyInstance;

  const web = deps.webRoot && existsSync(deps.webRoot) ? deps.webRoot : undefined;
  installErrorHandler(app, undefined, { spaIndex: web !== undefined });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Aether OS kernel API', version: deps.info.version },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 1024 * 1024 } });
  // Before any route: the guard refuses to register a route that permissions.ts does not name.
  // After the WebSocket plugin: its onRequest hook must mark an upgrade first, or a refused upgrade
  // is never closed (the plugin destroys the socket only for requests it marked).
  installGuard(app, deps.people, deps.supervisor);
  if (deps.cors && deps.cors.origins.length > 0) {
    // Exact origins only, never "*" or credentials: the API is authorised by a bearer token the
    // embedding page holds, so a listed origin is one the administrator trusts with that token.
    // Preflights (OPTIONS) are answered here, before authentication, as browsers send no token there.
    await app.register(fastifyCors, {
      origin: deps.cors.origins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type'],
      exposedHeaders: ['content-type', 'content-length'],
      maxAge: 600,
    });
  }

  if (deps.audit) installAuditHook(app, deps.audit);
  healthRoute(app, deps.info);
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const stats: StatsDeps = {
    supervisor: deps.supervisor,
    drivers: deps.drivers,
    resources: new ResourceStats(deps.supervisor),
    host: new HostSampler(deps.stateDir ?? '/'),
    accountant: deps.accountant ?? null,
    networks: deps.networks ?? null,
  };
  metricsRoute(app, stats);
  await app.register(
    async (api) => {
      peopleRoutes(api, deps.people);
      const contact = deps.onProcessContact;
      if (contact) {
        api.addHook('preHandler', async (req) => {
          const pid = Number((req.params as { pid?: unknown } | undefined)?.pid);
          if (
            Number.isInteger(pid) &&
            !['GET', 'HEAD', 'DELETE'].includes(req.method) &&
            !NOT_A_CONTACT.test(req.url.split('?')[0]!)
          )
            await contact(pid);
        });
      }
      agentRoutes(api, deps.supervisor, deps.runs);
      runRoutes(api, deps.runs);
      systemRoute(api, deps.drivers, deps.info, deps.limits);
      eventRoutes(api, deps.events, guard?.websocketMaxBufferedBytes);
      if (deps.memory && deps.social) memoryRoutes(api, deps.memory, deps.social);
      if (deps.ipc && deps.memory) messageRoutes(api, deps.ipc, deps.supervisor, (s) => deps.memory!.spaces.get(s));
      fileRoutes(api, deps.supervisor, deps.homesDir);
      agentIoRoutes(api, deps.supervisor);
      statsRoutes(api, stats);
      if (deps.terminals) terminalRoutes(api, deps.terminals, guard?.websocketMaxBufferedBytes);
      if (deps.desktops) desktopRoutes(api, deps.desktops);
      pluginRoutes(api, deps.info.version);
      if (deps.mcp) mcpTokenRoutes(api, deps.mcp.tokens);
      if (deps.audit) auditRoutes(api, deps.audit);
      if (deps.backups) backupRoutes(api, deps.backups);
      if (deps.networks) {
        networkRoutes(api, deps.networks, (pid) => {
          const p = deps.supervisor.get(pid);
          return { network: p.network, live: ['running', 'paused'].includes(p.state) };
        });
      }
    },
    { prefix: '/api/v1' },
  );

  if (deps.mcp) {
    deps.people.acceptMcpTokens(deps.mcp.tokens);
    // Its own scope: its own authentication (MCP token or admin token) and JSON-RPC errors.
    const tools = kernelMcpTools({ supervisor: deps.supervisor, runs: deps.runs });
    await app.register(mcpEndpoint({ tools, version: deps.info.version }));
  }

  if (web) {
    // Vite's assets carry a content hash in their names: cache them for good; index.html never.
    await app.register(fastifyStatic, {
      root: web,
      prefix: '/',
      wildcard: false,
      setHeaders: (res, path) => {
        res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        // The embeddable components' code (web/src/embed) is public and loaded as a module by pages
        // on other origins; any origin may load it. Their API calls still need api.cors.origins.
        if (path.includes('/embed/')) res.setHeader('access-control-allow-origin', '*');
      },
    });
  }
  return app;
}
