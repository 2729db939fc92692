import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from './audit-log.js';
import type { AuditOutcome } from './chain.js';

/** Who made a request, as authentication found it (the admin token until users and roles exist). */
export interface Actor {
  name: string;
  role: string;
  /** people/: bootstrap, user, token or mcp; the grants and agent scope the credential carries. */
  kind?: string;
  grants?: string[];
  scope?: { labels?: Record<string, string>; namePrefix?: string };
  csrfToken?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by authentication; the audit hook records it. */
    actor?: Actor;
  }
}

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Failed authentications recorded per source address and minute; the rest are counted, not written. */
const FAILURES_PER_MINUTE = 20;
const MAX_TRACKED_ADDRESSES = 10_000;

const outcomeOf = (status: number): AuditOutcome => (status < 400 ? 'ok' : status < 500 ? 'refused' : 'failed');

/** `pid=12,id=apr_…` from the route's parameters; a spawn names the agent it asked for. */
function targetOf(req: FastifyRequest): string | null {
  const params = Object.entries((req.params as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  const body = req.body as { name?: unknown } | undefined;
  if (params.length === 0 && typeof body?.name === 'string') params.push(`name=${body.name.slice(0, 128)}`);
  return params.length > 0 ? params.join(',') : null;
}

/** The route's operationId where it has one (the OpenAPI name), else METHOD and the route pattern. */
function actionOf(req: FastifyRequest): string {
  const schema = req.routeOptions.schema;
  return schema?.operationId ?? `${req.method} ${req.routeOptions.url ?? '(no route)'}`;
}

/**
 * Records every state-changing API call and every failed authentication. Failed authentications are
 * capped per source address so that a client hammering the API with bad tokens cannot fill the disk
 * through the audit log; what was not written is recorded as one count when its minute is over.
 */
export function installAuditHook(app: FastifyInstance, audit: AuditLog, now: () => number = Date.now): void {
  const failures = new Map<string, { minute: number; count: number }>();

  const recordFailure = (req: FastifyRequest) => {
    const address = req.ip;
    const minute = Math.floor(now() / 60_000);
    const seen = failures.get(address);
    if (seen && seen.minute === minute) {
      seen.count++;
      if (seen.count > FAILURES_PER_MINUTE) return;
    } else {
      if (seen && seen.count > FAILURES_PER_MINUTE) {
        audit.record({
          actor: 'anonymous',
          role: 'none',
          action: 'auth.failed.suppressed',
          target: `count=${seen.count - FAILURES_PER_MINUTE}`,
          outcome: 'refused',
          sourceAddress: address,
        });
      }
      if (failures.size >= MAX_TRACKED_ADDRESSES) failures.clear();
      failures.set(address, { minute, count: 1 });
    }
    audit.record({
      actor: 'anonymous',
      role: 'none',
      action: 'auth.failed',
      target: actionOf(req),
      outcome: 'refused',
      sourceAddress: address,
    });
  };

  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?', 1)[0] ?? '';
    if (!path.startsWith('/api/') && path !== '/metrics' && path !== '/mcp') return;
    if (reply.statusCode === 401) return recordFailure(req);
    if (!CHANGES.has(req.method)) return;
    const actor = req.actor ?? { name: 'anonymous', role: 'none' };
    audit.record({
      actor: actor.name,
      role: actor.role,
      action: actionOf(req),
      target: targetOf(req),
      outcome: outcomeOf(reply.statusCode),
      sourceAddress: req.ip,
    });
  });
}
