#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { logDestination } from './log/journald.js';
import { ProcessRepository, Supervisor, type SandboxDrivers } from './agents/index.js';
import { AutoResumer, IdleWatcher, PolicyStore, ProcessPolicies } from './policies/index.js';
import { ResourceStats } from './stats/index.js';
import { buildApp, ensureAdminToken } from './api/index.js';
import { AuditLog } from './audit/index.js';
import { Authority } from './authority/index.js';
import { loadConfig, type Config } from './config/index.js';
import { isAetherError } from './errors/index.js';
import { EventBus, EventStore } from './events/index.js';
import { GpuAllocator, GpuHost, NvidiaSmi } from './gpu/index.js';
import { SystemdNotifier } from './notify/index.js';
import { DockerDriver, parseBytes, SANDBOX_CODE_DIR, SystemdDriver, type SandboxDriver } from './sandbox/index.js';
import { createLlmGateway, resolveLlmSettings, SqliteAccountant } from './llm/index.js';
import { buildSocketApp, KernelSockets } from './socket/index.js';
import { inboxRoutes, RunInbox } from './runs/inbox.js';
import { EpisodeRecorder, MemoryService, memorySocketRoutes, SocialMemory, type Embedder } from './memory/index.js';
import { IpcService, ipcInboxSource, ipcSocketRoutes, messageToWire } from './ipc/index.js';
import { Children, RunRepository, RunService, runSocketRoutes } from './runs/index.js';
import { builtinRegistry } from './runtime/tools/index.js';
import { openDatabase } from './store/index.js';
import { TerminalManager, terminalSocketRoutes } from './terminals/index.js';
import { DesktopManager, desktopSocketRoutes } from './desktop/index.js';
import { EgressNetworks } from './network/index.js';
import { McpTokens } from './mcp/index.js';
import { People } from './people/index.js';
import { runtimeEntry } from './runs/runtime-command.js';
import { applyPendingRestore, BackupService } from './backup/index.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The agent runtime, started in a sandbox for a goal (it sits beside this file in dist/). */
const RUNTIME_ENTRY = runtimeEntry(join(here, 'runtime'));
/** The in-sandbox TCP endpoint (socket/endpoint/), the wrapper of programs that need a base URL. */
const ENDPOINT_ENTRY = join(here, 'socket', 'endpoint', 'main.js');
/** Starts an agent program of a program template (programs/), behind that endpoint. */
const PROGRAM_ENTRY = join(here, 'programs', 'launch.js');
/** argv of a node script of this installation in a sandbox of the given driver: host node on host drivers, the image's on the bound copy. */
const nodeScript = (programsFrom: 'host' | 'image' | undefined, entry: string) =>
  programsFrom === 'image' ? ['/usr/bin/node', join(SANDBOX_CODE_DIR, relative(CODE_DIR, entry))] : [process.execPath, entry];
/** The installation (kernel-service/ and node_modules/ beside it), bound into image sandboxes. */
const CODE_DIR = resolve(here, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { version: string }).version;

function limitsOf(l: Config['sandbox']['defaultLimits']) {
  return { memoryMax: parseBytes(l.memoryMax), cpuQuota: l.cpuQuota, tasksMax: l.tasksMax };
}

/**
 * Connects every sandbox driver. The default driver must work (the kernel refuses to start
 * otherwise); another that cannot is recorded with its reason, which a spawn asking for it gets.
 */
async function connectDrivers(config: Config, log: Logger): Promise<SandboxDrivers> {
  const connectors: Record<string, () => Promise<SandboxDriver>> = {
    systemd: () =>
      SystemdDriver.connect({
        parentSlice: config.sandbox.parentSlice,
        // Agents must never see the kernel's database, token or configuration.
        hiddenPaths: [config.stateDir, '/etc/aether', config.runtimeDir],
        spawnDir: join(config.runtimeDir, 'spawn'),
        stopGraceMs: config.sandbox.stopGraceMs,
        log,
      }),
    docker: () =>
      config.sandbox.docker.socketPath
        ? DockerDriver.connect({
            socketPath: config.sandbox.docker.socketPath,
            image: config.sandbox.docker.image,
            log,
            logsDir: join(config.stateDir, 'container-logs'),
          })
        : Promise.reject(new Error('disabled in the configuration (sandbox.docker.socketPath is empty)')),
  };
  const drivers: SandboxDrivers = { defaultDriver: config.sandbox.driver, available: new Map(), unavailable: new Map() };
  for (const [name, connect] of Object.entries(connectors)) {
    try {
      drivers.available.set(name, await connect());
    } catch (err) {
      if (name === config.sandbox.driver) throw err;
      drivers.unavailable.set(name, (err as Error).message);
      log.warn({ driver: name, reason: (err as Error).message }, 'sandbox driver unavailable');
    }
  }
  return drivers;
}

/**
 * fastify's request fields, with credentials taken out of the URL: WebSocket clients (events,
 * terminals, VNC) pass a single-use ?ticket= because browsers cannot set headers there.
 */
function requestForLog(req: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return {
    method: req.method,
    url: req.url.replace(/([?&](?:token|ticket|lease)=)[^&]*/g, '$1[redacted]'),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** Where the configuration file is (config/load.ts reads the same variable). */
const CONFIG_FILE = process.env.AETHER_CONFIG ?? '/etc/aether/config.json';
const ENVIRONMENT_FILE = '/etc/aether/environment';

async function main(): Promise<void> {
  let config = loadConfig();
  // A restore staged before the last exit is swapped in before anything opens the state; the
  // configuration it brought is read again (the environment file applies from the next start).
  const restorePaths = { stateDir: config.stateDir, configFile: CONFIG_FILE, environmentFile: ENVIRONMENT_FILE };
  const restored = applyPendingRestore(restorePaths);
  if (restored) config = loadConfig();
  const log = pino(
    {
      level: config.log.level,
      base: { service: 'aether-kernel' },
      redact: ['req.headers.authorization'],
      serializers: { req: requestForLog },
    },
    logDestination(),
  );
  const notifier = new SystemdNotifier();
  notifier.status('opening state');

  const db = openDatabase(join(config.stateDir, 'aether.db'));
  const adminToken = ensureAdminToken(config.stateDir);
  const events = new EventBus(new EventStore(db));
  const drivers = await connectDrivers(config, log);
  const limits = { default: limitsOf(config.sandbox.defaultLimits), max: limitsOf(config.sandbox.maxLimits) };
  // Provider keys stay in this process; sandboxes reach the models through their kernel socket.
  const accountant = new SqliteAccountant(db);
  const llmSettings = resolveLlmSettings(config.llm, process.env);
  const llm = createLlmGateway({ settings: llmSettings, accountant, log });
  const guard = config.protection;
  const sockets = new KernelSockets(config.runtimeDir, { ...guard.socket, longPollMaxMs: guard.longPollMaxMs });
  const repo = new ProcessRepository(db);
  const homesDir = join(config.stateDir, 'homes');
  const networks = new EgressNetworks({
    table: config.network.nftTable,
    subnet: config.network.subnet,
    upstream: config.network.dnsUpstream
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    runtimeDir: config.runtimeDir,
    log: log.child({ component: 'network' }),
  });
  // Idle and restart policies; the lead wires SnapshotService (snapshots/) as the 4th argument at merge.
  const policies = new ProcessPolicies(new PolicyStore(db), events, log.child({ component: 'policies' }));
  const supervisor = new Supervisor(
    repo,
    drivers,
    events,
    {
      homesDir,
      codeDir: CODE_DIR,
      uidBase: config.sandbox.uidBase,
      defaultLimits: limits.default,
      maxLimits: limits.max,
      defaultNetwork: config.sandbox.defaultNetwork,
      stopGraceMs: config.sandbox.stopGraceMs,
      warmPerAgent: config.sandbox.warmPerAgent,
      warmIdleMs: config.sandbox.warmIdleMs,
      endpointCommand: (driver) => nodeScript(driver.programsFrom, ENDPOINT_ENTRY),
    },
    log,
    sockets,
    new GpuAllocator(
      db,
      new NvidiaSmi({ command: config.gpu.nvidiaSmi }),
      new GpuHost({ devDir: config.gpu.devDir, nvidiaSmi: config.gpu.nvidiaSmi }),
    ),
    networks,
    policies,
  );

  const toolCatalogue = builtinRegistry()
    .list()
    .map(({ name, category, description }) => ({ name, category, description }));
  const runRepo = new RunRepository(db);
  // The one decision point for every kernel-socket call (grants, approvals, trees, budgets, quotas).
  const authority = new Authority({
    db,
    config: config.authority,
    runOf: (pid) => runRepo.get(pid),
    tools: () => toolCatalogue,
    models: { defaultModel: llmSettings.defaultModel, fallbacks: llmSettings.fallbacks },
  });

  // Memory per agent identity; vectors when an embedding model is configured, full text always.
  // Embeddings are model calls: reserved in the caller's budgets like chat (pid 0, the kernel, is not budgeted).
  const embedder: Embedder | null = llm.embeddingModel
    ? {
        model: llm.embeddingModel,
        embed: async (pid, texts) => {
          const reservation = authority.admitEmbedding(pid, texts);
          try {
            return (await llm.embed(pid, texts)).vectors;
          } finally {
            reservation.release();
          }
        },
      }
    : null;
  const memory = new MemoryService({ db, embedder, limits: config.memory, log, vectorPartitions: guard.vectorPartitionsCached });
  const social = new SocialMemory(db, memory);
  const episodes = new EpisodeRecorder(db, memory, log);
  const ipc = new IpcService({
    db,
    limits: config.ipc,
    spaceAccess: (space, agent) => memory.spaces.accessOf(space, agent),
    onSent: (m) => {
      if (m.from.pid !== null) social.interact(m.from.agent, m.to.agent);
      events.publish({ type: 'ipc.message', pid: m.to.pid, agent: m.to.agent, message: messageToWire(m) });
    },
    onRead: (m) => social.interact(m.to.agent, m.from.agent),
  });
  events.subscribe((e) => {
    episodes.onEvent(e);
    if (e.type === 'process.state' && ['exited', 'killed', 'failed'].includes(String(e.to))) ipc.processEnded(Number(e.pid));
  });
  // Memories stored while the embedding provider was down (or before it was configured) get vectors later.
  // Read messages past ipc.retentionDays go too (hourly).
  let ticks = 0;
  const backfill = setInterval(() => {
    memory.backfill().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'memory: backfill failed'));
    if (ticks++ % 120 === 0) ipc.prune();
  }, 30_000);
  backfill.unref();

  const terminals = new TerminalManager(
    (pid) => supervisor.sandboxOf(pid),
    events,
    { maxPerProcess: 8, scrollbackBytes: 256 * 1024, endedKept: guard.endedTerminalsKept },
    log.child({ component: 'terminals' }),
  );

  const desktops = new DesktopManager(
    {
      describe: (pid) => {
        const rec = supervisor.get(pid);
        return { desktop: rec.sandbox.desktop === true, uid: repo.agentUid(rec.agent.id), state: rec.state };
      },
      handle: (pid) => supervisor.sandboxOf(pid).handle,
      kernelDir: (pid) => sockets.dirOf(pid),
      companions: (pid) => {
        const { driver } = supervisor.sandboxOf(pid);
        return driver instanceof SystemdDriver ? driver.companions : null;
      },
    },
    events,
    { geometry: '1280x800', maxLeaseMs: 4 * 3600_000, rfb: guard.rfb },
    log.child({ component: 'desktop' }),
  );

  // Observations for runs from other subsystems (IPC messages, desktop interventions) register here.
  const inbox = new RunInbox();
  inbox.register(ipcInboxSource(ipc));
  inbox.register(desktops);
  const runs = new RunService(
    runRepo,
    supervisor,
    events,
    accountant,
    {
      // Host sandboxes run this very node on this file; images run their own node on the bound installation.
      runtimeCommand: (driver) => nodeScript(drivers.available.get(driver ?? drivers.defaultDriver)?.programsFrom, RUNTIME_ENTRY),
      programCommand: (driver, program) => [
        ...nodeScript(drivers.available.get(driver ?? drivers.defaultDriver)?.programsFrom, PROGRAM_ENTRY),
        program,
      ],
      maxLimits: limits.max,
      tools: () => toolCatalogue,
      authority,
    },
    log,
  );
  // Approval-gated egress: the first lookup of a new name waits in the runs' approvals queue.
  networks.setApprover(async (pid, name, signal) => {
    const why = `first connection to ${name} (egress policy: approval)`;
    const decided = await runs.awaitApproval(pid, `net:${name}`, 'network', { domain: name }, why, signal);
    return decided.state === 'approved';
  });
  const socketApp = await buildSocketApp({
    llm,
    log,
    authority,
    routes: [
      inboxRoutes(inbox),
      runSocketRoutes(runs, new Children(runs, supervisor, authority), guard.longPollMaxMs),
      memorySocketRoutes({ memory, social, episodes }),
      ipcSocketRoutes(ipc, guard.longPollMaxMs),
      // While a person holds the agent's desktop, its terminals are refused to it too.
      terminalSocketRoutes(terminals, (pid) => desktops.assertAgentMayAct(pid)),
      desktopSocketRoutes(desktops),
    ],
  });
  sockets.attach(socketApp);

  notifier.status('re-adopting agents');
  const reconcileStart = performance.now();
  const report = await supervisor.reconcile();
  // bench/restart reads the duration from this line.
  log.info({ ...report, ms: Math.round(performance.now() - reconcileStart) }, 'reconciled with systemd');
  desktops.adopt(supervisor.list(['running', 'paused']).map((p) => p.pid));
  // Idle policies: CPU from the cgroup figures (a collector of its own, one pass a second).
  const idleStats = new ResourceStats(supervisor);
  const idleWatcher = new IdleWatcher(supervisor, policies, () => idleStats.snapshot(), events, log.child({ component: 'idle' }));
  idleWatcher.start();
  // autoResume on a message; API and terminal-attach contacts are not wired yet (AutoResumer.contact).
  const autoResumer = new AutoResumer(supervisor, policies, log.child({ component: 'idle' }));
  events.subscribe((e) => autoResumer.onEvent(e));
  // What counts as use besides CPU: a run's step (a model call answered) and terminal input;
  // attaching a terminal is also a contact that can wake an idle pause (autoResume.onAttach).
  events.subscribe((e) => {
    if (e.type === 'agent.step' && typeof e.pid === 'number') idleWatcher.touch(e.pid);
  });
  terminals.onActivity((pid, kind) => {
    idleWatcher.touch(pid);
    if (kind === 'attach') void autoResumer.contact(pid, 'attach');
  });

  const audit = new AuditLog(db, log.child({ component: 'audit' }), config.audit.retentionDays);
  audit.prune();
  setInterval(() => audit.prune(), 24 * 60 * 60 * 1000).unref();

  if (restored) log.info({ stateDir: config.stateDir }, 'restored the state from a backup');
  const tls = config.api.tls.certFile && config.api.tls.keyFile;
  // Set once the API listens: a staged restore ends the process through the normal shutdown.
  let shutdownForRestore: () => void = () => process.exit(0);
  const backups = new BackupService({
    ...restorePaths,
    db,
    homesDir,
    kernelVersion: VERSION,
    supervisor,
    onRestored: () => shutdownForRestore(),
  });
  const mcpTokens = new McpTokens(db);
  const app = await buildApp({
    supervisor,
    runs,
    drivers,
    events,
    memory,
    social,
    ipc,
    people: new People({
      db,
      bootstrapToken: adminToken,
      stateDir: config.stateDir,
      sessionTtlSeconds: config.auth.sessionTtlSeconds,
      sessionIdleSeconds: config.auth.sessionIdleSeconds,
    }),
    log,
    info: { version: VERSION, startedAt: new Date().toISOString() },
    limits,
    accountant,
    stateDir: config.stateDir,
    bodyLimit: config.api.bodyLimit,
    terminals,
    desktops,
    networks,
    homesDir,
    mcp: { tokens: mcpTokens },
    audit,
    backups,
    onProcessContact: (pid) => autoResumer.contact(pid, 'api'),
    protection: {
      server: guard.api,
      websocketMaxBufferedBytes: guard.websocketMaxBufferedBytes,
    },
    webRoot: config.web.root || resolve(here, '..', '..', 'web', 'dist'),
    cors: config.api.cors,
    ...(tls ? { https: { cert: readFileSync(config.api.tls.certFile), key: readFileSync(config.api.tls.keyFile) } } : {}),
  });
  const address = await app.listen({ host: config.api.host, port: config.api.port });
  const live = supervisor.list(['running', 'paused']).length;
  notifier.ready(`serving ${address}; ${live} agents live`);
  log.info({ address, adopted: report.adopted }, 'aether kernel ready');

  // Agents keep running when the kernel stops: systemd owns them. Shutdown only closes our side.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    notifier.stopping();
    log.info({ signal }, 'shutting down; agents keep running under systemd');
    await app.close();
    // Bounded: a stop must never hang on removing prestarted sandboxes (a restart removes leftovers).
    await Promise.race([supervisor.shutdown(), sleep(3000)]);
    await sockets.stopAll();
    await socketApp.close();
    await networks.close();
    for (const d of drivers.available.values()) await d.close();
    db.close();
    process.exit(0);
  };
  // systemd starts the unit again (Restart=always) and applyPendingRestore swaps the state in.
  shutdownForRestore = () => void shutdown('restore');
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (isAetherError(err)) {
    process.stderr.write(`aether-kernel: ${err.code}: ${err.message}\n  hint: ${err.hint}\n`);
  } else {
    process.stderr.write(`aether-kernel: fatal: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
