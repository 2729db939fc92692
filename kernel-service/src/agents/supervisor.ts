import { chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { AetherError } from '../errors/index.js';
import type { EventBus } from '../events/index.js';
import type { GpuAllocator, GpuAttachment } from '../gpu/index.js';
import {
  resolveLimits,
  type AdoptedSandbox,
  type ExitStatus,
  type Limits,
  type NetworkMode,
  type SandboxDriver,
  type SandboxHandle,
  type SignalName,
} from '../sandbox/index.js';
import { assertTransition, isFinal, type ProcessState } from './lifecycle.js';
import type { ProcessQuery, ProcessRepository, StatePatch } from './repository.js';
import { checkEnvironment, resolveCommand } from './spawn-request.js';
import type { Agent, ProcessRecord, SandboxOptions, StateEvent } from './types.js';
import type { ProcessNetworks, ProcessSockets, SandboxDrivers, SpawnRequest, SupervisorOptions } from './supervisor-contract.js';
import { WarmPool, type WarmEntry } from './warm-pool.js';
import { endpointEnvironment } from '../socket/endpoint/environment.js';
import type { ProcessPolicies } from '../policies/index.js';
import { checkPolicies, relaunchSpec } from './restart-in-place.js';

/** Prestarts wait until no cold spawn has been made for this long. */
const COLD_QUIET_MS = 50;

interface ColdStart {
  agent: Agent;
  home: string;
  command: string[];
  environment: Record<string, string>;
  limits: Limits;
  network: NetworkMode;
  sandboxOptions: SandboxOptions;
  gpus: GpuAttachment | undefined;
  endpoint: boolean;
}

interface Live {
  handle: SandboxHandle;
  /** Settles once the exit is recorded and the sandbox removed. */
  ended: Promise<ProcessRecord>;
}

/**
 * The process table: turns API intents into sandbox operations and state changes.
 * Every state change goes through `move`, which checks the transition table,
 * persists the change with its event, and publishes it.
 */
export class Supervisor {
  private readonly live = new Map<number, Live>();
  /**
   * Cold launches waiting for the driver (systemd), and when the last one ended: the warm pool's
   * prestarts give way to them, and wait for a quiet moment (a burst of new agents comes back to back).
   */
  private coldInFlight = 0;
  private lastColdAt = 0;
  private readonly pool: (WarmPool & { driver: SandboxDriver }) | null;
  /** One timer for the earliest time-to-live; re-armed at each spawn and each expiry. */
  private ttlTimer: NodeJS.Timeout | null = null;
  /** A restart's previous run, until its sandbox is removed: the next one reuses the unit name. */
  private readonly ending = new Map<number, Promise<ProcessRecord>>();

  constructor(
    private readonly repo: ProcessRepository,
    private readonly drivers: SandboxDrivers,
    private readonly events: EventBus,
    private readonly opts: SupervisorOptions,
    private readonly log: Logger,
    private readonly sockets: ProcessSockets | null = null,
    /** Who holds which GPU; null: GPU requests are refused. */
    readonly gpus: GpuAllocator | null = null,
    /** Egress namespaces and policies; null: network "egress" is refused. */
    private readonly networks: ProcessNetworks | null = null,
    /** Idle and restart policies (policies/); null: spawns that ask for them are refused. */
    private readonly policies: ProcessPolicies | null = null,
  ) {
    policies?.bind((pid) => void this.relaunch(pid));
    const driver = drivers.available.get(drivers.defaultDriver);
    this.pool =
      driver?.prepare && sockets && opts.warmPerAgent > 0
        ? Object.assign(
            new WarmPool(
              opts.warmPerAgent,
              opts.warmIdleMs,
              (agent, network) => this.prestart(driver, agent, network),
              async (e) => {
                await e.sandbox.handle.destroy();
                await sockets.close(e.pid);
              },
              log,
              () => this.coldInFlight > 0 || performance.now() - this.lastColdAt < COLD_QUIET_MS,
            ),
            { driver },
          )
        : null;
  }

  /** The process, or undefined: for callers with their own answer to "no such process". */
  find(pid: number): ProcessRecord | undefined {
    return this.repo.get(pid);
  }

  get(pid: number): ProcessRecord {
    const rec = this.repo.get(pid);
    if (!rec) throw new AetherError('PROCESS_NOT_FOUND', `No process with pid ${pid}.`, { details: { pid } });
    return rec;
  }

  list(states?: readonly ProcessState[]): ProcessRecord[] {
    return this.repo.list(states);
  }

  /** The uid of the agent a process runs as (what the file routes write as). */
  agentUid(pid: number): number {
    return this.repo.agentUid(this.get(pid).agent.id);
  }

  /** One page of the process table (the API's filters and cursor). */
  query(q: ProcessQuery): ProcessRecord[] {
    return this.repo.query(q);
  }

  /** Its idle/restart policies and what they did (policies/); null when this kernel has none. */
  policyState(pid: number) {
    return this.policies?.get(pid) ?? null;
  }

  /** Processes per state and driver, ended ones included (metrics). */
  counts(): { state: string; driver: string; count: number }[] {
    return this.repo.counts();
  }

  /** The sandboxes of live processes, by kernel PID (resource statistics, terminals). */
  sandboxes(): Map<number, SandboxHandle> {
    return new Map([...this.live].map(([pid, l]) => [pid, l.handle]));
  }

  async spawn(req: SpawnRequest): Promise<ProcessRecord> {
    // Validate everything before anything exists: a bad request leaves no trace.
    const driver = this.driver(req.sandbox?.driver ?? this.drivers.defaultDriver);
    // Host programs are checked on the host; an image's programs only exist in the image.
    const program = driver.programsFrom === 'host' ? resolveCommand(req.command) : req.command;
    const { image, gpus } = req.sandbox ?? {};
    const network = req.network ?? this.opts.defaultNetwork;
    const egress = this.checkNetwork(network, req.egress, driver.name);
    const sandboxOptions: SandboxOptions = {
      ...(image ? { image } : {}),
      ...(gpus ? { gpus } : {}),
      ...(req.desktop ? { desktop: true } : {}),
      ...(egress ? { egress } : {}),
    };
    if (req.desktop && !driver.desktops) {
      throw new AetherError(
        'DESKTOP_UNAVAILABLE',
        `The ${driver.name} sandbox driver offers no desktops; use the systemd driver.`,
      );
    }
    if (driver.programsFrom === 'host' && image) {
      throw new AetherError('VALIDATION_FAILED', `sandbox.image needs an image-based driver (docker), not ${driver.name}.`);
    }
    const limits = resolveLimits(req.limits, this.opts.defaultLimits, this.opts.maxLimits);
    const endpoint = this.endpointOf(req, network, driver);
    const command = endpoint ? [...endpoint.command, '--', ...program] : program;
    // The kernel's endpoint variables win: a base URL elsewhere would only lead the program astray.
    const environment = { ...checkEnvironment(req.environment ?? {}), ...endpoint?.environment };
    if (req.ppid !== undefined) this.get(req.ppid);
    const policies = checkPolicies(this.policies, req);
    const gpuContext = gpus ? await this.gpuContext() : null;

    // Chosen, recorded and assigned with no await in between: two spawns never get one GPU.
    // Refused before the agent, its home or a process row exist.
    const plan = gpus && gpuContext ? gpuContext.allocator.choose(gpus, gpuContext.inventory) : null;
    const attachment = plan && gpuContext ? gpuContext.allocator.attachment(plan, gpuContext.files) : undefined;
    req.admitAgent?.(this.repo.agentByName(req.name));
    const agent = this.repo.findOrCreateAgent(req.name, this.opts.uidBase);
    const home = this.ensureHome(agent.id, agent.uid);
    // A desktop's DISPLAY must be in the program's environment from its start: no warm sandbox.
    // Nor for the TCP endpoint: a warm sandbox was confined without IP sockets under "none".
    const pooled = driver === this.pool?.driver && !image && !gpus && !req.desktop && !egress && !endpoint;
    const warm = pooled ? this.pool?.take(agent.id, network) : undefined;
    const pid = this.repo.insertProcess({
      ...(warm ? { pid: warm.pid } : {}),
      ppid: req.ppid ?? null,
      agentId: agent.id,
      command,
      environment,
      limits,
      network,
      driver: driver.name,
      sandboxOptions: warm ? { ...sandboxOptions, prestarted: true } : sandboxOptions,
      ...(req.labels ? { labels: req.labels } : {}),
      ...(req.ttlSeconds !== undefined ? { expiresAt: Date.now() + req.ttlSeconds * 1000 } : {}),
    });
    if (plan) gpuContext?.allocator.assign(pid, plan);
    if (policies) this.policies?.record(pid, policies);
    req.attach?.(pid);
    this.move(pid, 'starting');
    let handle: SandboxHandle;
    try {
      if (warm) {
        await warm.sandbox.start(command, environment, limits).catch(async (err: unknown) => {
          await warm.sandbox.handle.destroy().catch(() => undefined);
          throw err;
        });
        handle = warm.sandbox.handle;
      } else {
        const launchEnv = req.desktop ? { DISPLAY: ':0', ...environment } : environment;
        const cold = {
          agent,
          home,
          command,
          environment: launchEnv,
          limits,
          network,
          sandboxOptions,
          gpus: attachment,
          endpoint: endpoint !== null,
        };
        this.coldInFlight++;
        handle = await this.launchCold(driver, pid, cold).finally(() => {
          this.coldInFlight--;
          this.lastColdAt = performance.now();
        });
      }
    } catch (err) {
      await this.sockets?.close(pid);
      if (egress) await this.networks?.teardown(pid);
      this.gpus?.release(pid);
      const reason = err instanceof AetherError ? err.message : String(err);
      this.move(pid, 'failed', { exit: { code: null, signal: null, reason: `launch-failed: ${reason}` }, endedAt: Date.now() });
      throw err instanceof AetherError ? err : new AetherError('SANDBOX_LAUNCH_FAILED', reason, { cause: err });
    }
    this.attach(pid, handle);
    const running = this.move(pid, 'running', { sandboxId: handle.id, pauseMethod: handle.pauseMethod, startedAt: Date.now() });
    if (pooled) this.pool?.refill(agent, network); // the agent's next run starts warm
    if (req.ttlSeconds !== undefined) this.armExpiry();
    return running;
  }

  private async launchCold(driver: SandboxDriver, pid: number, s: ColdStart): Promise<SandboxHandle> {
    const kernelSocketDir = await this.sockets?.serve(pid, s.agent.name, s.agent.uid);
    const netns = s.sandboxOptions.egress ? await this.networks!.setup(pid, s.sandboxOptions.egress) : undefined;
    return driver.launch({
      ...(netns ? { netns } : {}),
      pid,
      agent: { id: s.agent.id, name: s.agent.name, uid: s.agent.uid, home: s.home },
      command: s.command,
      environment: s.environment,
      limits: s.limits,
      network: s.network,
      ...(s.endpoint ? { endpoint: true } : {}),
      ...(s.sandboxOptions.image ? { image: s.sandboxOptions.image } : {}),
      ...(s.gpus ? { gpus: s.gpus } : {}),
      ...(kernelSocketDir ? { kernelSocketDir } : {}),
      ...(this.opts.codeDir ? { codeDir: this.opts.codeDir } : {}),
    });
  }

  /** The endpoint's wrapper and environment, when asked for; refused where loopback is shared. */
  private endpointOf(req: SpawnRequest, network: NetworkMode, driver: SandboxDriver) {
    if (!req.endpoint) return null;
    if (network === 'host') {
      throw new AetherError(
        'VALIDATION_FAILED',
        'endpoint: under network "host" every host process shares 127.0.0.1, so another agent could use this one\'s endpoint; use network "none" or "egress", or /run/aether/kernel.sock',
      );
    }
    if (!this.opts.endpointCommand || !this.sockets) {
      throw new AetherError('VALIDATION_FAILED', 'endpoint: this kernel has no kernel sockets to forward to');
    }
    return { command: this.opts.endpointCommand(driver), environment: endpointEnvironment(network) };
  }

  /** What a GPU request is checked against: the inventory and the driver files, read before anything is created. */
  private async gpuContext() {
    const allocator = this.gpus;
    if (!allocator) throw new AetherError('GPU_UNAVAILABLE', 'GPU support is not enabled in this kernel.');
    const [inventory, files] = await Promise.all([allocator.inventory(), allocator.host.files()]);
    return { allocator, inventory, files };
  }

  /** A sandbox for the agent's next run, started now; used by the warm pool. */
  private async prestart(driver: SandboxDriver, agent: Agent, network: NetworkMode): Promise<WarmEntry> {
    if (!driver.prepare || !this.sockets) throw new Error('prestarting needs a driver with prepare() and kernel sockets');
    const pid = this.repo.reservePid();
    const limits = this.opts.defaultLimits;
    const kernelSocketDir = await this.sockets.serve(pid, agent.name, agent.uid);
    try {
      const home = this.ensureHome(agent.id, agent.uid);
      const spec = { pid, agent: { ...agent, home }, command: [], environment: {}, limits, network, kernelSocketDir };
      return { pid, sandbox: await driver.prepare(spec), limits };
    } catch (err) {
      await this.sockets.close(pid);
      throw err;
    }
  }

  /** Kernel shutdown: prestarted sandboxes hold no work and go; real processes stay with systemd. */
  async shutdown(): Promise<void> {
    this.policies?.shutdown();
    if (this.ttlTimer) clearTimeout(this.ttlTimer);
    this.ttlTimer = null;
    await this.pool?.drain();
  }

  /**
   * Time-to-live: stops every live process whose expiry has passed (a normal terminate, with end
   * reason "ttl-expired") and arms one timer for the next. Called after each spawn and by
   * reconcile, so a process whose time ran out while the kernel was away is stopped at start.
   */
  async expireDue(now = Date.now()): Promise<number[]> {
    const due = this.repo.expired(now).filter((pid) => this.live.has(pid));
    await Promise.all(
      due.map(async (pid) => {
        this.repo.setEndReason(pid, 'ttl-expired');
        await this.terminate(pid).catch((err: unknown) => this.log.error({ err, pid }, 'stopping an expired process'));
      }),
    );
    this.armExpiry();
    return due;
  }

  private armExpiry(): void {
    if (this.ttlTimer) clearTimeout(this.ttlTimer);
    this.ttlTimer = null;
    const next = this.repo.nextExpiry();
    if (next === null) return;
    // setTimeout holds at most 2^31-1 ms (about 24.8 days); a longer TTL re-arms on waking.
    const wait = Math.min(Math.max(next - Date.now(), 0), 2 ** 31 - 1);
    this.ttlTimer = setTimeout(() => void this.expireDue(), wait);
    this.ttlTimer.unref();
  }

  /** A stop the kernel decides on (idle policy): the end reason first, so no restart policy undoes it. */
  async endFor(pid: number, reason: string): Promise<ProcessRecord> {
    this.repo.setEndReason(pid, reason);
    return this.terminate(pid);
  }

  async signal(pid: number, signal: SignalName): Promise<ProcessRecord> {
    await this.liveHandle(pid).signal(signal);
    return this.get(pid);
  }

  async pause(pid: number): Promise<ProcessRecord> {
    const handle = this.liveHandle(pid);
    assertTransition(pid, this.get(pid).state, 'paused');
    await handle.pause();
    return this.move(pid, 'paused');
  }

  async resume(pid: number): Promise<ProcessRecord> {
    const handle = this.liveHandle(pid);
    assertTransition(pid, this.get(pid).state, 'running');
    await handle.resume();
    return this.move(pid, 'running');
  }

  /** SIGTERM to every process in the sandbox, SIGKILL after the grace period; resolves with the final record. */
  async terminate(pid: number, graceMs = this.opts.stopGraceMs): Promise<ProcessRecord> {
    const rec = this.get(pid);
    if (isFinal(rec.state)) return rec;
    const live = this.live.get(pid);
    // Between two runs of a restart policy there is no sandbox: a stop calls the restart off.
    if (!live && rec.state === 'starting' && this.policies?.cancel(pid)) {
      const last = this.policies.get(pid).restarts.lastReason;
      return this.move(pid, 'failed', {
        exit: { code: null, signal: null, reason: `restart-cancelled: ${last}` },
        endedAt: Date.now(),
      });
    }
    if (!live) throw new AetherError('PROCESS_NOT_RUNNING', `Process ${pid} has no sandbox to stop (state ${rec.state}).`);
    if (rec.state === 'stopping') return live.ended;
    const wasPaused = rec.state === 'paused';
    this.move(pid, 'stopping');
    // A frozen process cannot act on SIGTERM; thaw it so it gets its chance to clean up.
    // The program may end on its own at any moment; a signal that finds nobody is not an error.
    const attempt = (what: string, fn: () => Promise<void>) =>
      fn().catch((err: unknown) => this.log.warn({ err, pid }, `${what} while stopping`));
    if (wasPaused) await attempt('resume', () => live.handle.resume());
    await attempt('SIGTERM', () => live.handle.signal('SIGTERM', 'all'));
    const timer = setTimeout(() => {
      void attempt('SIGKILL', () => live.handle.signal('SIGKILL', 'all'));
    }, graceMs);
    try {
      return await live.ended;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * After a (re)start: systemd kept the sandboxes running while the kernel was away.
   * Re-attach the living, record the real end of those that ended meanwhile, mark
   * processes whose sandbox vanished as failed, give prestarted sandboxes back to the warm
   * pool, and remove sandboxes nobody owns. Its cost must not grow with round trips per agent:
   * the driver adopts in a constant number of them, sockets open concurrently.
   */
  async reconcile(): Promise<{
    adopted: number;
    ended: number;
    lost: number;
    orphans: number;
    unreachable: number;
    warm: number;
  }> {
    const found = new Map<number, AdoptedSandbox>();
    for (const driver of this.drivers.available.values()) {
      for (const a of await driver.adoptAll()) found.set(a.pid, a);
    }
    const report = { adopted: 0, ended: 0, lost: 0, orphans: 0, unreachable: 0, warm: 0 };
    const serving: Promise<unknown>[] = [];
    for (const rec of this.repo.list(['created', 'starting', 'running', 'paused', 'stopping'])) {
      if (!this.drivers.available.has(rec.sandbox.driver)) {
        // Its backend (say, the Docker engine) is down: unknown is not the same as lost.
        this.log.warn({ pid: rec.pid, driver: rec.sandbox.driver }, 'cannot reconcile: driver unavailable');
        report.unreachable++;
        continue;
      }
      const sandbox = found.get(rec.pid);
      found.delete(rec.pid);
      // Waiting out a restart backoff: no sandbox is expected; rearm() below starts it again.
      if (!sandbox && rec.state === 'starting' && this.policies?.get(rec.pid).restartDueAt != null) continue;
      if (!sandbox) {
        this.move(rec.pid, 'failed', { exit: { code: null, signal: null, reason: 'lost' }, endedAt: Date.now() });
        report.lost++;
        continue;
      }
      this.attach(rec.pid, sandbox.handle);
      if (this.sockets) serving.push(this.sockets.serve(rec.pid, rec.agent.name, this.repo.agentUid(rec.agent.id)));
      report.adopted++;
      if (rec.state === 'starting' || rec.state === 'created') {
        if (rec.state === 'created') this.move(rec.pid, 'starting');
        this.move(rec.pid, 'running', { sandboxId: sandbox.handle.id, pauseMethod: sandbox.handle.pauseMethod });
      }
      const now = this.get(rec.pid).state;
      if (sandbox.paused && now === 'running') this.move(rec.pid, 'paused');
      if (!sandbox.paused && now === 'paused' && sandbox.handle.pauseMethod === 'freezer') this.move(rec.pid, 'running');
    }
    await Promise.all(serving);
    // GPUs of processes that ended while the kernel was away (or were just found lost) are free again.
    this.gpus?.releaseEnded();
    // Egress namespaces of live processes are adopted; those of ended or unknown ones go.
    const egress = this.repo
      .list(['running', 'paused', 'stopping'])
      .flatMap((p) => (p.sandbox.egress ? [{ pid: p.pid, egress: p.sandbox.egress }] : []));
    await this.networks?.reconcile(egress).catch((err: unknown) => this.log.error({ err }, 'reconciling egress networks'));
    const orphans: AdoptedSandbox[] = [];
    await Promise.all(
      [...found.values()].map(async (a) => {
        if (await this.adoptWarm(a)) report.warm++;
        else orphans.push(a);
      }),
    );
    report.orphans = orphans.length;
    await Promise.all(
      orphans.map((orphan) => {
        this.log.warn({ pid: orphan.pid, unit: orphan.handle.id }, 'removing a sandbox the database does not know');
        return orphan.handle.destroy().catch((err: unknown) => this.log.error({ err, pid: orphan.pid }, 'removing an orphan'));
      }),
    );
    // Times-to-live that ran out while the kernel was away end now (not awaited: a stop takes up
    // to the grace period and must not hold up the kernel's start); the others get their timer.
    void this.expireDue();
    this.policies?.rearm();
    return report;
  }

  /** A prestarted sandbox of a known agent goes back to the pool, its kernel socket open again. */
  private async adoptWarm(a: AdoptedSandbox): Promise<boolean> {
    const w = a.warm;
    if (!w || !this.pool || !this.sockets || a.paused) return false;
    const agent = this.repo.agentByName(w.agentName);
    if (agent?.id !== w.agentId) return false;
    await this.sockets.serve(a.pid, agent.name, agent.uid);
    await this.pool.adopt(agent.id, w.network, { pid: a.pid, sandbox: w.sandbox, limits: w.limits });
    return true;
  }

  /** Waits until every live process has been recorded as ended (used by tests and shutdown of tests). */
  async waitForExit(pid: number): Promise<ProcessRecord> {
    const live = this.live.get(pid);
    return live ? live.ended : this.get(pid);
  }

  private attach(pid: number, handle: SandboxHandle): void {
    const ended = handle.exited.then((status) => this.onExit(pid, handle, status));
    this.live.set(pid, { handle, ended });
  }

  private async onExit(pid: number, handle: SandboxHandle, status: ExitStatus): Promise<ProcessRecord> {
    const to: ProcessState = status.reason === 'lost' ? 'failed' : status.signal ? 'killed' : 'exited';
    let rec = this.get(pid);
    // An exit of its own (not a stop someone asked for) may start the program again in this PID.
    const again = rec.state === 'running' && this.policies?.onExit(pid, rec.agent.name, status, rec.endReason !== null) != null;
    if (again) {
      rec = this.move(pid, 'starting');
      this.ending.set(pid, this.live.get(pid)!.ended);
    } else if (!isFinal(rec.state)) rec = this.move(pid, to, { exit: status, endedAt: Date.now() });
    this.live.delete(pid);
    this.gpus?.release(pid);
    // The slice first: only once nothing of the agent runs is its part of the kernel directory
    // (desktop/) removed, and then without following anything it left there (removeTree).
    await handle.destroy().catch((err: unknown) => this.log.error({ err, pid }, 'removing the sandbox of an ended process'));
    if (rec.sandbox.egress)
      await this.networks
        ?.teardown(pid)
        .catch((err: unknown) => this.log.error({ err, pid }, 'removing the network of an ended process'));
    const left = await this.sockets?.close(pid).catch((err: unknown) => [String(err)]);
    if (left && left.length) this.log.error({ pid, left: left.slice(0, 20) }, 'left in the kernel directory of an ended process');
    return rec;
  }

  /** A restart policy's next run: the same PID, command and limits, a fresh sandbox (restart-in-place.ts). */
  private async relaunch(pid: number): Promise<void> {
    const previous = this.ending.get(pid);
    this.ending.delete(pid);
    await previous;
    const rec = this.get(pid);
    this.policies?.started(pid);
    if (rec.state !== 'starting') return; // stopped meanwhile
    const agent = this.repo.agentByName(rec.agent.name)!;
    const driver = this.driver(rec.sandbox.driver);
    const spec = relaunchSpec(rec, this.opts.endpointCommand?.(driver));
    try {
      const handle = await this.launchCold(driver, pid, {
        agent,
        home: this.ensureHome(agent.id, agent.uid),
        ...spec,
        gpus: undefined,
      });
      this.attach(pid, handle);
      this.move(pid, 'running', { sandboxId: handle.id, pauseMethod: handle.pauseMethod, startedAt: Date.now() });
    } catch (err) {
      await this.sockets?.close(pid);
      if (rec.sandbox.egress) await this.networks?.teardown(pid);
      this.log.error({ err, pid }, 'restarting a process');
      this.move(pid, 'failed', {
        exit: { code: null, signal: null, reason: `restart-failed: ${String(err)}` },
        endedAt: Date.now(),
      });
    }
  }

  private checkNetwork(mode: NetworkMode, egress: SpawnRequest['egress'], driver: string) {
    if (this.networks) return this.networks.check(mode, egress, driver);
    if (mode === 'egress' || egress !== undefined) {
      throw new AetherError('NETWORK_UNAVAILABLE', 'Egress networking is not enabled in this kernel; spawn with network "none".');
    }
    return null;
  }

  private driver(name: string): SandboxDriver {
    const driver = this.drivers.available.get(name);
    if (driver) return driver;
    const why = this.drivers.unavailable.get(name);
    if (why !== undefined) {
      throw new AetherError('SANDBOX_UNAVAILABLE', `The ${name} driver is not available on this host: ${why}`);
    }
    throw new AetherError('VALIDATION_FAILED', `sandbox.driver: unknown driver "${name}".`, {
      details: { known: [...this.drivers.available.keys(), ...this.drivers.unavailable.keys()] },
    });
  }

  /** The driver a process ran under, live or ended (its logs outlive it); null when it is not available now. */
  driverOf(pid: number): SandboxDriver | null {
    return this.drivers.available.get(this.get(pid).sandbox.driver) ?? null;
  }

  /** The live sandbox of a process and its driver: terminals and desktops open companions in it. */
  sandboxOf(pid: number): { driver: SandboxDriver; handle: SandboxHandle } {
    const handle = this.liveHandle(pid);
    return { driver: this.driver(this.get(pid).sandbox.driver), handle };
  }

  private liveHandle(pid: number): SandboxHandle {
    const rec = this.get(pid);
    const live = this.live.get(pid);
    if (!live || isFinal(rec.state)) {
      throw new AetherError('PROCESS_NOT_RUNNING', `Process ${pid} is ${rec.state}.`, { details: { pid, state: rec.state } });
    }
    return live.handle;
  }

  private move(pid: number, to: ProcessState, patch: StatePatch = {}): ProcessRecord {
    const before = this.get(pid);
    assertTransition(pid, before.state, to);
    const event: StateEvent = {
      type: 'process.state',
      pid,
      agent: before.agent.name,
      from: before.state,
      to,
      exit: patch.exit ?? null,
      at: Date.now(),
    };
    const seq = this.repo.applyState(pid, to, patch, event);
    this.events.publish({ ...event }, seq);
    return this.get(pid);
  }

  private ensureHome(agentId: string, uid: number): string {
    const home = join(this.opts.homesDir, agentId);
    mkdirSync(home, { recursive: true, mode: 0o700 });
    chownSync(home, uid, uid);
    return home;
  }
}
