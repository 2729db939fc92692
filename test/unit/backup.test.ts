/**
 * Backup and restore (backup/): real SQLite, real files owned by other uids, the real routes
 * through fastify.inject. Each refusal (corrupt file, hash mismatch, newer format, agents live)
 * is checked to leave the state as it was, next to a control where the same file is accepted.
 */
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { createGzip, gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { applyPendingRestore, BackupService, PENDING, readBackup } from '../../kernel-service/src/backup/index.js';
import { keepLiveSecrets } from '../../kernel-service/src/backup/restore.js';
import { openDatabase } from '../../kernel-service/src/store/index.js';
import { TOKEN, insertTestProcess, testKernel } from '../helpers/kernel.js';

const auth = { authorization: `Bearer ${TOKEN}` };

/** A state dir with a database (one agent, one memory row via SQL), a home owned by uid 200123, a config. */
function makeState() {
  const root = mkdtempSync(join(tmpdir(), 'aether-backup-'));
  const stateDir = join(root, 'state');
  const db = openDatabase(join(stateDir, 'aether.db'));
  db.prepare(`INSERT INTO agents (id, name, uid, created_at) VALUES ('agt_1', 'alice', 200123, 1)`).run();
  const home = join(stateDir, 'homes', 'agt_1');
  mkdirSync(join(home, 'notes'), { recursive: true });
  writeFileSync(join(home, 'notes', 'todo.txt'), 'remember the milk\n', { mode: 0o640 });
  // An empty file (a lock, a marker): it has no bytes to stream, and once crashed the kernel.
  writeFileSync(join(home, 'notes', 'empty.lock'), '');
  chownSync(join(home, 'notes', 'todo.txt'), 200123, 200123);
  chownSync(join(home, 'notes'), 200123, 200123);
  chownSync(home, 200123, 200123);
  const configFile = join(root, 'config.json');
  writeFileSync(configFile, JSON.stringify({ llm: { providers: { openai: { apiKey: 'sk-secret' } } }, api: { port: 9 } }));
  const paths = { stateDir, configFile, environmentFile: join(root, 'environment') };
  const service = (supervisor = { list: () => [] as never[], terminate: async () => ({}) as never }) =>
    new BackupService({
      ...paths,
      db,
      homesDir: join(stateDir, 'homes'),
      kernelVersion: '9.9.9',
      supervisor,
      onRestored: () => undefined,
    });
  return { root, stateDir, db, paths, service, home };
}

async function backupFile(members: { name: string; body: Buffer }[]): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'aether-bk-')), 'b.tar.gz');
  const pack = tar.pack();
  const done = pipeline(Readable.from(pack), createGzip(), createWriteStream(file));
  for (const m of members) pack.entry({ name: m.name, size: m.body.length }, m.body);
  pack.finalize();
  await done;
  return file;
}

/** The members of a backup file, in order. */
function membersOf(file: string): Promise<{ name: string; body: Buffer }[]> {
  const extract = tar.extract();
  const out: { name: string; body: Buffer }[] = [];
  return new Promise((resolve, reject) => {
    extract.on('entry', (h, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c) => chunks.push(c as Buffer));
      stream.on('end', () => {
        out.push({ name: h.name, body: Buffer.concat(chunks) });
        next();
      });
    });
    extract.on('finish', () => resolve(out));
    extract.on('error', reject);
    extract.end(gunzipSync(readFileSync(file)));
  });
}

const stateListing = (dir: string) => readdirSync(dir).sort();

describe('backup file', () => {
  it('has the manifest first, hashes of every member, provider keys blanked by default', async () => {
    const s = makeState();
    const made = await s.service().create();
    const file = join(s.stateDir, 'backups', `${made.id}.tar.gz`);
    const members = await membersOf(file);
    expect(members[0]!.name).toBe('manifest.json');
    const manifest = JSON.parse(members[0]!.body.toString()) as {
      formatVersion: number;
      counts: { agents: number };
      members: { name: string }[];
    };
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.counts.agents).toBe(1);
    expect(members.slice(1).map((m) => m.name)).toEqual(manifest.members.map((m) => m.name));
    expect(members.map((m) => m.name)).toEqual(expect.arrayContaining(['aether.db', 'homes.tar', 'config.json']));
    const config = members.find((m) => m.name === 'config.json')!.body.toString();
    expect(config).not.toContain('sk-secret');
    expect(config).toContain('"port": 9');
    // Control: with includeSecrets the key is kept.
    const secret = await s.service().create({ includeSecrets: true });
    const kept = await membersOf(join(s.stateDir, 'backups', `${secret.id}.tar.gz`));
    expect(kept.find((m) => m.name === 'config.json')!.body.toString()).toContain('sk-secret');
    expect((await s.service().list()).map((b) => b.id)).toEqual([made.id, secret.id].sort());
  });

  it('restores into a fresh state dir: database rows, home files with owners and modes, configuration', async () => {
    const a = makeState();
    const made = await a.service().create();
    const file = join(a.stateDir, 'backups', `${made.id}.tar.gz`);
    const b = makeState();
    b.db.prepare(`DELETE FROM agents`).run();
    b.db.prepare(`INSERT INTO agents (id, name, uid, created_at) VALUES ('agt_other', 'bob', 200999, 1)`).run();
    writeFileSync(b.paths.configFile, '{}');
    await b.service().restore(Readable.from(readFileSync(file)), {});
    expect(existsSync(join(b.stateDir, PENDING))).toBe(true);
    b.db.close();
    expect(applyPendingRestore(b.paths)).toBe(true);
    const db = openDatabase(join(b.stateDir, 'aether.db'));
    expect(db.prepare(`SELECT id, name, uid FROM agents`).all()).toEqual([{ id: 'agt_1', name: 'alice', uid: 200123 }]);
    const todo = join(b.stateDir, 'homes', 'agt_1', 'notes', 'todo.txt');
    expect(readFileSync(todo, 'utf8')).toBe('remember the milk\n');
    expect(statSync(todo).uid).toBe(200123);
    expect(statSync(todo).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(b.stateDir, 'homes', 'agt_1', 'notes', 'empty.lock'), 'utf8')).toBe('');
    expect(statSync(join(b.stateDir, 'homes', 'agt_1')).uid).toBe(200123);
    expect(JSON.parse(readFileSync(b.paths.configFile, 'utf8'))).toMatchObject({ api: { port: 9 } });
    expect(existsSync(join(b.stateDir, PENDING))).toBe(false);
    expect(stateListing(b.stateDir).filter((n) => n.startsWith('.restore-'))).toEqual([]);
    // Nothing pending: a second start changes nothing but the leftovers of a restore that died mid-way.
    mkdirSync(join(b.stateDir, '.restore-dead'));
    writeFileSync(join(b.stateDir, 'backups', '.upload-dead'), 'x');
    expect(applyPendingRestore(b.paths)).toBe(false);
    expect(existsSync(join(b.stateDir, '.restore-dead'))).toBe(false);
    expect(existsSync(join(b.stateDir, 'backups', '.upload-dead'))).toBe(false);
    expect(existsSync(join(b.stateDir, 'homes', 'agt_1', 'notes', 'todo.txt'))).toBe(true);
  });
});

describe('refused backups change nothing', () => {
  async function refused(file: string, code: string) {
    const s = makeState();
    const before = stateListing(s.stateDir);
    await expect(s.service().restore(Readable.from(readFileSync(file)), {})).rejects.toMatchObject({ code });
    expect(stateListing(s.stateDir).filter((n) => n !== 'backups')).toEqual(before.filter((n) => n !== 'backups'));
    expect(readdirSync(join(s.stateDir, 'backups'))).toEqual([]);
    expect(s.db.prepare(`SELECT name FROM agents`).all()).toEqual([{ name: 'alice' }]);
  }

  it('a corrupt file (bytes flipped), a hash mismatch, an unknown member, a newer format; control: the intact file is accepted', async () => {
    const s = makeState();
    const made = await s.service().create();
    const good = join(s.stateDir, 'backups', `${made.id}.tar.gz`);
    const bytes = readFileSync(good);
    const corrupt = Buffer.from(bytes);
    for (let i = Math.floor(bytes.length / 2); i < Math.floor(bytes.length / 2) + 64; i++) corrupt[i] = corrupt[i]! ^ 0xff;
    const corruptFile = join(s.root, 'corrupt.tar.gz');
    writeFileSync(corruptFile, corrupt);
    await refused(corruptFile, 'BACKUP_INVALID');

    const members = await membersOf(good);
    const db = members.find((m) => m.name === 'aether.db')!;
    const tampered = members.map((m) =>
      m.name === 'aether.db' ? { name: m.name, body: Buffer.concat([db.body, Buffer.from('x')]) } : m,
    );
    await refused(await backupFile(tampered), 'BACKUP_INVALID');

    await refused(await backupFile([...members, { name: 'extra.bin', body: Buffer.from('?') }]), 'BACKUP_INVALID');
    await refused(await backupFile(members.slice(1)), 'BACKUP_INVALID'); // no manifest first

    const manifest = JSON.parse(members[0]!.body.toString()) as Record<string, unknown>;
    const newer = [
      { name: 'manifest.json', body: Buffer.from(JSON.stringify({ ...manifest, formatVersion: 2 })) },
      ...members.slice(1),
    ];
    await refused(await backupFile(newer), 'BACKUP_VERSION_UNSUPPORTED');

    // Control: the same members, untouched, pass the same checks.
    const staging = join(s.root, 'staging');
    await expect(readBackup(await backupFile(members), staging)).resolves.toMatchObject({ formatVersion: 1 });
  });
});

describe('routes', () => {
  it('createBackup, listBackups, downloadBackup; restoreBackup refuses while agents are live (409), control: accepted without them', async () => {
    const s = makeState();
    let restarted = 0;
    const k = await testKernel({
      extend: (db) => ({
        backups: new BackupService({
          ...s.paths,
          stateDir: s.stateDir,
          db,
          homesDir: join(s.stateDir, 'homes'),
          kernelVersion: '1',
          supervisor: { list: () => [], terminate: async () => ({}) as never },
          onRestored: () => restarted++,
        }),
      }),
    });
    const created = await k.app.inject({ method: 'POST', url: '/api/v1/system/backup', headers: auth, payload: {} });
    expect(created.statusCode).toBe(200);
    const { id, sizeBytes } = created.json<{ id: string; sizeBytes: number }>();
    const list = await k.app.inject({ method: 'GET', url: '/api/v1/system/backups', headers: auth });
    expect(list.json<{ backups: { id: string }[] }>().backups.map((b) => b.id)).toEqual([id]);
    const dl = await k.app.inject({ method: 'GET', url: `/api/v1/system/backups/${id}`, headers: auth });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toContain('attachment');
    expect(dl.rawPayload.length).toBe(sizeBytes);
    const missing = await k.app.inject({
      method: 'GET',
      url: '/api/v1/system/backups/bk-20000101T000000Z-000000',
      headers: auth,
    });
    expect(missing.json<{ code: string }>().code).toBe('BACKUP_NOT_FOUND');

    const headers = { ...auth, 'content-type': 'application/gzip' };
    const garbage = await k.app.inject({
      method: 'POST',
      url: '/api/v1/system/restore',
      headers,
      payload: Buffer.from('not a backup'),
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json<{ code: string }>().code).toBe('BACKUP_INVALID');
    const ok = await k.app.inject({ method: 'POST', url: '/api/v1/system/restore', headers, payload: dl.rawPayload });
    expect(ok.statusCode).toBe(202);
    await new Promise((r) => setImmediate(r));
    expect(restarted).toBe(1);

    // With a live process the same file is refused before anything is read.
    const busy = await testKernel({
      extend: (db) => ({
        backups: new BackupService({
          ...s.paths,
          db,
          homesDir: join(s.stateDir, 'homes'),
          kernelVersion: '1',
          supervisor: k2sup(),
          onRestored: () => restarted++,
        }),
      }),
    });
    function k2sup() {
      return {
        list: () => busy.supervisor.list(['created', 'starting', 'running', 'paused', 'stopping']),
        terminate: async () => ({}) as never,
      };
    }
    insertTestProcess(busy.repo, 'live');
    const refused = await busy.app.inject({ method: 'POST', url: '/api/v1/system/restore', headers, payload: dl.rawPayload });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ code: string }>().code).toBe('RESTORE_AGENTS_RUNNING');
    expect(restarted).toBe(1);
  });
});

describe('configuration secrets', () => {
  it("a blanked key in the backup keeps this appliance's own; a key the backup carries wins", () => {
    const live = JSON.stringify({ llm: { providers: { openai: { apiKey: 'sk-live' }, anthropic: { apiKey: 'sk-a' } } } });
    const restored = JSON.stringify({
      api: { port: 9 },
      llm: { providers: { openai: { apiKey: '' }, anthropic: { apiKey: 'sk-b' } } },
    });
    expect(JSON.parse(keepLiveSecrets(restored, live))).toEqual({
      api: { port: 9 },
      llm: { providers: { openai: { apiKey: 'sk-live' }, anthropic: { apiKey: 'sk-b' } } },
    });
  });
});
