import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { SandboxDrivers, Supervisor } from '../../agents/index.js';
import type { UsageAccountant } from '../../llm/index.js';
import type { HostSampler, ResourceStats } from '../../stats/index.js';
import { renderMetrics } from '../../stats/index.js';
import { renderNetworkMetrics, type EgressNetworks, type NetworkFigures } from '../../network/index.js';
import { ErrorBody, PidParams } from '../schemas.js';
import { GpusBody, ProcessStatsBody, StatsBody, SystemStatsBody } from '../stats-schemas.js';

export interface StatsDeps {
  supervisor: Supervisor;
  drivers: SandboxDrivers;
  resources: ResourceStats;
  host: HostSampler;
  accountant: UsageAccountant | null;
  /** Egress figures (bytes, connections, lookups) of processes with a network of their own. */
  networks: EgressNetworks | null;
}

const errors = { 401: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const iso = (ms: number) => new Date(ms).toISOString();

async function gpus(d: StatsDeps) {
  const view = await d.resources.gpuView();
  const heldBy = (uuid: string) =>
    view.assignments.filter((a) => a.gpus.some((g) => g.uuid === uuid)).map((a) => ({ pid: a.pid, shared: a.shared }));
  return {
    gpus: view.inventory.gpus.map((g) => ({ ...g, heldBy: heldBy(g.uuid) })),
    ...(view.inventory.reason ? { reason: view.inventory.reason } : {}),
    passthrough: Object.fromEntries(
      [...d.drivers.available].map(([name, drv]) => [name, drv.describe().gpuPassthrough ?? 'none']),
    ),
    assignments: view.assignments.map((a) => ({ ...a, assignedAt: iso(a.assignedAt) })),
  };
}

/** Resource figures of processes and the host, and the GPUs with their holders. */
export function statsRoutes(app: FastifyInstance, d: StatsDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/agents/:pid/stats',
    {
      schema: {
        tags: ['stats'],
        operationId: 'getAgentStats',
        summary: "A live process's memory, CPU, tasks and GPUs",
        params: PidParams,
        response: { 200: ProcessStatsBody, ...errors },
      },
    },
    async (req) => {
      const stats = await d.resources.of(req.params.pid);
      const net = await d.networks?.figures([req.params.pid]);
      return { ...stats, network: net?.get(req.params.pid) ?? null };
    },
  );
  r.get(
    '/stats',
    {
      schema: {
        tags: ['stats'],
        operationId: 'listStats',
        summary: 'The same figures for every live process, by pid',
        response: { 200: StatsBody, ...errors },
      },
    },
    async () => {
      const net = (await d.networks?.figures()) ?? new Map<number, NetworkFigures>();
      const all = [...(await d.resources.snapshot())].map(
        ([pid, s]) => [String(pid), { ...s, network: net.get(pid) ?? null }] as const,
      );
      return { processes: Object.fromEntries(all) };
    },
  );
  r.get(
    '/system/stats',
    {
      schema: {
        tags: ['stats'],
        operationId: 'getSystemStats',
        summary: 'Host CPU, memory and disk, the kernel process, and the GPUs',
        response: { 200: SystemStatsBody, ...errors },
      },
    },
    async () => ({ ...(await d.host.sample()), gpus: await gpus(d) }),
  );
  r.get(
    '/gpus',
    {
      schema: {
        tags: ['stats'],
        operationId: 'listGpus',
        summary: 'GPU inventory, how GPUs are passed through, and who holds which',
        response: { 200: GpusBody, ...errors },
      },
    },
    async () => gpus(d),
  );
}

/** Prometheus text at /metrics (outside /api/v1, authenticated the same way). */
export function metricsRoute(app: FastifyInstance, d: StatsDeps): void {
  const schema = {
    tags: ['stats'],
    operationId: 'getMetrics',
    summary: 'Prometheus metrics (text format 0.0.4)',
    produces: ['text/plain'],
    response: { 200: { type: 'string', description: 'Prometheus text format 0.0.4' } },
  };
  app.get('/metrics', { schema }, async (_req, reply) => {
    const [processes, gpu, host] = await Promise.all([d.resources.snapshot(), d.resources.gpuView(), d.host.sample()]);
    const text = renderMetrics({
      processCounts: d.supervisor.counts(),
      processes: [...processes.values()],
      gpu,
      host,
      accountant: d.accountant,
    });
    const net = d.networks ? renderNetworkMetrics(await d.networks.figures()) : '';
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text + net);
  });
}
