import type { Db } from '../store/index.js';
import type { MemoryService } from './service.js';

export interface Tie {
  subject: string;
  interactions: number;
  positive: number;
  negative: number;
  /** Laplace-smoothed share of good outcomes: 0.5 with no reviews yet. */
  reliability: number;
  lastAt: number;
}

/**
 * The social layer: what an agent knows about other agents and humans. Counts (interactions,
 * good and bad reviews) live in social_ties and are updated by IPC deliveries and reviews;
 * what it has learned about them (expertise, habits) is social memory with the subject set.
 */
export class SocialMemory {
  constructor(
    private readonly db: Db,
    private readonly memory: MemoryService,
  ) {}

  /** One exchange between the agent and the subject (a message either way). */
  interact(agent: string, subject: string, now = Date.now()): void {
    if (agent === subject) return;
    this.db
      .prepare(
        `INSERT INTO social_ties (agent, subject, interactions, last_at) VALUES (?, ?, 1, ?)
         ON CONFLICT DO UPDATE SET interactions = interactions + 1, last_at = excluded.last_at`,
      )
      .run(agent, subject, now);
  }

  /** The agent's judgement of the subject's work (a review), with what it learned, if anything. */
  async review(agent: string, pid: number | null, subject: string, good: boolean, note?: string): Promise<Tie> {
    const now = Date.now();
    this.db
      .prepare(
        `INSERT INTO social_ties (agent, subject, interactions, positive, negative, last_at) VALUES (?, ?, 0, ?, ?, ?)
         ON CONFLICT DO UPDATE SET positive = positive + excluded.positive, negative = negative + excluded.negative, last_at = excluded.last_at`,
      )
      .run(agent, subject, good ? 1 : 0, good ? 0 : 1, now);
    if (note) await this.memory.remember(agent, pid, { layer: 'social', subject, content: note, importance: 0.6 });
    return this.ties(agent, subject)[0]!;
  }

  ties(agent: string, subject?: string, limit = 50): Tie[] {
    const rows = this.db
      .prepare(
        `SELECT subject, interactions, positive, negative, last_at AS lastAt FROM social_ties
         WHERE agent = ? ${subject ? 'AND subject = ?' : ''} ORDER BY interactions + positive + negative DESC, last_at DESC LIMIT ?`,
      )
      .all(...(subject ? [agent, subject, limit] : [agent, limit])) as Omit<Tie, 'reliability'>[];
    return rows.map((r) => ({ ...r, reliability: (r.positive + 1) / (r.positive + r.negative + 2) }));
  }
}
