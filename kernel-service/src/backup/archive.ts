/**
 * The backup file: a gzip-compressed tar whose FIRST member is manifest.json (format version,
 * kernel version, created at, hostname, counts, sha256 and size of every other member), then the
 * members it lists: aether.db (SQLite's online backup: consistent while the kernel writes),
 * homes.tar (agents' homes with owners and modes), config.json, container-logs.tar and, when
 * asked, snapshots.tar. Members are written to a work folder first so their hashes are known
 * before the manifest is written (a backup needs its size again in free space while it is made).
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type Database from 'better-sqlite3';
import tar from 'tar-stream';
import { AetherError } from '../errors/index.js';
import { packDirectory } from './tree.js';

export const FORMAT_VERSION = 1;
/** Configuration keys whose string values are secrets (provider keys): blanked unless includeSecrets. */
const SECRET_KEY = /apikey|secret|token/i;
export const MANIFEST = 'manifest.json';
/** The members a restore knows; any other name in a backup is refused. */
export const MEMBERS = ['aether.db', 'config.json', 'environment', 'homes.tar', 'container-logs.tar', 'snapshots.tar'] as const;
export type MemberName = (typeof MEMBERS)[number];

export interface Manifest {
  format: 'aether-backup';
  formatVersion: number;
  kernelVersion: string;
  schemaVersion: number;
  createdAt: string;
  hostname: string;
  counts: { agents: number; processes: number; memories: number; messages: number; homeEntries: number };
  /** Whether provider keys were kept in config.json and environment (includeSecrets). */
  secrets: boolean;
  members: { name: MemberName; size: number; sha256: string }[];
}

export interface BackupSources {
  db: Database.Database;
  stateDir: string;
  homesDir: string;
  /** /etc/aether/config.json (absent: not in the backup). */
  configFile: string;
  /** /etc/aether/environment: only with includeSecrets (it holds provider keys). */
  environmentFile: string;
  kernelVersion: string;
}

export interface BackupOptions {
  includeSnapshots?: boolean;
  includeSecrets?: boolean;
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

/** Provider keys (any `apiKey`) blanked unless the user asked for secrets. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && typeof v === 'string' ? '' : redactSecrets(v)]),
    );
  return value;
}

const count = (db: Database.Database, table: string): number => {
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } catch {
    return 0;
  }
};

/** Writes the backup file `out` (.tar.gz) and answers its manifest. */
export async function writeBackup(src: BackupSources, out: string, opts: BackupOptions = {}): Promise<Manifest> {
  const work = `${out}.work`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true, mode: 0o700 });
  try {
    await src.db.backup(join(work, 'aether.db'));
    let homeEntries = 0;
    if (existsSync(src.homesDir)) homeEntries = await packDirectory(src.homesDir, join(work, 'homes.tar'));
    const logs = join(src.stateDir, 'container-logs');
    if (existsSync(logs)) await packDirectory(logs, join(work, 'container-logs.tar'));
    const snapshots = join(src.stateDir, 'snapshots');
    if (opts.includeSnapshots && existsSync(snapshots)) await packDirectory(snapshots, join(work, 'snapshots.tar'));
    if (existsSync(src.configFile)) {
      const config = JSON.parse(readFileSync(src.configFile, 'utf8')) as unknown;
      writeFileSync(
        join(work, 'config.json'),
        JSON.stringify(opts.includeSecrets ? config : redactSecrets(config), null, 2) + '\n',
        { mode: 0o600 },
      );
    }
    if (opts.includeSecrets && existsSync(src.environmentFile))
      writeFileSync(join(work, 'environment'), readFileSync(src.environmentFile), { mode: 0o600 });

    const members: Manifest['members'] = [];
    for (const name of MEMBERS) {
      const path = join(work, name);
      if (!existsSync(path)) continue;
      members.push({ name, size: statSync(path).size, sha256: await sha256File(path) });
    }
    const manifest: Manifest = {
      format: 'aether-backup',
      formatVersion: FORMAT_VERSION,
      kernelVersion: src.kernelVersion,
      schemaVersion: src.db.pragma('user_version', { simple: true }) as number,
      createdAt: new Date().toISOString(),
      hostname: hostname(),
      counts: {
        agents: count(src.db, 'agents'),
        processes: count(src.db, 'processes'),
        memories: count(src.db, 'memories'),
        messages: count(src.db, 'ipc_messages'),
        homeEntries,
      },
      secrets: opts.includeSecrets === true,
      members,
    };
    const pack = tar.pack();
    const written = pipeline(Readable.from(pack), createGzip(), createWriteStream(out, { mode: 0o600 }));
    const body = Buffer.from(JSON.stringify(manifest, null, 2));
    pack.entry({ name: MANIFEST, size: body.length, mode: 0o600 }, body);
    for (const m of members) {
      const entry = pack.entry({ name: m.name, size: m.size, mode: 0o600 });
      await pipeline(createReadStream(join(work, m.name)), entry);
    }
    pack.finalize();
    await written;
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const invalid = (why: string) => new AetherError('BACKUP_INVALID', `The backup is not usable: ${why}.`);

/**
 * Reads the backup file `file` into `staging` (one file per member) and checks it whole: the
 * manifest first, its format version, every member's size and sha256, no member missing or
 * unknown. Throws BACKUP_INVALID / BACKUP_VERSION_UNSUPPORTED; the caller removes `staging`.
 * Nothing outside `staging` is written.
 */
export async function readBackup(file: string, staging: string): Promise<Manifest> {
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  const extract = tar.extract();
  let manifest: Manifest | undefined;
  const seen = new Set<string>();
  const done = (async () => {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (!manifest) {
        if (name !== MANIFEST || entry.header.type !== 'file' || (entry.header.size ?? 0) > 1024 * 1024)
          throw invalid(`its first member is "${name}", not ${MANIFEST}`);
        const chunks: Buffer[] = [];
        for await (const c of entry) chunks.push(c as Buffer);
        manifest = parseManifest(Buffer.concat(chunks).toString('utf8'));
        continue;
      }
      const listed = manifest.members.find((m) => m.name === name);
      if (!listed || seen.has(name) || entry.header.type !== 'file')
        throw invalid(`it holds a member "${name}" its manifest does not list`);
      seen.add(name);
      const h = createHash('sha256');
      let size = 0;
      const hashed = async function* () {
        for await (const c of entry as AsyncIterable<Buffer>) {
          h.update(c);
          size += c.length;
          yield c;
        }
      };
      await pipeline(Readable.from(hashed()), createWriteStream(join(staging, name), { mode: 0o600 }));
      if (size !== listed.size || h.digest('hex') !== listed.sha256)
        throw invalid(`member ${name} does not match the sha256 in its manifest`);
    }
  })();
  const gunzip = createGunzip();
  const source = createReadStream(file);
  const fail = (err: Error) => extract.destroy(err);
  source.on('error', fail);
  gunzip.on('error', (err) => fail(invalid(`it is not a gzip-compressed tar (${err.message})`)));
  source.pipe(gunzip).pipe(extract);
  try {
    await done;
  } catch (err) {
    if (err instanceof AetherError) throw err;
    throw invalid((err as Error).message);
  }
  if (!manifest) throw invalid('it is empty');
  const missing = manifest.members.filter((m) => !seen.has(m.name));
  if (missing.length > 0) throw invalid(`member ${missing[0]!.name} listed in its manifest is missing`);
  if (!seen.has('aether.db')) throw invalid('it holds no database');
  return manifest;
}

export function parseManifest(text: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw invalid('its manifest is not JSON');
  }
  if (m?.format !== 'aether-backup' || typeof m.formatVersion !== 'number' || !Array.isArray(m.members))
    throw invalid('its manifest is not an Aether backup manifest');
  if (m.formatVersion !== FORMAT_VERSION)
    throw new AetherError(
      'BACKUP_VERSION_UNSUPPORTED',
      `The backup's format version is ${m.formatVersion}; this kernel reads ${FORMAT_VERSION}.`,
    );
  for (const x of m.members) {
    if (!(MEMBERS as readonly string[]).includes(x.name) || typeof x.sha256 !== 'string' || typeof x.size !== 'number')
      throw invalid(`its manifest lists an unknown member "${String(x.name)}"`);
  }
  return m;
}
