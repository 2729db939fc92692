import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../kernel-service/src/store/index.js';

/** A fresh state database file (real SQLite, all migrations), reopenable as a restarted kernel would. */
export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'aether-mem-')), 'aether.db');
}

export const open = (path: string): Db => openDatabase(path);

let uid = 300_000;

/** Registers a process of an agent the way the supervisor's tables hold it, for IPC's directory. */
export function addProcess(db: Db, pid: number, agent: string, state = 'running'): void {
  const id = `agent-${agent}`;
  db.prepare('INSERT OR IGNORE INTO agents (id, name, uid, created_at) VALUES (?, ?, ?, ?)').run(id, agent, uid++, Date.now());
  db.prepare(
    `INSERT INTO processes (pid, agent_id, state, command, environment, limits, network, driver, created_at)
     VALUES (?, ?, ?, '[]', '{}', '{}', 'none', 'systemd', ?)`,
  ).run(pid, id, state, Date.now());
}

export function setState(db: Db, pid: number, state: string): void {
  db.prepare('UPDATE processes SET state = ? WHERE pid = ?').run(state, pid);
}
