import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { AetherError } from '../../errors/index.js';
import { cgroupDirsOfPath } from '../cgroup-dirs.js';
import type { Limits } from '../limits.js';
import type {
  AdoptedSandbox,
  CgroupDirs,
  ExecSession,
  ExecSpec,
  ExitStatus,
  LaunchSpec,
  LogEntry,
  LogQuery,
  LogSource,
  PauseMethod,
  SandboxDriver,
  SandboxHandle,
  TerminalChannel,
  TerminalSpec,
  WarmSandbox,
} from '../driver.js';
import { signalNumber, type SignalName } from '../signals.js';
import { SystemdBus } from './bus.js';
import { CompanionUnits } from './companions.js';
import { SpawnFiles } from './spawn.js';
import { openSystemdTerminal } from './terminal.js';
import { execInCompanion } from './exec.js';
import { journalLogs } from './journal.js';
import { ExitWatcher } from './exit-watch.js';
import { AgentUsers } from './users.js';
import { INIT, limitProperties, mainUnitName, mainUnitProperties, pidOfUnit, sliceName, sliceProperties } from './units.js';
import { makeStartFifo, sendStartScript, startScript, WAITER } from './warm.js';

/** PrivatePIDs= arrived in systemd 257; without it agents would see each other's processes. */
const MIN_SYSTEMD = 257;

export interface SystemdDriverOptions {
  parentSlice: string;
  /** Kernel paths (state, configuration) hidden from every agent. */
  hiddenPaths: string[];
  stopGraceMs: number;
  /** Root-only directory (hidden from agents) where programs and environments wait for systemd. */
  spawnDir: string;
  log: Logger;
}

/**
 * Sandboxes as systemd units, driven over D-Bus: a slice per process with its limits,
 * a transient main service inside it. systemd owns the processes; the kernel can
 * die and come back without losing them.
 */
export class SystemdDriver implements SandboxDriver {
  readonly name = 'systemd';
  readonly programsFrom = 'host';
  readonly desktops = true;
  private readonly users = new AgentUsers();
  private readonly watcher: ExitWatcher;
  private readonly spawn: SpawnFiles;
  /** Terminals and desktop programs, confined like the main unit they belong to. */
  readonly companions: CompanionUnits;
  private terminalSeq = 0;

  private constructor(
    private readonly bus: SystemdBus,
    private readonly opts: SystemdDriverOptions,
    private readonly version: string,
    private readonly pauseMethod: PauseMethod,
  ) {
    this.watcher = new ExitWatcher(bus);
    this.spawn = new SpawnFiles(opts.spawnDir);
    this.companions = new CompanionUnits(bus, this.watcher, opts, this.spawn);
    // userdb records (nss-systemd) or useradd: which one decides a new agent's first-spawn time.
    opts.log.info({ agentUsers: this.users.method }, 'agent users');
  }

  static async connect(opts: SystemdDriverOptions): Promise<SystemdDriver> {
    const bus = await SystemdBus.connect();
    const version = String(await bus.managerProperty('Version'));
    const major = Number(/^([0-9]+)/.exec(version)?.[1] ?? 0);
    if (major < MIN_SYSTEMD) {
      bus.close();
      throw new AetherError(
        'SANDBOX_UNAVAILABLE',
        `systemd ${version} is too old: the systemd driver needs ${MIN_SYSTEMD} or newer (PrivatePIDs=). Run Aether on Debian 13 or the appliance image.`,
      );
    }
    if (!existsSync(INIT)) {
      bus.close();
      throw new AetherError(
        'SANDBOX_UNAVAILABLE',
        `${INIT} is missing: the systemd driver runs every program under tini. Install Debian's tini package.`,
      );
    }
    // The cgroup v2 freezer keeps memory and is invisible to the program; on a cgroup v1
    // host the honest fallback is SIGSTOP/SIGCONT, and the API reports which one is used.
    const pauseMethod: PauseMethod = existsSync('/sys/fs/cgroup/cgroup.controllers') ? 'freezer' : 'signal';
    if (pauseMethod === 'signal') {
      opts.log.warn('cgroup v2 is not mounted: pause falls back to SIGSTOP/SIGCONT');
    }
    return new SystemdDriver(bus, opts, version, pauseMethod);
  }

  describe(): { driver: string; pauseMethod: PauseMethod; version: string; gpuPassthrough: string } {
    // DeviceAllow= on the host's NVIDIA nodes; the host's libraries are visible read-only anyway.
    return { driver: this.name, pauseMethod: this.pauseMethod, version: `systemd ${this.version}`, gpuPassthrough: 'nodes' };
  }

  launch(spec: LaunchSpec): Promise<SandboxHandle> {
    return this.startMain(spec);
  }

  private async startMain(spec: LaunchSpec): Promise<SandboxHandle> {
    if (spec.image) {
      throw new AetherError(
        'VALIDATION_FAILED',
        'sandbox.image needs sandbox.driver "docker"; the systemd driver runs programs of the host.',
      );
    }
    if (spec.gpus && (spec.gpus.devices.length === 0 || spec.gpus.devices.some((d) => !d.hostPath.startsWith('/dev/')))) {
      // DeviceAllow= takes only nodes under /dev (systemd refuses anything else).
      throw new AetherError(
        'GPU_UNAVAILABLE',
        `GPU passthrough by systemd needs the NVIDIA device nodes under /dev (gpu.devDir); found: ${spec.gpus.devices.map((d) => d.hostPath).join(', ') || 'none'}.`,
      );
    }
    await this.users.ensure(spec.agent.uid);
    const slice = sliceName(this.opts.parentSlice, spec.pid);
    const unit = mainUnitName(this.opts.parentSlice, spec.pid);
    const watch = this.watcher.watch(unit);
    const handle = this.handle(unit, slice, watch.exited);
    try {
      // The caller's environment, for the companions; the program itself, for the LAUNCHER.
      this.spawn.record(unit, spec.environment);
      const mainProps = mainUnitProperties(spec, {
        slice,
        hiddenPaths: this.opts.hiddenPaths,
        stopGraceMs: this.opts.stopGraceMs,
        credential: this.spawn.write(unit, spec.command, spec.environment),
      });
      // The slice travels as an auxiliary unit: one call creates both, or neither.
      const [job] = (await this.bus.manager('StartTransientUnit', 'ssa(sv)a(sa(sv))', [
        unit,
        'fail',
        mainProps,
        [[slice, sliceProperties(spec)]],
      ])) as [string];
      const result = await this.bus.waitForJob(job);
      if (result !== 'done') throw new Error(`the start job ended with "${result}"`);
      watch.arm();
      return handle;
    } catch (err) {
      watch.cancel();
      const detail = await this.describeFailure(unit);
      await handle.destroy().catch((e: unknown) => this.opts.log.error({ err: e, unit }, 'cleanup after failed launch'));
      if (err instanceof AetherError) throw err;
      throw new AetherError('SANDBOX_LAUNCH_FAILED', `systemd could not start ${unit}: ${(err as Error).message}${detail}`, {
        cause: err,
      });
    } finally {
      this.spawn.consumed(unit);
    }
  }

  async prepare(spec: LaunchSpec): Promise<WarmSandbox> {
    if (!spec.kernelSocketDir) throw new Error('a warm sandbox needs its kernel directory (the start FIFO lives there)');
    const fifo = await makeStartFifo(spec.kernelSocketDir, spec.agent.uid);
    const handle = await this.startMain({ ...spec, command: WAITER, environment: {} });
    const { id: agentId, name: agentName } = spec.agent;
    this.spawn.markWarm(handle.id, { agentId, agentName, network: spec.network, limits: spec.limits, fifo });
    return this.warmSandbox(handle, sliceName(this.opts.parentSlice, spec.pid), fifo, spec.limits);
  }

  /** A waiting sandbox's start: limits first (when they differ), then the program through the FIFO. */
  private warmSandbox(handle: SandboxHandle, slice: string, fifo: string, prepared: Limits): WarmSandbox {
    let limits = prepared;
    return {
      handle,
      start: async (command, environment, wanted) => {
        if (wanted.memoryMax !== limits.memoryMax || wanted.cpuQuota !== limits.cpuQuota || wanted.tasksMax !== limits.tasksMax) {
          await this.bus.manager('SetUnitProperties', 'sba(sv)', [slice, true, limitProperties(wanted)]);
          limits = wanted;
        }
        this.spawn.unmarkWarm(handle.id);
        // Recorded first: a terminal opened the moment the program runs must get its environment.
        this.spawn.record(handle.id, environment);
        await sendStartScript(fifo, startScript(command, environment));
      },
    };
  }

  openTerminal(handle: SandboxHandle, spec: TerminalSpec): Promise<TerminalChannel> {
    // Unique across kernel restarts too: a leftover unit of a previous kernel must not collide.
    const seq = `${Date.now().toString(36)}${(this.terminalSeq++).toString(36)}`;
    return openSystemdTerminal(this.companions, handle.id, seq, spec);
  }

  exec(handle: SandboxHandle, spec: ExecSpec): Promise<ExecSession> {
    const seq = `${Date.now().toString(36)}${(this.terminalSeq++).toString(36)}`;
    return execInCompanion(this.companions, handle.id, seq, `${this.opts.spawnDir.replace(/\/+$/, '')}-exec`, spec);
  }

  logs(source: LogSource, query: LogQuery): AsyncIterable<LogEntry> {
    return journalLogs(source.sandboxId ?? mainUnitName(this.opts.parentSlice, source.pid), query);
  }

  /**
   * At kernel start: every main unit of ours systemd still has, in a constant number of round trips
   * (not a GetAll per unit): the list, watches on every unit, the list again for the states after
   * the watches (a change in between arrives as a signal), then one FreezerState Get per slice, all
   * in flight at once on the one connection. Prestarted sandboxes come back with their warm marker.
   */
  async adoptAll(): Promise<AdoptedSandbox[]> {
    const listUnits = async () => {
      const prefix = this.opts.parentSlice.replace(/\.slice$/, '');
      const [rows] = (await this.bus.manager('ListUnitsByPatterns', 'asas', [[], [`${prefix}-p*.service`]])) as [string[][]];
      return rows;
    };
    const rows = await listUnits();
    // Called once, at kernel start, before any launch of this kernel: no credential is in use.
    this.spawn.sweep(new Set(rows.map((r) => r[0]!)));
    const units = rows.flatMap((r) => {
      const pid = pidOfUnit(r[0]!);
      return pid === null ? [] : [{ unit: r[0]!, pid, slice: sliceName(this.opts.parentSlice, pid) }];
    });
    const watches = units.map((u) => this.watcher.watch(u.unit, true));
    const now = new Map((await listUnits()).map((r) => [r[0]!, { ActiveState: r[3]!, SubState: r[4]! }]));
    for (const u of units) this.watcher.observe(u.unit, now.get(u.unit) ?? null);
    const frozen = await Promise.all(
      units.map((u) =>
        this.bus
          .unitProperty(u.slice, 'org.freedesktop.systemd1.Unit', 'FreezerState')
          .then((s) => s === 'frozen')
          .catch(() => false),
      ),
    );
    return units.map((u, i) => {
      const handle = this.handle(u.unit, u.slice, watches[i]!.exited);
      const marker = this.spawn.warmOf(u.unit);
      const warm = marker && {
        agentId: marker.agentId,
        agentName: marker.agentName,
        network: marker.network,
        limits: marker.limits,
        sandbox: this.warmSandbox(handle, u.slice, marker.fifo, marker.limits),
      };
      return { pid: u.pid, handle, paused: frozen[i]!, ...(warm ? { warm } : {}) };
    });
  }

  async close(): Promise<void> {
    this.bus.close();
  }

  private handle(unit: string, slice: string, exited: Promise<ExitStatus>): SandboxHandle {
    const op = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
      try {
        await fn();
      } catch (err) {
        throw new AetherError('SANDBOX_OPERATION_FAILED', `${what} ${unit}: ${(err as Error).message}`, { cause: err });
      }
    };
    const kill = (who: 'main' | 'all', signal: SignalName) =>
      this.bus.manager('KillUnit', 'ssi', [unit, who, signalNumber(signal)]);
    return {
      id: unit,
      pauseMethod: this.pauseMethod,
      exited,
      signal: (signal, target = 'main') => op(`${signal} to`, () => kill(target, signal)),
      pause: () =>
        op('pause', () =>
          this.pauseMethod === 'freezer' ? this.bus.manager('FreezeUnit', 's', [slice]) : kill('all', 'SIGSTOP'),
        ),
      resume: () =>
        op('resume', () =>
          this.pauseMethod === 'freezer' ? this.bus.manager('ThawUnit', 's', [slice]) : kill('all', 'SIGCONT'),
        ),
      destroy: () => this.destroy(unit, slice),
      cgroup: this.cgroupOf(slice),
    };
  }

  /** The slice's cgroup (every unit of the process lives in it), asked of systemd once. */
  private cgroupOf(slice: string): () => Promise<CgroupDirs | null> {
    let dirs: CgroupDirs | null = null;
    return async () => {
      if (dirs) return dirs;
      const props = await this.bus.unitProperties(slice, 'org.freedesktop.systemd1.Slice').catch(() => null);
      const path = props?.ControlGroup;
      if (typeof path !== 'string' || path === '') return null;
      return (dirs = cgroupDirsOfPath(path));
    };
  }

  /** Stops the slice (and with it every unit and process inside), then forgets failed state. */
  private async destroy(unit: string, slice: string): Promise<void> {
    try {
      const [job] = (await this.bus.manager('StopUnit', 'ss', [slice, 'replace'])) as [string];
      await this.bus.waitForJob(job);
    } catch (err) {
      if (!isNoSuchUnit(err)) throw err;
    }
    for (const name of [unit, slice]) {
      await this.bus.manager('ResetFailedUnit', 's', [name]).catch(() => undefined);
    }
    this.spawn.forget(unit);
  }

  private async describeFailure(unit: string): Promise<string> {
    try {
      const s = await this.bus.unitProperties(unit, 'org.freedesktop.systemd1.Service');
      return ` (exit status ${String(s.ExecMainStatus)}, result "${String(s.Result)}"; see journalctl -u ${unit})`;
    } catch {
      return '';
    }
  }
}

function isNoSuchUnit(err: unknown): boolean {
  return (err as { dbusName?: string }).dbusName === 'org.freedesktop.systemd1.NoSuchUnit';
}
