import { AetherError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import { agentOwner, spaceOwner, type Owner } from './types.js';

export type Access = 'read' | 'write';

export interface Space {
  name: string;
  description: string;
  createdAt: number;
  members: { agent: string; access: Access }[];
}

/**
 * Shared memory spaces of a team and who may use them. An agent always reads and writes its
 * own memory; a space only as a member (read, or read and write). Topics of IPC use the same
 * spaces for their access rules, so a team is defined once.
 */
export class Spaces {
  constructor(private readonly db: Db) {}

  create(name: string, description: string, now = Date.now()): Space {
    this.db
      .prepare('INSERT OR IGNORE INTO memory_spaces (name, description, created_at) VALUES (?, ?, ?)')
      .run(name, description, now);
    return this.get(name);
  }

  get(name: string): Space {
    const row = this.db
      .prepare('SELECT name, description, created_at AS createdAt FROM memory_spaces WHERE name = ?')
      .get(name) as Omit<Space, 'members'> | undefined;
    if (!row) throw new AetherError('SPACE_NOT_FOUND', `no memory space "${name}"`, { details: { space: name } });
    const members = this.db
      .prepare('SELECT agent, access FROM memory_space_members WHERE space = ? ORDER BY agent')
      .all(name) as Space['members'];
    return { ...row, members };
  }

  list(): Space[] {
    const names = this.db.prepare('SELECT name FROM memory_spaces ORDER BY name').all() as { name: string }[];
    return names.map((n) => this.get(n.name));
  }

  remove(name: string): void {
    this.get(name);
    this.db.prepare('DELETE FROM memories WHERE owner = ?').run(spaceOwner(name));
    this.db.prepare('UPDATE ipc_topics SET space = NULL WHERE space = ?').run(name);
    this.db.prepare('DELETE FROM memory_spaces WHERE name = ?').run(name);
  }

  setMember(space: string, agent: string, access: Access | null): Space {
    this.get(space);
    if (access === null) this.db.prepare('DELETE FROM memory_space_members WHERE space = ? AND agent = ?').run(space, agent);
    else
      this.db
        .prepare('INSERT INTO memory_space_members (space, agent, access) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET access = ?')
        .run(space, agent, access, access);
    return this.get(space);
  }

  accessOf(space: string, agent: string): Access | null {
    const row = this.db.prepare('SELECT access FROM memory_space_members WHERE space = ? AND agent = ?').get(space, agent) as
      { access: Access } | undefined;
    return row?.access ?? null;
  }

  /** The agent's own memory and every space it may read. */
  readableOwners(agent: string): Owner[] {
    const rows = this.db.prepare('SELECT space FROM memory_space_members WHERE agent = ?').all(agent) as { space: string }[];
    return [agentOwner(agent), ...rows.map((r) => spaceOwner(r.space))];
  }

  /** Throws unless the agent may do `need` on `owner`. */
  check(agent: string, owner: Owner, need: Access): void {
    if (owner === agentOwner(agent)) return;
    if (owner.startsWith('space:')) {
      const space = owner.slice('space:'.length);
      this.get(space);
      const has = this.accessOf(space, agent);
      if (has === 'write' || (has === 'read' && need === 'read')) return;
    }
    throw new AetherError('MEMORY_ACCESS_DENIED', `agent "${agent}" may not ${need} memory of ${owner}`, {
      details: { agent, owner, need },
    });
  }
}
