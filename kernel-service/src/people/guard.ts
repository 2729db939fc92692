import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Supervisor } from '../agents/index.js';
import { AetherError } from '../errors/index.js';
import type { People } from './people.js';
import { PERMISSIONS, routeKey, type Permission } from './permissions.js';
import { atLeast, inScope, type Principal } from './roles.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The kernel's own namespaces; everything else GET/HEAD is Mission Control's static files. */
const isApiPath = (url: string) => url.startsWith('/api/') || url === '/metrics' || url === '/mcp' || url === '/health';

/** The table's key for a route: static files share one entry, HEAD falls back to its GET. */
export function keyOf(method: string, url: string | undefined, operationId: string | undefined): string {
  if (url !== undefined && !isApiPath(url) && (method === 'GET' || method === 'HEAD')) return 'static';
  const key = routeKey(method, url, operationId);
  if (PERMISSIONS[key]) return key;
  if (method === 'HEAD' && PERMISSIONS[routeKey('GET', url, operationId)]) return routeKey('GET', url, operationId);
  return operationId === undefined && PERMISSIONS[`* ${url}`] ? `* ${url}` : key;
}

export function permissionOf(method: string, url: string | undefined, operationId: string | undefined): Permission | undefined {
  return PERMISSIONS[keyOf(method, url, operationId)];
}

const isWebSocket = (req: FastifyRequest) => req.headers.upgrade?.toLowerCase() === 'websocket';

function forbidden(message: string, need: string): AetherError {
  return new AetherError('FORBIDDEN', message, { details: { needs: need } });
}

/**
 * The one place that decides who may call what (permissions.ts), for REST, WebSocket upgrades,
 * /metrics and /mcp. Install it on the root instance before any route: its onRoute hook refuses to
 * register a route the table does not name (the kernel does not start with an unguarded route).
 */
export function installGuard(app: FastifyInstance, people: People, supervisor: Supervisor): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) {
      const operationId = route.schema?.operationId;
      if (!permissionOf(m, route.url, operationId))
        throw new Error(
          `route ${m} ${route.url} (${operationId ?? 'no operationId'}) has no entry in kernel-service/src/people/permissions.ts`,
        );
    }
  });

  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url;
    const path = req.url.split('?', 1)[0] ?? '';
    if (url === undefined) {
      // No route (a 404 follows): inside the API only an authenticated caller learns that.
      if (isApiPath(path)) people.authenticate(req, isWebSocket(req));
      return;
    }
    const perm = permissionOf(req.method, url, req.routeOptions.schema?.operationId);
    if (!perm) throw new AetherError('INTERNAL', `No permission is declared for ${req.method} ${url}.`);
    if (perm.access === 'public') return;
    const ws = isWebSocket(req);
    const principal = people.authenticate(req, ws);
    if (principal.kind === 'mcp' && !perm.mcp)
      throw new AetherError(
        'UNAUTHENTICATED',
        'An MCP token is valid on /mcp only; use an API token (POST /api/v1/tokens) here.',
      );
    if (people.viaOf(req)?.via === 'cookie' && !SAFE.has(req.method) && !ws) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== principal.csrfToken)
        throw new AetherError('CSRF_FAILED', 'A cookie-authenticated change needs the X-CSRF-Token header of its session.');
    }
    const need = ws && perm.ws ? perm.ws : perm.access;
    const granted = perm.grant !== undefined && principal.grants.includes(perm.grant);
    if (!atLeast(principal.role, need) && !granted) {
      const what = perm.grant ? `role ${need} or grant ${perm.grant}` : `role ${need}`;
      throw forbidden(`This call needs ${what}; ${principal.name} has role ${principal.role}.`, what);
    }
    if (principal.scope) checkScope(req, perm, principal, supervisor);
    req.actor = principal;
  });

  // The body is parsed by now: a scoped token may spawn only inside its scope.
  app.addHook('preValidation', async (req) => {
    const scope = req.actor?.scope;
    if (!scope || req.routeOptions.schema?.operationId !== 'spawnAgent') return;
    const body = (req.body ?? {}) as { name?: unknown; labels?: unknown };
    const name = typeof body.name === 'string' ? body.name : '';
    const labels = body.labels && typeof body.labels === 'object' ? (body.labels as Record<string, string>) : {};
    if (!inScope(scope, { name, labels }))
      throw forbidden(`This token spawns only agents in its scope (${JSON.stringify(scope)}).`, `scope ${JSON.stringify(scope)}`);
  });
}

/** Outside the scope a process or agent does not exist for the token (404, as for an unknown pid). */
function checkScope(req: FastifyRequest, perm: Permission, principal: Principal, supervisor: Supervisor): void {
  const scope = principal.scope!;
  const params = (req.params ?? {}) as { pid?: string; name?: string };
  const hidden = (detail: Record<string, unknown>) =>
    new AetherError('PROCESS_NOT_FOUND', "No such process in this token's scope.", { details: detail });
  switch (perm.scope) {
    case 'pid': {
      const pid = Number(params.pid);
      const rec = Number.isSafeInteger(pid) ? supervisor.find(pid) : undefined;
      if (!rec || !inScope(scope, { name: rec.agent.name, labels: rec.labels })) throw hidden({ pid: params.pid });
      return;
    }
    case 'name': {
      const name = String(params.name ?? '');
      const seen = supervisor.list().filter((p) => p.agent.name === name);
      const ok = scope.labels ? seen.some((p) => inScope(scope, { name, labels: p.labels })) : inScope(scope, { name });
      if (!ok) throw hidden({ name });
      return;
    }
    case 'spawn':
    case 'list':
    case 'any':
      return;
    default:
      throw forbidden(
        'A scoped token reaches only the agents in its scope; this call is about all of them.',
        'an unscoped principal',
      );
  }
}
