import type { Db } from '../store/index.js';

const LIVE = ['created', 'starting', 'running', 'paused', 'stopping'];

export interface ProcessEntry {
  pid: number;
  agent: string;
  state: string;
}

/**
 * Who can be addressed: processes by pid, agents by name. It reads the agents and processes
 * tables (read-only) rather than asking the supervisor, because a message to an agent that is
 * not running must still be accepted and kept for its next run.
 */
export class Directory {
  constructor(private readonly db: Db) {}

  process(pid: number): ProcessEntry | undefined {
    return this.db
      .prepare('SELECT p.pid, a.name AS agent, p.state FROM processes p JOIN agents a ON a.id = p.agent_id WHERE p.pid = ?')
      .get(pid) as ProcessEntry | undefined;
  }

  isLive(pid: number): boolean {
    const p = this.process(pid);
    return p !== undefined && LIVE.includes(p.state);
  }

  agentExists(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM agents WHERE name = ?').get(name) !== undefined;
  }

  live(): ProcessEntry[] {
    return this.db
      .prepare(
        `SELECT p.pid, a.name AS agent, p.state FROM processes p JOIN agents a ON a.id = p.agent_id
         WHERE p.state IN (${LIVE.map(() => '?').join(',')}) ORDER BY p.pid`,
      )
      .all(...LIVE) as ProcessEntry[];
  }
}
