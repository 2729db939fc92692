import Type from 'typebox';
import { KernelCallError } from '../kernel-client.js';
import { defineTool } from './registry.js';
import type { AnyTool, ToolResult } from './types.js';

/**
 * The kernel's refusals (a full mailbox, no such agent, no access) as observations with their
 * stable code and hint, so the model can act on them; anything else goes to the registry.
 */
export async function kernelCall(work: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof KernelCallError)) throw err;
    return { isError: true, output: `${err.code}: ${err.message}${err.hint ? `\nhint: ${err.hint}` : ''}` };
  }
}

const Layer = Type.Union([
  Type.Literal('episodic'),
  Type.Literal('semantic'),
  Type.Literal('procedural'),
  Type.Literal('social'),
]);

interface WireMemory {
  id: number;
  layer: string;
  owner: string;
  content: string;
  subject: string | null;
  score?: number;
}

const line = (m: WireMemory) =>
  `#${m.id} [${m.layer}${m.owner.startsWith('space:') ? ` ${m.owner}` : ''}${m.subject ? `, about ${m.subject}` : ''}] ${m.content}`;

/** Memory tools: the agent's memory outlives this run; the next run of the same agent recalls it. */
export function memoryTools(): AnyTool[] {
  return [
    defineTool({
      name: 'remember',
      category: 'memory',
      description:
        'Store a fact, finding or lesson in your long-term memory (semantic by default); later runs of you can recall it. ' +
        'Use `space` to share it with your team, `importance` (0-1) for how much it matters.',
      parameters: Type.Object({
        content: Type.String({ minLength: 1, maxLength: 16_384, description: 'what to remember, self-contained' }),
        layer: Type.Optional(Layer),
        subject: Type.Optional(Type.String({ maxLength: 500, description: 'for social memories: who it is about' })),
        importance: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
        space: Type.Optional(Type.String({ maxLength: 64, description: 'a shared space you may write to' })),
      }),
      run: (args, ctx) =>
        kernelCall(async () => {
          const m = await ctx.kernel.post<WireMemory>('/v1/memory/remember', args, { signal: ctx.signal });
          return { output: `Remembered as #${m.id} (${m.layer}).` };
        }),
    }),
    defineTool({
      name: 'recall',
      category: 'memory',
      description:
        'Search your long-term memory (and your team spaces) for what you know about something: facts, past runs, how-tos, people.',
      parameters: Type.Object({
        query: Type.String({ minLength: 1, maxLength: 4000 }),
        layers: Type.Optional(Type.Array(Layer, { maxItems: 4 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
      }),
      run: (args, ctx) =>
        kernelCall(async () => {
          const r = await ctx.kernel.post<{ retrieval: string; note?: string; memories: WireMemory[] }>(
            '/v1/memory/recall',
            args,
            {
              signal: ctx.signal,
            },
          );
          const note = r.retrieval === 'fulltext' ? `\n(full-text search only${r.note ? `: ${r.note}` : ''})` : '';
          if (r.memories.length === 0) return { output: `Nothing relevant remembered.${note}` };
          return { output: r.memories.map(line).join('\n') + note };
        }),
    }),
    defineTool({
      name: 'forget',
      category: 'memory',
      description: 'Delete one memory by its id (#n from recall) when it is wrong or obsolete.',
      parameters: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      run: (args, ctx) =>
        kernelCall(async () => {
          await ctx.kernel.delete(`/v1/memory/${args.id}`, { signal: ctx.signal });
          return { output: `Forgot #${args.id}.` };
        }),
    }),
    defineTool({
      name: 'review_agent',
      category: 'memory',
      description:
        "Record your judgement of another agent's (or a person's) work: good or not, and what you learned about them. " +
        'It shapes how reliable they look to you in later runs.',
      parameters: Type.Object({
        subject: Type.String({ minLength: 1, maxLength: 200, description: 'agent name, or human:<name>' }),
        good: Type.Boolean(),
        note: Type.Optional(Type.String({ maxLength: 4000 })),
      }),
      run: (args, ctx) =>
        kernelCall(async () => {
          const t = await ctx.kernel.post<{ reliability: number; positive: number; negative: number }>(
            '/v1/memory/review',
            args,
            {
              signal: ctx.signal,
            },
          );
          return {
            output: `Noted. ${args.subject}: reliability ${Math.round(t.reliability * 100)}% over ${t.positive + t.negative} reviews.`,
          };
        }),
    }),
  ];
}
