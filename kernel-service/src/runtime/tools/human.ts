import Type from 'typebox';
import { defineTool } from './registry.js';

export const askHumanTool = defineTool({
  name: 'ask_human',
  category: 'human',
  description:
    'Ask a human operator a question and wait for the answer. Use it when you are blocked on a decision only a human can make.',
  parameters: Type.Object({ question: Type.String({ minLength: 1, maxLength: 10_000 }) }),
  async run({ question }, ctx) {
    // Idempotent by callId: after a kernel restart the retried call waits on the same question.
    const { answer } = await ctx.kernel.post<{ answer: string }>(
      '/v1/human/questions',
      { question, callId: ctx.callId },
      { signal: ctx.signal, retryUnreachableMs: 3_600_000, repollWhileWaiting: true },
    );
    return { output: `The human answered: ${answer}` };
  },
});

export const requestApprovalTool = defineTool({
  name: 'request_approval',
  category: 'human',
  description:
    'Ask a human to approve an action before you take it (deploying, deleting data, spending money). Waits for the decision.',
  parameters: Type.Object({
    action: Type.String({ minLength: 1, maxLength: 2000 }),
    details: Type.Optional(Type.String({ maxLength: 20_000 })),
  }),
  async run({ action, details }, ctx) {
    const decision = await ctx.kernel.post<{ approved: boolean; reason: string | null }>(
      '/v1/human/approvals',
      { action, details, callId: ctx.callId },
      { signal: ctx.signal, retryUnreachableMs: 3_600_000, repollWhileWaiting: true },
    );
    const why = decision.reason ? ` Reason: ${decision.reason}` : '';
    return {
      output: decision.approved ? `Approved: ${action}.${why}` : `Denied: ${action}. Do not do it.${why}`,
      isError: !decision.approved,
    };
  },
});
