import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startScript } from './warm.js';

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
    this.consumed(mainUnit);
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
      const unit = name.endsWith('.env.json') ? name.slice(0, -'.env.json'.length) : null;
      if (unit === null || !liveUnits.has(unit)) rmSync(join(this.dir, name), { force: true });
    }
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
