import type { KernelClient } from './kernel-client.js';
import { callModel } from './model.js';
import type { WireMessage } from './wire.js';

/** A rough token count (4 characters a token): enough to decide when to compact. */
export function estimateTokens(messages: WireMessage[]): number {
  return Math.ceil(JSON.stringify(messages).length / 4);
}

/** Turns kept verbatim at the end: the model needs its latest observations word for word. */
const KEEP_TAIL = 8;

/**
 * Replaces the middle of a long conversation with a summary written by the model, keeping the
 * system prompt, the goal and the latest turns. The cut never separates an assistant's tool
 * calls from their results (providers reject orphaned tool results).
 */
export async function compact(
  kernel: KernelClient,
  model: string | null,
  messages: WireMessage[],
  signal: AbortSignal,
): Promise<{ messages: WireMessage[]; summarised: number } | null> {
  const head = 2; // system, goal
  let cut = messages.length - KEEP_TAIL;
  while (cut > head && messages[cut]?.role === 'tool') cut--;
  if (cut <= head + 1) return null;
  const middle = messages.slice(head, cut);
  const answer = await callModel(
    kernel,
    {
      model,
      tools: [],
      messages: [
        {
          role: 'system',
          content:
            "You summarise an agent's work so far for the agent itself. Be factual and complete about state: files created or changed, commands run and their results, decisions, open problems, what remains. No preamble.",
        },
        { role: 'user', content: `Summarise these steps:\n\n${JSON.stringify(middle).slice(0, 400_000)}` },
      ],
    },
    signal,
  );
  const summary = answer.kind === 'answer' && answer.content ? answer.content : '(summary unavailable)';
  return {
    messages: [
      ...messages.slice(0, head),
      { role: 'user', content: `[Summary of your earlier steps]\n${summary}` },
      ...messages.slice(cut),
    ],
    summarised: middle.length,
  };
}
