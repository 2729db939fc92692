import type { FastifyInstance } from 'fastify';
import type { SandboxDrivers } from '../../agents/index.js';

export interface SystemInfo {
  version: string;
  startedAt: string;
}

/** /health needs no token: load balancers and the boot test ask it. */
export function healthRoute(app: FastifyInstance, info: SystemInfo): void {
  app.get('/health', { schema: { tags: ['system'], summary: 'Liveness (no authentication)', security: [] } }, async () => ({
    status: 'ok',
    version: info.version,
    startedAt: info.startedAt,
  }));
}

/** What this host's sandboxes can do (pause method, limits), so clients need not guess. */
export function systemRoute(api: FastifyInstance, drivers: SandboxDrivers, info: SystemInfo, limits: unknown): void {
  api.get('/system', { schema: { tags: ['system'], summary: 'Kernel and sandbox capabilities' } }, async () => ({
    ...info,
    sandbox: {
      defaultDriver: drivers.defaultDriver,
      drivers: [
        ...[...drivers.available.values()].map((d) => ({ ...d.describe(), available: true })),
        ...[...drivers.unavailable].map(([driver, reason]) => ({ driver, available: false, reason })),
      ],
    },
    limits,
  }));
}
