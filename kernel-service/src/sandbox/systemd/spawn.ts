import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkMode } from '../driver.js';
import type { Limits } from '../limits.js';
import { startScript } from './warm.js';

export interface WarmMarker {
  agentId: string;
  agentName: string;
  network: NetworkMode;
  limits: Limits;
  /** The start FIFO the waiter reads. */
  fifo: string;
}

const WARM_SUFFIX = '.warm.json';
/** What a restarted kernel keeps of a live unit: its environment record and its warm marker. */
const KEPT_SUFFIXES = ['.env.json', WARM_SUFFIX];

/** The name of the credential that carries a unit's program (in $CREDENTIALS_DIRECTORY). */
export const SPAWN_CREDENTIAL = 'spawn';

/**
 * What every unit's ExecStart= runs under tini: a shell that sources the unit's credential, a
 * script of `export K='v'` lines and one `exec` of the program (warm.ts's startScript). So
 * ExecStart= and the transient unit file say nothing about the program.
 */
export const LAUNCHER = ['/bin/sh', '-c', `. "$CREDENTIALS_DIRECTORY/${SPAWN_CREDENTIAL}"`];

/**
 * Where the program, arguments and environment of a unit wait for systemd: root-only files in
 * the kernel's runtime directory (hidden from every sandbox). systemd publishes a unit's
 * ExecStart=, Environment= and Description= to every user (D-Bus GetAll, `systemctl show`,
 * /run/systemd/transient/*.service mode 0644), so none of those may hold anything the caller
 * gave. LoadCredential=spawn:<file> makes systemd copy the file into the unit's own credential
 * directory, which only root and the unit's user can read and no other unit can see; the
 * kernel removes its copy once the start job is over.
 *
 * Beside it, per main unit, a record of the caller's environment (JSON): companions (terminals,
 * desktop programs) get it too, also when a restarted kernel opens them on an adopted sandbox.
 */
export class SpawnFiles {
  constructor(private readonly dir: string) {}

  /** Writes the unit's credential; returns the path for LoadCredential=. */
  write(unit: string, command: string[], environment: Record<string, string>): string {
    this.ensureDir();
    const path = join(this.dir, unit);
    writeFileSync(path, startScript(command, environment), { mode: 0o600 });
    return path;
  }

  /** systemd has its own copy once the start job ended (either way). */
  consumed(unit: string): void {
    rmSync(join(this.dir, unit), { force: true });
  }

  /** The caller's environment of a main unit's program, for its companions. */
  record(mainUnit: string, environment: Record<string, string>): void {
    this.ensureDir();
    writeFileSync(this.recordPath(mainUnit), JSON.stringify(environment), { mode: 0o600 });
  }

  /** {} when there is none (a kernel of an older version launched the unit, or it was destroyed). */
  environmentOf(mainUnit: string): Record<string, string> {
    try {
      const parsed = JSON.parse(readFileSync(this.recordPath(mainUnit), 'utf8')) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return {};
    }
  }

  forget(mainUnit: string): void {
    rmSync(this.recordPath(mainUnit), { force: true });
    this.unmarkWarm(mainUnit);
    this.consumed(mainUnit);
  }

  /**
   * A prestarted sandbox's marker: whose it is and how it was started, so a kernel that restarts
   * while it waits gives it back to the warm pool instead of removing it as an orphan.
   */
  markWarm(mainUnit: string, marker: WarmMarker): void {
    this.ensureDir();
    writeFileSync(this.warmPath(mainUnit), JSON.stringify(marker), { mode: 0o600 });
  }

  /** Removed before the program is handed over: from then on it is a process (with a row). */
  unmarkWarm(mainUnit: string): void {
    rmSync(this.warmPath(mainUnit), { force: true });
  }

  warmOf(mainUnit: string): WarmMarker | null {
    try {
      const m = JSON.parse(readFileSync(this.warmPath(mainUnit), 'utf8')) as Partial<WarmMarker>;
      const ok =
        typeof m.agentId === 'string' &&
        typeof m.agentName === 'string' &&
        typeof m.network === 'string' &&
        typeof m.fifo === 'string' &&
        typeof m.limits === 'object' &&
        m.limits !== null;
      return ok ? (m as WarmMarker) : null;
    } catch {
      return null;
    }
  }

  /**
   * At kernel start (adoption): what a kernel that died left behind. Credentials wait only for a
   * start job of this kernel, so none is current; records are kept for the units still there.
   */
  sweep(liveUnits: Set<string>): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return; // nothing written yet
    }
    for (const name of names) {
      const suffix = KEPT_SUFFIXES.find((s) => name.endsWith(s));
      const unit = suffix ? name.slice(0, -suffix.length) : null;
      if (unit === null || !liveUnits.has(unit)) rmSync(join(this.dir, name), { force: true });
    }
  }

  private warmPath(mainUnit: string): string {
    return join(this.dir, `${mainUnit}${WARM_SUFFIX}`);
  }

  private recordPath(mainUnit: string): string {
    return join(this.dir, `${mainUnit}.env.json`);
  }

  private ensureDir(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // mkdir's mode is cut by the umask and leaves an existing directory as it was.
    chmodSync(this.dir, 0o700);
  }
}
