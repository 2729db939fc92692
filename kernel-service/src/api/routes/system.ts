import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { SandboxDrivers } from '../../agents/index.js';

export interface SystemInfo {
  version: string;
  startedAt: string;
}

/** /health needs no token: load balancers and the boot test ask it. */
export function healthRoute(app: FastifyInstance, info: SystemInfo): void {
  const Health = Type.Object({ status: Type.Literal('ok'), version: Type.String(), startedAt: Type.String() });
  const schema = { tags: ['system'], operationId: 'getHealth', summary: 'Liveness (no authentication)', security: [] };
  app.get('/health', { schema: { ...schema, response: { 200: Health } } }, async () => ({
    status: 'ok',
    version: info.version,
    startedAt: info.startedAt,
  }));
}

/** What this host's sandboxes can do (pause method, limits), so clients need not guess. */
export function systemRoute(api: FastifyInstance, drivers: SandboxDrivers, info: SystemInfo, limits: unknown): void {
  const Loose = { additionalProperties: true };
  const System = Type.Object(
    {
      version: Type.String(),
      startedAt: Type.String(),
      sandbox: Type.Object({
        defaultDriver: Type.String(),
        drivers: Type.Array(
          Type.Object(
            { driver: Type.String(), available: Type.Boolean(), reason: Type.Optional(Type.String()) },
            { ...Loose, description: 'An available driver also says pauseMethod, version and gpuPassthrough' },
          ),
        ),
      }),
      limits: Type.Object({}, Loose),
    },
    Loose,
  );
  const schema = {
    tags: ['system'],
    operationId: 'getSystem',
    summary: 'Kernel and sandbox capabilities',
    response: { 200: System },
  };
  api.get('/system', { schema }, async () => ({
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
