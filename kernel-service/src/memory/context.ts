import type { MemoryService } from './service.js';
import type { SocialMemory } from './social.js';

/**
 * What a run is told at its start ("What you remember"): memories relevant to its goal, how-tos
 * from earlier successful runs with similar goals, and whom it has worked with. Empty when the
 * agent remembers nothing relevant.
 */
export async function startOfRunContext(
  memory: MemoryService,
  social: SocialMemory,
  agent: string,
  pid: number,
  goal: string,
): Promise<string> {
  const facts = await memory.recall(agent, pid, { query: goal, layers: ['semantic', 'episodic'], limit: 6 });
  const procedures = await memory.recall(agent, pid, { query: goal, layers: ['procedural'], limit: 3 });
  const ties = social.ties(agent, undefined, 5);
  const parts: string[] = [];
  const relevant = facts.memories.filter((m) => m.why.relevance > 0);
  if (relevant.length) {
    parts.push('Relevant memories:', ...relevant.map((m) => `- [${m.layer} #${m.id}] ${m.content}`));
  }
  const how = procedures.memories.filter((m) => m.why.relevance > 0);
  if (how.length) {
    parts.push('How you did similar things before:', ...how.map((m) => `- ${m.content}`));
  }
  if (ties.length) {
    parts.push(
      'Agents and people you know:',
      ...ties.map(
        (t) =>
          `- ${t.subject}: ${t.interactions} messages exchanged` +
          (t.positive + t.negative
            ? `, reliability ${Math.round(t.reliability * 100)}% over ${t.positive + t.negative} reviews`
            : ''),
      ),
    );
  }
  if (parts.length && facts.retrieval === 'fulltext') parts.push(`(Recall was full-text only: ${facts.note ?? 'no vectors'}.)`);
  return parts.join('\n');
}
