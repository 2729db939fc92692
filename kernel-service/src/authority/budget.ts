import { AetherError } from '../errors/index.js';
import type { ChatRequest } from '../llm/index.js';
import type { Trees } from './tree.js';

export interface Reservation {
  /** The tokens held for the call until it is settled. */
  readonly tokens: number;
  /** Ends the reservation: the call was answered (its usage is now recorded) or failed. */
  release(): void;
}

export interface BudgetDeps {
  trees: Trees;
  /** A process's own token budget: its run's, or the bare programs' (authority.bare.tokenBudget). */
  budgetOf(pid: number): number;
  maxTokensPerCall: number;
}

/** A rough token count (four characters a token) of what a call sends; the reservation needs an upper-ish bound, not precision. */
export function estimateTokens(v: unknown): number {
  return Math.ceil(JSON.stringify(v ?? '').length / 4);
}

/**
 * Budgets as a tree: a call by a process is charged to it and to every ancestor, so a child
 * spends out of its parent's budget and the root's budget is the whole tree's. Before a call
 * the kernel reserves its prompt estimate plus its (capped) max_tokens in every budget up the
 * chain, and refuses while spent + reserved has reached the budget: concurrent calls then
 * overshoot by at most one call's reservation. The reservation ends when the call is settled
 * and its real usage is in llm_usage.
 */
export class Budgets {
  /** In-flight reservations: tokens and the chain [pid, ..., root] they are held in. */
  private readonly held = new Set<{ tokens: number; chain: number[] }>();

  constructor(private readonly deps: BudgetDeps) {}

  /** Spent and reserved by the process's subtree. */
  used(pid: number): { spent: number; reserved: number } {
    let reserved = 0;
    for (const h of this.held) if (h.chain.includes(pid)) reserved += h.tokens;
    return { spent: this.deps.trees.spent(pid), reserved };
  }

  /** Tokens still free for `pid`: the least left over its own budget and every ancestor's. */
  remaining(pid: number): number {
    let left = Infinity;
    for (const a of this.deps.trees.chain(pid)) {
      const { spent, reserved } = this.used(a);
      left = Math.min(left, this.deps.budgetOf(a) - spent - reserved);
    }
    return Math.max(0, left === Infinity ? 0 : left);
  }

  /** Caps the call's max_tokens and reserves its tokens up the chain; throws LLM_BUDGET_EXCEEDED when nothing is left. */
  reserve(pid: number, request: Pick<ChatRequest, 'messages' | 'tools' | 'maxTokens'>, completion = true): Reservation {
    const chain = this.deps.trees.chain(pid);
    if (chain.length === 0) chain.push(pid);
    for (const a of chain) {
      const budget = this.deps.budgetOf(a);
      const { spent, reserved } = this.used(a);
      if (spent + reserved >= budget) {
        const whose = a === pid ? `its own budget` : `the budget of its ancestor ${a} (a child spends out of its parent's)`;
        throw new AetherError(
          'LLM_BUDGET_EXCEEDED',
          `Process ${pid} may not call a model: ${whose} of ${budget} tokens has ${spent} spent and ${reserved} reserved by calls under way.`,
          { details: { pid, budgetOf: a, budget, spent, reserved } },
        );
      }
    }
    const tokens =
      estimateTokens(request.messages) + estimateTokens(request.tools ?? []) + (completion ? this.capOf(request.maxTokens) : 0);
    const h = { tokens, chain };
    this.held.add(h);
    return { tokens, release: () => void this.held.delete(h) };
  }

  capOf(maxTokens: number | undefined): number {
    return Math.min(maxTokens ?? this.deps.maxTokensPerCall, this.deps.maxTokensPerCall);
  }
}
