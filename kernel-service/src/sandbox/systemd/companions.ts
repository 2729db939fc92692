import { Variant } from '@particle/dbus-next';
import { SANDBOX_KERNEL_DIR, type ExitStatus, type LaunchSpec, type NetworkMode } from '../driver.js';
import { AGENT_HOME } from '../environment.js';
import type { PropertyList, SystemdBus } from './bus.js';
import type { ExitWatcher } from './exit-watch.js';
import type { SpawnFiles } from './spawn.js';
import { mainUnitProperties, pidOfUnit, sliceName, type MainUnitOptions } from './units.js';

export interface CompanionOptions {
  parentSlice: string;
  hiddenPaths: string[];
  stopGraceMs: number;
}

export interface CompanionRequest {
  /** Names the unit: aether-p<PID>-<role>.service. */
  role: string;
  command: string[];
  environment?: Record<string, string>;
  /** Properties added to (or replacing) the main unit's confinement, e.g. a TTY. */
  extra?: PropertyList;
}

export interface Companion {
  unit: string;
  exited: Promise<ExitStatus>;
  stop(): Promise<void>;
}

/** Properties a companion sets itself rather than taking from the main unit's builder. */
const OWN = new Set(['Description', 'RemainAfterExit']);

/**
 * Companion units: terminals and desktop programs of a process. Each is a transient service in
 * the process's slice (so it counts against the same limits), built by the same property builder
 * as the main unit (same user, home bind, /run/aether bind, hidden paths, seccomp filter,
 * capabilities) and joined to the main unit's namespaces with JoinsNamespaceOf=: the network
 * namespace (loopback only under network "none"; systemd joins it only when both units have
 * PrivateNetwork=), /tmp and /var/tmp, and the IPC namespace (both have PrivateIPC=). What cannot
 * be shared with transient units is the PID namespace: every companion is PID 1 of its own
 * (PrivatePIDs=), so it sees its own processes, not the main program's.
 *
 * The confinement is read back from the main unit as systemd holds it, so a kernel that restarted
 * and adopted the sandbox builds exactly the same companions as the one that launched it. None of
 * that is secret; the caller's environment, which is, comes from the kernel's root-only record
 * (SpawnFiles), and the companion's own program travels in its own credential.
 */
export class CompanionUnits {
  constructor(
    private readonly bus: SystemdBus,
    private readonly watcher: ExitWatcher,
    private readonly opts: CompanionOptions,
    private readonly spawn: SpawnFiles,
  ) {}

  async start(mainUnit: string, req: CompanionRequest): Promise<Companion> {
    const spec = await this.specOf(mainUnit, req.command, req.environment ?? {});
    const unit = this.unitName(mainUnit, req.role);
    const unitOpts: MainUnitOptions = {
      slice: sliceName(this.opts.parentSlice, spec.pid),
      hiddenPaths: this.opts.hiddenPaths,
      stopGraceMs: this.opts.stopGraceMs,
      credential: this.spawn.write(unit, spec.command, spec.environment),
    };
    const extra = req.extra ?? [];
    const replaced = new Set(extra.map(([k]) => k));
    const base = mainUnitProperties(spec, unitOpts).filter(([k]) => !replaced.has(k));
    const props: PropertyList = [
      ...base.filter(([k]) => !OWN.has(k)),
      ['Description', new Variant('s', `Aether process ${spec.pid}: ${req.role}`)],
      // Kept after the end so the exit status can be read; removed by stop().
      ['RemainAfterExit', new Variant('b', true)],
      ['JoinsNamespaceOf', new Variant('as', [mainUnit])],
      // Stopping the main unit (or its slice) takes the companions with it.
      ['BindsTo', new Variant('as', [mainUnit])],
      ['After', new Variant('as', [mainUnit])],
      ...extra,
    ];
    const watch = this.watcher.watch(unit);
    try {
      const [job] = (await this.bus.manager('StartTransientUnit', 'ssa(sv)a(sa(sv))', [unit, 'fail', props, []])) as [string];
      const result = await this.bus.waitForJob(job);
      if (result !== 'done') throw new Error(`the start job of ${unit} ended with "${result}"`);
      watch.arm();
    } catch (err) {
      watch.cancel();
      await this.remove(unit);
      throw err;
    } finally {
      this.spawn.consumed(unit);
    }
    return { unit, exited: watch.exited, stop: () => this.remove(unit) };
  }

  unitName(mainUnit: string, role: string): string {
    return `${mainUnit.replace(/\.service$/, '')}-${role}.service`;
  }

  /** Freezes one unit (the main program) and nothing else in the slice: the desktop keeps running. */
  async freeze(unit: string): Promise<void> {
    await this.bus.manager('FreezeUnit', 's', [unit]);
  }

  async thaw(unit: string): Promise<void> {
    await this.bus.manager('ThawUnit', 's', [unit]);
  }

  /**
   * The companion units of a main unit that are active now (aether-p<PID>-<role>.service): what
   * a desktop takeover freezes besides the main unit, whoever started them.
   */
  async listActive(mainUnit: string): Promise<string[]> {
    const pattern = `${mainUnit.replace(/\.service$/, '')}-*.service`;
    const [rows] = (await this.bus.manager('ListUnitsByPatterns', 'asas', [['active'], [pattern]])) as [string[][]];
    return rows.map((r) => r[0]!);
  }

  async isActive(unit: string): Promise<boolean> {
    try {
      const p = await this.bus.unitProperties(unit, 'org.freedesktop.systemd1.Unit');
      return p.ActiveState === 'active' && p.SubState === 'running';
    } catch {
      return false;
    }
  }

  /** Stops the unit and forgets it. Idempotent. */
  async remove(unit: string): Promise<void> {
    try {
      const [job] = (await this.bus.manager('StopUnit', 'ss', [unit, 'replace'])) as [string];
      await this.bus.waitForJob(job);
    } catch {
      /* gone already */
    }
    await this.bus.manager('ResetFailedUnit', 's', [unit]).catch(() => undefined);
  }

  /** Rebuilds the main unit's LaunchSpec from systemd's view of it (user, binds, network) and the kernel's record. */
  private async specOf(mainUnit: string, command: string[], environment: Record<string, string>): Promise<LaunchSpec> {
    const pid = pidOfUnit(mainUnit);
    if (pid === null) throw new Error(`${mainUnit} is not a main unit`);
    const s = await this.bus.unitProperties(mainUnit, 'org.freedesktop.systemd1.Service');
    const uid = Number(/^aether-u([0-9]+)$/.exec(String(s.User))?.[1] ?? NaN);
    if (!Number.isInteger(uid)) throw new Error(`${mainUnit} does not run as an agent user (User=${String(s.User)})`);
    const binds = (s.BindPaths ?? []) as [string, string, boolean, number][];
    const home = binds.find((b) => b[1] === AGENT_HOME)?.[0];
    if (!home) throw new Error(`${mainUnit} has no home bound at ${AGENT_HOME}`);
    const kernelSocketDir = binds.find((b) => b[1] === SANDBOX_KERNEL_DIR)?.[0];
    const mainEnv = Object.fromEntries(
      ((s.Environment ?? []) as string[]).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
    const netnsPath = typeof s.NetworkNamespacePath === 'string' ? s.NetworkNamespacePath : '';
    const resolvConf = ((s.BindReadOnlyPaths ?? []) as [string, string][]).find((b) => b[1] === '/etc/resolv.conf')?.[0];
    const network: NetworkMode = s.PrivateNetwork === true ? 'none' : netnsPath ? 'egress' : 'host';
    // Under "none" only a main unit behind the TCP endpoint has IP sockets: its terminals may use the endpoint too.
    const families = (s.RestrictAddressFamilies as [boolean, string[]] | undefined)?.[1] ?? [];
    const endpoint = network === 'none' && families.includes('AF_INET');
    return {
      pid,
      agent: { id: '', name: mainEnv.AETHER_AGENT ?? '', uid, home },
      command,
      // The unit's Environment= holds only the kernel's variables (baseEnvironment rebuilds them).
      environment: { ...this.spawn.environmentOf(mainUnit), ...environment },
      // The slice holds the limits; a companion's own unit gets none.
      limits: { memoryMax: 0, cpuQuota: 0, tasksMax: 0 },
      network,
      ...(endpoint ? { endpoint: true } : {}),
      ...(netnsPath && resolvConf ? { netns: { path: netnsPath, resolvConf } } : {}),
      ...(kernelSocketDir ? { kernelSocketDir } : {}),
    };
  }
}
