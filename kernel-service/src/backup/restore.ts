/**
 * Restore in two halves. stageRestore (while the kernel runs) verifies the backup whole into a
 * staging folder beside the state (same file system, so the swap is renames), unpacks the trees
 * there with their owners, checks the database, then writes restore-pending.json. The kernel
 * then exits and systemd starts it again (Restart=always); before it opens anything,
 * applyPendingRestore swaps the staged state in: old state renamed aside, staged renamed in, the
 * marker removed last, so a crash mid-way applies the rest on the next start.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AetherError } from '../errors/index.js';
import { migrations } from '../store/migrations.js';
import { readBackup, type Manifest } from './archive.js';
import { extractDirectory } from './tree.js';

export const PENDING = 'restore-pending.json';
const TREES = [
  ['homes.tar', 'homes'],
  ['container-logs.tar', 'container-logs'],
  ['snapshots.tar', 'snapshots'],
] as const;

export interface RestorePaths {
  stateDir: string;
  configFile: string;
  environmentFile: string;
}

/** Verifies and stages `file`; throws (leaving nothing) when the backup is refused. */
export async function stageRestore(file: string, paths: RestorePaths, id: string): Promise<Manifest> {
  const staging = join(paths.stateDir, `.restore-${id}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    const manifest = await readBackup(file, staging);
    checkDatabase(join(staging, 'aether.db'));
    for (const [member, dir] of TREES) {
      if (!existsSync(join(staging, member))) continue;
      try {
        await extractDirectory(join(staging, member), join(staging, dir));
      } catch (err) {
        throw new AetherError('BACKUP_INVALID', `The backup is not usable: ${member}: ${(err as Error).message}.`);
      }
      rmSync(join(staging, member));
    }
    writeFileSync(
      join(paths.stateDir, PENDING),
      JSON.stringify({ staging, manifest: { createdAt: manifest.createdAt, hostname: manifest.hostname } }),
    );
    return manifest;
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

function checkDatabase(path: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = migrations.at(-1)?.version ?? 0;
    if (version > latest)
      throw new AetherError(
        'BACKUP_VERSION_UNSUPPORTED',
        `The backup's database is at schema version ${version}; this kernel knows ${latest}.`,
      );
    const ok = db.pragma('quick_check', { simple: true });
    if (ok !== 'ok')
      throw new AetherError('BACKUP_INVALID', `The backup is not usable: its database fails SQLite's check (${String(ok)}).`);
  } catch (err) {
    if (err instanceof AetherError) throw err;
    throw new AetherError(
      'BACKUP_INVALID',
      `The backup is not usable: its database cannot be opened (${(err as Error).message}).`,
    );
  } finally {
    db?.close();
  }
}

const swap = (staged: string, live: string, aside: string) => {
  if (!existsSync(staged)) return;
  if (existsSync(live)) renameSync(live, aside);
  renameSync(staged, live);
};

/** Applies a staged restore before the kernel opens its state; answers whether one was applied. */
export function applyPendingRestore(paths: RestorePaths): boolean {
  const marker = join(paths.stateDir, PENDING);
  if (!existsSync(marker)) {
    removeLeftovers(paths.stateDir);
    return false;
  }
  const { staging } = JSON.parse(readFileSync(marker, 'utf8')) as { staging: string };
  if (existsSync(staging)) {
    const old = (name: string) => join(staging, `previous-${name}`);
    // The old database's journal would be replayed into the new one: it goes aside with it.
    for (const ext of ['-wal', '-shm']) {
      const live = join(paths.stateDir, `aether.db${ext}`);
      if (existsSync(live)) renameSync(live, old(`aether.db${ext}`));
    }
    swap(join(staging, 'aether.db'), join(paths.stateDir, 'aether.db'), old('aether.db'));
    for (const [, dir] of TREES) swap(join(staging, dir), join(paths.stateDir, dir), old(dir));
    // /etc is another file system: the staged file is copied beside the live one, then renamed.
    for (const [member, live] of [
      ['config.json', paths.configFile],
      ['environment', paths.environmentFile],
    ] as const) {
      const staged = join(staging, member);
      if (!existsSync(staged)) continue;
      const bytes =
        member === 'config.json' && existsSync(live)
          ? keepLiveSecrets(readFileSync(staged, 'utf8'), readFileSync(live, 'utf8'))
          : readFileSync(staged);
      writeFileSync(`${live}.restore`, bytes, { mode: 0o600 });
      renameSync(`${live}.restore`, live);
    }
  }
  rmSync(marker);
  rmSync(staging, { recursive: true, force: true });
  return true;
}

const SECRET_KEY = /apikey|secret|token/i;

/** Staging folders and uploads of restores the kernel died in before staging them (never applied). */
function removeLeftovers(stateDir: string): void {
  if (!existsSync(stateDir)) return;
  for (const n of readdirSync(stateDir))
    if (n.startsWith('.restore-')) rmSync(join(stateDir, n), { recursive: true, force: true });
  const backups = join(stateDir, 'backups');
  if (!existsSync(backups)) return;
  for (const n of readdirSync(backups))
    if (n.startsWith('.upload-') || n.endsWith('.partial') || n.endsWith('.work'))
      rmSync(join(backups, n), { recursive: true, force: true });
}

/**
 * A backup made without includeSecrets has its provider keys blanked: the restored configuration
 * keeps this appliance's own key wherever the backup's is blank, rather than losing it.
 */
export function keepLiveSecrets(restored: string, live: string): string {
  let cur: unknown;
  try {
    cur = JSON.parse(live);
  } catch {
    return restored;
  }
  const fill = (value: unknown, other: unknown): unknown => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const o = (other && typeof other === 'object' ? other : {}) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) && v === '' && typeof o[k] === 'string' ? o[k] : fill(v, o[k]),
      ]),
    );
  };
  return JSON.stringify(fill(JSON.parse(restored), cur), null, 2) + '\n';
}
