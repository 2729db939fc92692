import type { Db } from '../store/index.js';

export interface Topic {
  name: string;
  /** The space whose members may use it (write: publish, read: subscribe); null: open to every agent. */
  space: string | null;
  subscribers: string[];
  createdAt: number;
}

/** Named topics and their subscribers (agents by name, so a subscription outlives a run). */
export class Topics {
  constructor(private readonly db: Db) {}

  ensure(name: string, now: number): Topic {
    this.db.prepare('INSERT OR IGNORE INTO ipc_topics (name, space, created_at) VALUES (?, NULL, ?)').run(name, now);
    return this.get(name)!;
  }

  /** Creates or changes a topic's space (the API's administrators do this). */
  put(name: string, space: string | null, now: number): Topic {
    this.db
      .prepare(
        'INSERT INTO ipc_topics (name, space, created_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET space = excluded.space',
      )
      .run(name, space, now);
    return this.get(name)!;
  }

  get(name: string): Topic | undefined {
    const row = this.db.prepare('SELECT name, space, created_at AS createdAt FROM ipc_topics WHERE name = ?').get(name) as
      Omit<Topic, 'subscribers'> | undefined;
    if (!row) return undefined;
    return { ...row, subscribers: this.subscribers(name) };
  }

  list(): Topic[] {
    const rows = this.db.prepare('SELECT name FROM ipc_topics ORDER BY name').all() as { name: string }[];
    return rows.map((r) => this.get(r.name)!);
  }

  subscribers(name: string): string[] {
    return (
      this.db.prepare('SELECT agent FROM ipc_subscriptions WHERE topic = ? ORDER BY agent').all(name) as { agent: string }[]
    ).map((r) => r.agent);
  }

  subscribe(name: string, agent: string, now: number): void {
    this.db.prepare('INSERT OR IGNORE INTO ipc_subscriptions (topic, agent, created_at) VALUES (?, ?, ?)').run(name, agent, now);
  }

  unsubscribe(name: string, agent: string): void {
    this.db.prepare('DELETE FROM ipc_subscriptions WHERE topic = ? AND agent = ?').run(name, agent);
  }

  subscriptionsOf(agent: string): string[] {
    return (
      this.db.prepare('SELECT topic FROM ipc_subscriptions WHERE agent = ? ORDER BY topic').all(agent) as { topic: string }[]
    ).map((r) => r.topic);
  }
}
