import Type from 'typebox';

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ProcessGpuStatsBody = Type.Object({
  index: Type.Integer(),
  uuid: Type.String(),
  shared: Type.Boolean(),
  memoryUsedMiB: Nullable(Type.Number({ description: "GPU memory held by this process's programs" })),
  utilizationPercent: Nullable(Type.Number({ description: "The device's utilisation" })),
});

export const ProcessStatsBody = Type.Object({
  pid: Type.Integer(),
  agent: Type.String(),
  driver: Type.String(),
  state: Type.String(),
  memoryBytes: Nullable(Type.Integer()),
  cpuUsageNs: Nullable(Type.Number()),
  cpuPercent: Nullable(Type.Number({ description: 'Percent of one CPU since the previous sample' })),
  tasks: Nullable(Type.Integer()),
  gpus: Type.Array(ProcessGpuStatsBody),
  network: Type.Optional(
    Nullable(
      Type.Object(
        {
          bytesOut: Type.Number({ description: 'Bytes the agent sent (host end of its link)' }),
          bytesIn: Type.Number({ description: 'Bytes the agent received' }),
          connectionsOut: Type.Number({ description: 'Connections it opened that its policy let through' }),
          connectionsIn: Type.Number({ description: "Connections into it (the kernel's proxy for published ports)" }),
          dnsQueries: Type.Number(),
          dnsRefused: Type.Number({ description: 'Lookups the policy refused' }),
        },
        { description: 'network "egress" only; null for none and host' },
      ),
    ),
  ),
  sampledAt: Type.String({ format: 'date-time' }),
});

export const StatsBody = Type.Object({ processes: Type.Record(Type.String({ pattern: '^[0-9]+$' }), ProcessStatsBody) });

export const GpuBody = Type.Object({
  index: Type.Integer(),
  uuid: Type.String(),
  name: Type.String(),
  memoryTotalMiB: Nullable(Type.Number()),
  memoryUsedMiB: Nullable(Type.Number()),
  utilizationPercent: Nullable(Type.Number()),
  heldBy: Type.Array(Type.Object({ pid: Type.Integer(), shared: Type.Boolean() })),
});

export const GpuAssignmentBody = Type.Object({
  pid: Type.Integer(),
  gpus: Type.Array(Type.Object({ index: Type.Integer(), uuid: Type.String() })),
  shared: Type.Boolean(),
  assignedAt: Type.String({ format: 'date-time' }),
});

export const GpusBody = Type.Object({
  gpus: Type.Array(GpuBody),
  reason: Type.Optional(Type.String({ description: 'Why the list is empty' })),
  passthrough: Type.Record(Type.String(), Type.String(), { description: 'Per driver: how GPUs reach its sandboxes' }),
  assignments: Type.Array(GpuAssignmentBody),
});

export const SystemStatsBody = Type.Object({
  host: Type.Object({
    cpus: Type.Integer(),
    cpuPercent: Type.Number(),
    loadAverage: Type.Array(Type.Number()),
    memory: Type.Object({ totalBytes: Type.Number(), availableBytes: Type.Number() }),
    disk: Nullable(Type.Object({ path: Type.String(), totalBytes: Type.Number(), freeBytes: Type.Number() })),
    uptimeSeconds: Type.Number(),
  }),
  kernel: Type.Object({
    pid: Type.Integer(),
    rssBytes: Type.Number(),
    heapUsedBytes: Type.Number(),
    uptimeSeconds: Type.Number(),
  }),
  gpus: GpusBody,
});
