import Type from 'typebox';
import type { PlanItem } from './types.js';
import { defineTool } from './registry.js';

const Status = Type.Unsafe<PlanItem['status']>({ type: 'string', enum: ['pending', 'in_progress', 'done', 'blocked'] });

const show = (plan: PlanItem[]) =>
  plan.length === 0
    ? 'No plan yet.'
    : plan.map((i) => `${i.id}. [${i.status}] ${i.title}${i.note ? ` — ${i.note}` : ''}`).join('\n');

export const createPlanTool = defineTool({
  name: 'create_plan',
  category: 'planning',
  description: 'Write down your plan as ordered steps (replaces any previous plan). Keep it current with update_plan.',
  parameters: Type.Object({ steps: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 1, maxItems: 50 }) }),
  async run({ steps }, ctx) {
    ctx.state.plan = steps.map((title, i) => ({ id: i + 1, title, status: 'pending' }));
    return { output: show(ctx.state.plan) };
  },
});

export const updatePlanTool = defineTool({
  name: 'update_plan',
  category: 'planning',
  description: 'Change a plan step: its status, a note, or its title; or add a step (omit id).',
  parameters: Type.Object({
    id: Type.Optional(Type.Integer({ minimum: 1 })),
    status: Type.Optional(Status),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  }),
  async run({ id, status, title, note }, ctx) {
    const plan = ctx.state.plan;
    if (id === undefined) {
      if (!title) return { isError: true, output: 'To add a step give its title (and no id).' };
      if (plan.length >= 50) return { isError: true, output: 'The plan has 50 steps already.' };
      plan.push({ id: plan.length + 1, title, status: status ?? 'pending', ...(note ? { note } : {}) });
      return { output: show(plan) };
    }
    const item = plan.find((i) => i.id === id);
    if (!item) return { isError: true, output: `No step ${id}.\n${show(plan)}` };
    if (status) item.status = status;
    if (title) item.title = title;
    if (note !== undefined) item.note = note;
    return { output: show(plan) };
  },
});

export const readPlanTool = defineTool({
  name: 'read_plan',
  category: 'planning',
  description: 'Show your current plan and the status of each step.',
  parameters: Type.Object({}),
  async run(_args, ctx) {
    return { output: show(ctx.state.plan) };
  },
});
