import type { ExitStatus } from '../driver.js';
import { signalName } from '../signals.js';
import { unitObjectPath, type SystemdBus, type UnitProperties } from './bus.js';

const UNIT_IFACE = 'org.freedesktop.systemd1.Unit';
const SERVICE_IFACE = 'org.freedesktop.systemd1.Service';
/** si_code values systemd reports in ExecMainCode. */
const CLD_EXITED = 1;

interface Watch {
  unit: string;
  /** An "inactive" state only means "ended" once the unit was seen starting. */
  armed: boolean;
  resolve: (status: ExitStatus) => void;
}

/**
 * Turns systemd's PropertiesChanged signals into one exit promise per main unit:
 * no polling, one match rule for all units.
 */
export class ExitWatcher {
  private readonly watches = new Map<string, Watch>();

  constructor(private readonly bus: SystemdBus) {
    bus.onPropertiesChanged((path, iface, changed) => {
      if (iface !== UNIT_IFACE) return;
      const watch = this.watches.get(path);
      if (watch) this.onUnitChange(path, watch, changed);
    });
  }

  /** Starts watching before the unit exists, so no transition can be missed. */
  watch(unit: string, armed = false): { exited: Promise<ExitStatus>; arm: () => void; cancel: () => void } {
    const path = unitObjectPath(unit);
    let resolve!: (s: ExitStatus) => void;
    const exited = new Promise<ExitStatus>((r) => (resolve = r));
    const watch: Watch = { unit, armed, resolve };
    this.watches.set(path, watch);
    return {
      exited,
      arm: () => (watch.armed = true),
      cancel: () => this.watches.delete(path),
    };
  }

  /** For adopted units: reads the current state once and settles if the program already ended. */
  async check(unit: string): Promise<void> {
    const path = unitObjectPath(unit);
    const watch = this.watches.get(path);
    if (!watch) return;
    try {
      const props = await this.bus.unitProperties(unit, UNIT_IFACE);
      this.onUnitChange(path, watch, props);
    } catch {
      this.settle(path, watch, { code: null, signal: null, reason: 'lost' });
    }
  }

  /**
   * For adopted units, from a ListUnitsByPatterns row read after watch() (so a change in between
   * arrives as a signal too): one call for every unit instead of a GetAll each. `null`: the unit is
   * no longer loaded (ended and collected while nobody watched).
   */
  observe(unit: string, state: { ActiveState: string; SubState: string } | null): void {
    const path = unitObjectPath(unit);
    const watch = this.watches.get(path);
    if (!watch) return;
    if (state === null) this.settle(path, watch, { code: null, signal: null, reason: 'lost' });
    else this.onUnitChange(path, watch, state);
  }

  private onUnitChange(path: string, watch: Watch, changed: UnitProperties): void {
    const active = changed.ActiveState as string | undefined;
    const sub = changed.SubState as string | undefined;
    if (active === 'activating' || active === 'active') watch.armed = true;
    const ended = sub === 'exited' || active === 'failed' || (active === 'inactive' && watch.armed);
    if (!ended) return;
    this.watches.delete(path);
    void this.readStatus(watch.unit).then((status) => watch.resolve(status));
  }

  private settle(path: string, watch: Watch, status: ExitStatus): void {
    this.watches.delete(path);
    watch.resolve(status);
  }

  private async readStatus(unit: string): Promise<ExitStatus> {
    try {
      const s = await this.bus.unitProperties(unit, SERVICE_IFACE);
      return exitStatusOf(s.ExecMainCode as number, s.ExecMainStatus as number, s.Result as string);
    } catch {
      // The unit was stopped and collected by someone else before we could read it.
      return { code: null, signal: null, reason: 'lost' };
    }
  }
}

/**
 * Reads systemd's view of the main process (tini). tini reports "killed by signal N"
 * as exit code 128+N, the shell convention; that is mapped back to the signal, so an
 * agent that itself exits with 128+N reads as killed by N, as it would in any shell.
 */
export function exitStatusOf(execMainCode: number, execMainStatus: number, result: string): ExitStatus {
  if (execMainCode === 0) return { code: null, signal: null, reason: result === 'success' ? 'lost' : result };
  if (execMainCode === CLD_EXITED) {
    const signal = execMainStatus > 128 && execMainStatus <= 128 + 64 ? signalName(execMainStatus - 128) : null;
    if (signal && !signal.startsWith('SIG1') && !/^SIG[0-9]/.test(signal)) {
      return { code: null, signal, reason: result === 'oom-kill' ? result : 'signal' };
    }
    return { code: execMainStatus, signal: null, reason: result };
  }
  return { code: null, signal: signalName(execMainStatus), reason: result };
}
