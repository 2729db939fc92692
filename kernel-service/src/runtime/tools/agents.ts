import Type from 'typebox';
import { defineTool } from './registry.js';

interface ChildView {
  pid: number;
  agent: string;
  state: string;
  status: string | null;
  result: string | null;
}

const describe = (c: ChildView) =>
  `pid ${c.pid} (${c.agent}): ${c.state}${c.status ? `, run ${c.status}` : ''}${c.result ? `\nresult: ${c.result}` : ''}`;

export const spawnAgentTool = defineTool({
  name: 'spawn_agent',
  category: 'agents',
  description:
    'Start a child agent with its own sandbox to work on a sub-goal. It gets at most your own tools and limits. Answers its pid; use wait_agent for its result.',
  parameters: Type.Object({
    goal: Type.String({ minLength: 1, maxLength: 20_000 }),
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    name: Type.Optional(
      Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$', description: 'Agent name; a new one is made by default' }),
    ),
  }),
  async run(args, ctx) {
    const child = await ctx.kernel.post<ChildView>('/v1/agents', { ...args, callId: ctx.callId }, { signal: ctx.signal });
    return { output: `Started child ${describe(child)}` };
  },
});

export const waitAgentTool = defineTool({
  name: 'wait_agent',
  category: 'agents',
  description: 'Wait for a child agent to finish (up to timeoutMs, default 10 minutes) and get its result.',
  parameters: Type.Object({
    pid: Type.Integer({ minimum: 1 }),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400_000 })),
  }),
  async run({ pid, timeoutMs = 600_000 }, ctx) {
    const child = await ctx.kernel.get<ChildView & { ended: boolean }>(`/v1/agents/${pid}/wait?timeoutMs=${timeoutMs}`, {
      signal: ctx.signal,
    });
    return {
      output: child.ended ? `Child ended: ${describe(child)}` : `Still running after ${timeoutMs} ms: ${describe(child)}`,
    };
  },
});

export const listAgentsTool = defineTool({
  name: 'list_agents',
  category: 'agents',
  description: 'List the child agents you started, with their state and result.',
  parameters: Type.Object({}),
  async run(_args, ctx) {
    const { agents } = await ctx.kernel.get<{ agents: ChildView[] }>('/v1/agents', { signal: ctx.signal });
    return { output: agents.length ? agents.map(describe).join('\n') : 'You have started no child agents.' };
  },
});
