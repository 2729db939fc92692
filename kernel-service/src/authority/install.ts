import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authority } from './authority.js';
import { ROUTE_ACTIONS, routeKey, type RouteAction } from './routes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route does in the authority's terms (authority/routes.ts); required on the kernel socket. */
    action?: RouteAction;
  }
}

/** The action of a route: its own `config.action`, else the table's; null when it has none. */
export function actionOf(method: string, url: string, config?: { action?: RouteAction }): RouteAction | null {
  return config?.action ?? ROUTE_ACTIONS[routeKey(method, url)] ?? null;
}

/**
 * Makes the authority unavoidable on a socket app: a route without an action cannot be
 * registered (the kernel does not start), and every request to a route passes admitRoute
 * before its handler. Must be installed before any route is added.
 */
export function installAuthority(
  app: FastifyInstance,
  authority: Authority,
  callerOf: (req: FastifyRequest) => { pid: number; agent: string },
): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // HEAD routes fastify adds for GETs follow their GET.
      const m = method === 'HEAD' ? 'GET' : method;
      const action = actionOf(m, route.url, route.config);
      if (!action) throw new Error(`kernel socket: route ${m} ${route.url} declares no authority action (authority/routes.ts)`);
      route.config = { ...(route.config as object), action };
    }
  });
  app.addHook('preHandler', async (req) => {
    if (req.is404) return; // the not-found handler: nothing to authorise, it answers NOT_FOUND
    const action = req.routeOptions.config.action;
    if (!action) throw new Error(`kernel socket: ${req.method} ${req.url} reached a route without an action`);
    const caller = callerOf(req);
    authority.admitRoute(caller, action, req);
    // Keys the model chose (tool-call ids recur every turn) become unique per run step before
    // any handler keys approvals, questions, children or IPC idempotency on them.
    const body = req.body as Record<string, unknown> | null | undefined;
    if (action.kind !== 'run' && body && typeof body === 'object') {
      for (const k of ['callId', 'idempotencyKey'])
        if (typeof body[k] === 'string') body[k] = authority.scopeKey(caller.pid, body[k]);
    }
  });
}
