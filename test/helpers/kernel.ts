/** Builds the real kernel objects (SQLite in a temp dir, supervisor, API) for host-tier tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import {
  ProcessRepository,
  Supervisor,
  type ProcessNetworks,
  type ProcessSockets,
  type SandboxDrivers,
} from '../../kernel-service/src/agents/index.js';
import { buildApp, type AppDeps } from '../../kernel-service/src/api/index.js';
import { AuditLog } from '../../kernel-service/src/audit/index.js';
import { People, type ScryptCost } from '../../kernel-service/src/people/index.js';
import { EventBus, EventStore } from '../../kernel-service/src/events/index.js';
import { PolicyStore, ProcessPolicies } from '../../kernel-service/src/policies/index.js';
import type { SandboxDriver } from '../../kernel-service/src/sandbox/index.js';
import { GpuAllocator, GpuHost, NvidiaSmi } from '../../kernel-service/src/gpu/index.js';
import { SqliteAccountant, type UsageAccountant } from '../../kernel-service/src/llm/index.js';
import { openDatabase, type Db } from '../../kernel-service/src/store/index.js';
import { RunRepository, RunService } from '../../kernel-service/src/runs/index.js';
import { builtinRegistry } from '../../kernel-service/src/runtime/tools/index.js';
import { testAuthority } from './authority.js';

export const TOKEN = 'test-token-0123456789abcdef';

/**
 * The host has no systemd, so host-tier API tests get a driver that refuses every
 * launch: they prove that invalid input is rejected before any sandbox is touched.
 * Everything that reaches a sandbox is tested in the systemd tier against real systemd.
 */
export function refusingDriver(): SandboxDriver & { launches: number } {
  return {
    name: 'none',
    programsFrom: 'host' as const,
    launches: 0,
    async launch() {
      this.launches++;
      throw new Error('host-tier tests must not reach a sandbox');
    },
    async adoptAll() {
      return [];
    },
    describe: () => ({ driver: 'none', pauseMethod: 'freezer' as const, version: 'test' }),
    async close() {},
  };
}

/**
 * A process row for agent `name` as a spawn would record it, without a sandbox: what the host-tier
 * tests attach runs and sockets to.
 */
export function insertTestProcess(repo: ProcessRepository, name: string, ppid: number | null = null): number {
  return repo.insertProcess({
    ppid,
    agentId: repo.findOrCreateAgent(name, 200_000).id,
    command: ['aether-agent'],
    environment: {},
    limits: { memoryMax: 1 << 30, cpuQuota: 100, tasksMax: 100 },
    network: 'none',
    driver: 'none',
    sandboxOptions: {},
  });
}

export interface TestKernelOptions {
  drivers?: SandboxDrivers;
  uidBase?: number;
  /** GPUs: the host's own nvidia-smi (none here: an empty inventory) unless a test brings a stand-in. */
  gpus?: (db: Db) => GpuAllocator;
  accountant?: UsageAccountant;
  /** Per-process kernel sockets (the Docker tier checks a container reaches its own). */
  sockets?: ProcessSockets;
  /** More subsystems for the API (memory, IPC), built on this kernel's database and event bus. */
  extend?: (db: Db, events: EventBus) => Partial<AppDeps>;
  /** The kernel's installation, bound into image sandboxes (the agent runtime). */
  codeDir?: string;
  /** What a run's sandbox starts; the host tier has no sandbox, so by default a program that does nothing. */
  runtimeCommand?: (driver: string | undefined) => string[];
  /** authority configuration overrides (tree bounds, quotas, the bare grant). */
  authority?: Parameters<typeof testAuthority>[1];
  /** The models the authority lets runs call (the LLM settings' default and fallbacks). */
  models?: Parameters<typeof testAuthority>[2];
  /** Egress networking (network/); none by default, so network "egress" is refused. */
  networks?: ProcessNetworks;
  /** people/: a clock (token expiry, sessions, login throttle). */
  now?: () => number;
}

/** A cheaper scrypt than the kernel's for tests (2^12: 4 MiB), still the real function. */
export const TEST_SCRYPT: ScryptCost = { N: 1 << 12, r: 8, p: 1 };

export async function testKernel(opts: TestKernelOptions = {}) {
  const bodyLimit = 64 * 1024;
  const dir = mkdtempSync(join(tmpdir(), 'aether-test-'));
  const db = openDatabase(join(dir, 'aether.db'));
  const driver = refusingDriver();
  const events = new EventBus(new EventStore(db));
  const log = pino({ level: 'silent' });
  const limits = { memoryMax: 512 * 1024 ** 2, cpuQuota: 100, tasksMax: 512 };
  const max = { memoryMax: 8 * 1024 ** 3, cpuQuota: 800, tasksMax: 4096 };
  const repo = new ProcessRepository(db);
  const drivers: SandboxDrivers = opts.drivers ?? {
    defaultDriver: 'none',
    available: new Map<string, SandboxDriver>([['none', driver]]),
    unavailable: new Map([['docker', 'no engine in host-tier tests']]),
  };
  const supervisor = new Supervisor(
    repo,
    drivers,
    events,
    {
      homesDir: join(dir, 'homes'),
      ...(opts.codeDir ? { codeDir: opts.codeDir } : {}),
      uidBase: opts.uidBase ?? 200_000,
      defaultLimits: limits,
      maxLimits: max,
      defaultNetwork: 'none',
      stopGraceMs: 1000,
      warmPerAgent: 0,
      warmIdleMs: 1000,
    },
    log,
    opts.sockets ?? null,
    opts.gpus ? opts.gpus(db) : new GpuAllocator(db, new NvidiaSmi(), new GpuHost()),
    opts.networks ?? null,
    new ProcessPolicies(new PolicyStore(db), events, log),
  );
  const accountant = new SqliteAccountant(db);
  const authority = testAuthority(db, opts.authority, opts.models);
  const runs = new RunService(
    new RunRepository(db),
    supervisor,
    events,
    accountant,
    {
      runtimeCommand: opts.runtimeCommand ?? (() => ['/bin/true']),
      maxLimits: max,
      tools: () => builtinRegistry().list(),
      authority,
    },
    log,
  );
  const audit = new AuditLog(db, log);
  const people = new People({
    db,
    bootstrapToken: TOKEN,
    stateDir: dir,
    scrypt: TEST_SCRYPT,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const app = await buildApp({
    supervisor,
    runs,
    drivers,
    events,
    people,
    log,
    info: { version: 'test', startedAt: new Date().toISOString() },
    limits: { default: limits, max },
    bodyLimit,
    homesDir: join(dir, 'homes'),
    stateDir: dir,
    accountant: opts.accountant ?? accountant,
    audit,
    ...opts.extend?.(db, events),
  });
  return { app, db, driver, repo, supervisor, runs, events, dir, authority, audit, people };
}
