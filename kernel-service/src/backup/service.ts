/**
 * Backups on disk under <stateDir>/backups/<id>.tar.gz (made by POST /system/backup, listed,
 * downloaded by id) and the restore of an uploaded one. One restore at a time; a restore refuses
 * while agents are live unless asked to stop them, because their units would outlive the swap
 * and the restored records do not know them.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import type { Supervisor } from '../agents/index.js';
import { AetherError } from '../errors/index.js';
import { sha256File, writeBackup, type BackupOptions, type Manifest } from './archive.js';
import { stageRestore, type RestorePaths } from './restore.js';

const LIVE = ['created', 'starting', 'running', 'paused', 'stopping'] as const;
const ID = /^bk-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$/;

export interface BackupInfo {
  id: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

export interface BackupServiceDeps extends RestorePaths {
  db: Database.Database;
  homesDir: string;
  kernelVersion: string;
  supervisor: Pick<Supervisor, 'list' | 'terminate'>;
  /** Called once a restore is staged: the kernel exits and systemd starts it on the restored state. */
  onRestored: () => void;
}

export class BackupService {
  private restoring = false;
  readonly dir: string;

  constructor(private readonly deps: BackupServiceDeps) {
    this.dir = join(deps.stateDir, 'backups');
  }

  async create(opts: BackupOptions = {}): Promise<BackupInfo & { manifest: Manifest }> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const id = `bk-${stamp}-${randomBytes(3).toString('hex')}`;
    const file = join(this.dir, `${id}.tar.gz`);
    const tmp = `${file}.partial`;
    try {
      const manifest = await writeBackup(
        { ...this.deps, configFile: this.deps.configFile, environmentFile: this.deps.environmentFile },
        tmp,
        opts,
      );
      renameSync(tmp, file);
      return { id, sizeBytes: statSync(file).size, sha256: await sha256File(file), createdAt: manifest.createdAt, manifest };
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  async list(): Promise<BackupInfo[]> {
    if (!existsSync(this.dir)) return [];
    const ids = readdirSync(this.dir)
      .filter((n) => n.endsWith('.tar.gz') && ID.test(n.slice(0, -7)))
      .map((n) => n.slice(0, -7))
      .sort();
    return Promise.all(ids.map((id) => this.info(id)));
  }

  async info(id: string): Promise<BackupInfo> {
    const file = this.path(id);
    const st = statSync(file);
    return { id, sizeBytes: st.size, sha256: await sha256File(file), createdAt: st.mtime.toISOString() };
  }

  /** The file of backup `id`, or BACKUP_NOT_FOUND. */
  path(id: string): string {
    const file = join(this.dir, `${id}.tar.gz`);
    if (!ID.test(id) || !existsSync(file)) throw new AetherError('BACKUP_NOT_FOUND', `There is no backup ${id}.`);
    return file;
  }

  /** Verifies and stages the uploaded backup, stops agents when asked, then hands over to onRestored. */
  async restore(body: Readable, opts: { stopAgents?: boolean }): Promise<{ manifest: Manifest; stopped: number[] }> {
    if (this.restoring) throw new AetherError('RESTORE_IN_PROGRESS', 'Another restore is being applied.');
    const live = () => this.deps.supervisor.list(LIVE);
    if (live().length > 0 && !opts.stopAgents) throw runningError(live().map((p) => p.pid));
    this.restoring = true;
    const id = randomBytes(6).toString('hex');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const upload = join(this.dir, `.upload-${id}`);
    let staged = false;
    try {
      await pipeline(body, createWriteStream(upload, { mode: 0o600 }));
      const manifest = await stageRestore(upload, this.deps, id);
      staged = true;
      const stopped: number[] = [];
      for (const p of live()) {
        await this.deps.supervisor.terminate(p.pid).catch(() => undefined);
        stopped.push(p.pid);
      }
      setImmediate(() => this.deps.onRestored());
      return { manifest, stopped };
    } finally {
      rmSync(upload, { force: true });
      if (!staged) this.restoring = false;
    }
  }
}

function runningError(pids: number[]): AetherError {
  return new AetherError('RESTORE_AGENTS_RUNNING', `${pids.length} agents are live (pids ${pids.slice(0, 20).join(', ')}).`, {
    details: { pids },
  });
}
