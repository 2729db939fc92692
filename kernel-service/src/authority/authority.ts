import { AetherError } from '../errors/index.js';
import type { ChatRequest } from '../llm/index.js';
import { approvalNeeded, type ApprovalPolicy } from '../runs/policy.js';
import { expandTools } from '../runs/templates.js';
import { toolGranted } from '../runtime/plugins/names.js';
import type { Run } from '../runs/types.js';
import type { Db } from '../store/index.js';
import { Budgets, type Reservation } from './budget.js';
import type { AuthorityConfig } from './config.js';
import { callHash } from './hash.js';
import { Quotas } from './quotas.js';
import type { RouteAction } from './routes.js';
import { Trees } from './tree.js';

/** Who is calling: known from which socket it is (socket/app.ts callerOf), never from what it sends. */
export interface Principal {
  pid: number;
  agent: string;
}

/** What a process may do: its run's grant, or the bare programs' from the configuration. */
export interface Grant {
  run: Run | null;
  tools: ReadonlySet<string>;
  approval: ApprovalPolicy;
}

export interface AuthorityDeps {
  db: Db;
  config: AuthorityConfig;
  /** The run of a process, or null for a bare program. */
  runOf: (pid: number) => Run | null;
  /** The tools the kernel knows (name and category). */
  tools: () => readonly { name: string; category: string }[];
  /** The configured default model and fallbacks: a run with no model of its own may call these. */
  models: { defaultModel: string; fallbacks: readonly string[] };
}

/** An approved call's one use, bound to the tool and the hash of its arguments. */
interface Pass {
  tool: string;
  hash: string;
  until: number;
}

const PASS_TTL_MS = 10 * 60_000;
const STRIPPED = new Set(['callId', 'idempotencyKey']);

/**
 * The one place that decides "may this process do this?" for every kernel-socket route and
 * the runtime's steps: from the caller's identity (the socket), its grant (run tools or the
 * bare programs' default), the approval policy, the tree's bounds and budget, and its quotas.
 * docs/SECURITY.md lists every decision and its code.
 */
export class Authority {
  readonly trees: Trees;
  readonly budgets: Budgets;
  readonly quotas: Quotas;
  private readonly passes = new Map<number, Pass[]>();
  /** Spawns admitted but not yet in the processes table, per root: they count against the tree's bounds. */
  private readonly pending = new Map<number, number>();

  constructor(private readonly deps: AuthorityDeps) {
    this.trees = new Trees(deps.db);
    this.budgets = new Budgets({
      trees: this.trees,
      budgetOf: (pid) => deps.runOf(pid)?.tokenBudget ?? deps.config.bare.tokenBudget,
      maxTokensPerCall: deps.config.llm.maxTokensPerCall,
    });
    this.quotas = new Quotas(deps.db, deps.config.quotas);
  }

  grantOf(pid: number): Grant {
    const run = this.deps.runOf(pid);
    if (run) return { run, tools: new Set(run.tools), approval: run.approval };
    const known = this.deps.tools();
    const tools = expandTools(this.deps.config.bare.tools, known).filter((t) => known.some((k) => k.name === t));
    return { run: null, tools: new Set(tools), approval: {} };
  }

  /**
   * The runtime's step: may this run call this tool? `refused` when it is not granted; `why`
   * when the approval policy holds it for a person (RunService waits for the decision).
   */
  decideStep(run: Run, tool: string, args: unknown): { refused: string } | { why: string | null } {
    // A plugin's tool by its own name or by `mcp:<plugin>`, and only for a plugin this run declared.
    if (
      !toolGranted(
        run.tools,
        run.plugins.map((p) => p.name),
        tool,
      )
    )
      return { refused: `The tool "${tool}" is not granted to this agent (template ${run.template}).` };
    return { why: approvalNeeded(run.approval, tool, args) };
  }

  /** The route's check, run before its handler (socket/app.ts installs it for every route). */
  admitRoute(caller: Principal, action: RouteAction, req: { method: string; body?: unknown; params?: unknown }): void {
    if (action.kind === 'any' || action.kind === 'model') return; // the model's checks need the parsed request (admitModel)
    const grant = this.grantOf(caller.pid);
    if (action.kind === 'run') {
      if (!grant.run)
        throw new AetherError('RUN_NOT_FOUND', `Process ${caller.pid} has no agent run.`, { details: { pid: caller.pid } });
      if (action.quota === 'steps') this.quotas.step(caller.pid, req.body);
      if (action.quota === 'checkpoint') this.quotas.checkpoint(req.body);
      return;
    }
    const names =
      action.kind === 'tool'
        ? [action.tool]
        : this.deps
            .tools()
            .filter((t) => t.category === action.category)
            .map((t) => t.name);
    const what = action.kind === 'tool' ? action.tool : `@${action.category}`;
    const granted = names.filter((n) => grant.tools.has(n));
    if (granted.length === 0) this.refuse(caller, grant, what);
    // Quotas before approvals: a refused write must not use up the person's approval.
    if (action.quota === 'messages') this.quotas.messages(caller.agent);
    if (action.quota === 'memories') this.quotas.memories(caller.agent);
    if (!grant.run) return; // bare programs have no approval policy
    if (action.kind === 'tool') {
      const args = argsOf(req);
      const why = approvalNeeded(grant.approval, action.tool, args);
      if (why)
        this.takePass(caller, [action.tool], args === undefined ? null : callHash(action.tool, args), `${action.tool} (${why})`);
      return;
    }
    // One route for several tools (desktop input): if the policy holds any of them, it takes a pass of one.
    const held = granted.filter((n) => approvalNeeded(grant.approval, n, undefined) !== null);
    if (held.length > 0) this.takePass(caller, held, null, what);
  }

  /*
   * A route whose tool needs approval under the run's policy runs only on a pass: one use of an
   * approval a person gave for this very tool and these arguments (POST bodies; GET and DELETE
   * routes bind the tool only, their arguments are not the model's).
   */
  /** Consumes one pass for any of `tools` (and this hash, unless null), or refuses with APPROVAL_REQUIRED. */
  private takePass(caller: Principal, tools: string[], hash: string | null, what: string): void {
    const now = Date.now();
    const list = (this.passes.get(caller.pid) ?? []).filter((p) => p.until > now);
    const i = list.findIndex((p) => tools.includes(p.tool) && (hash === null || p.hash === hash));
    if (i < 0) {
      throw new AetherError(
        'APPROVAL_REQUIRED',
        `${what} needs a person's approval for this agent; none was given for this call.`,
        {
          details: { tools },
        },
      );
    }
    list.splice(i, 1);
    this.passes.set(caller.pid, list);
  }

  /** Called when a person approved a tool call (RunService.authorize): the route it leads to may run once. */
  issuePass(pid: number, tool: string, args: unknown): void {
    const list = (this.passes.get(pid) ?? []).filter((p) => p.until > Date.now());
    list.push({ tool, hash: callHash(tool, stripKeys(args)), until: Date.now() + PASS_TTL_MS });
    this.passes.set(pid, list);
  }

  forget(pid: number): void {
    this.passes.delete(pid);
  }

  /**
   * Keys the model chose (tool-call ids: call_0, call_1... every turn for some providers) made
   * unique per run step: the id of the latest tool_call step that carries it. A retry of the
   * same step (kernel restart) finds the same key; the same id in a later turn does not.
   */
  scopeKey(pid: number, key: string): string {
    const row = this.deps.db
      .prepare(
        `SELECT id FROM run_steps WHERE pid = ? AND kind = 'tool_call' AND json_extract(data, '$.callId') = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(pid, key) as { id: number } | undefined;
    return row ? `s${row.id}:${key}` : key;
  }

  /**
   * A model call: only the run's model (or the configured default) and the configured
   * fallbacks; max_tokens capped; tokens reserved in the tree's budgets until settled.
   */
  admitModel(pid: number, request: ChatRequest): { request: ChatRequest; reservation: Reservation } {
    const allowed = new Set(this.modelsOf(pid));
    for (const m of [request.model, ...(request.fallbacks ?? [])]) {
      if (m && !allowed.has(m)) {
        throw new AetherError('LLM_MODEL_NOT_ALLOWED', `Process ${pid} may call only ${[...allowed].join(', ')}, not "${m}".`, {
          details: { model: m, allowed: [...allowed] },
        });
      }
    }
    const capped = { ...request, maxTokens: this.budgets.capOf(request.maxTokens) };
    return { request: capped, reservation: this.budgets.reserve(pid, capped) };
  }

  /** The models `pid` may call: its run's model (or the configured default), then the configured fallbacks. */
  modelsOf(pid: number): string[] {
    const run = this.deps.runOf(pid);
    const { defaultModel, fallbacks } = this.deps.models;
    return [...new Set([run?.model || defaultModel, ...fallbacks].filter(Boolean))];
  }

  /** Embeddings are model calls too: prompt tokens only, out of the same budgets. pid 0 is the kernel. */
  admitEmbedding(pid: number, input: string[]): Reservation {
    if (pid === 0) return { tokens: 0, release: () => undefined };
    return this.budgets.reserve(pid, { messages: input as never }, false);
  }

  /**
   * A spawn by `parent`: the tree's depth, live size and spawn rate. Returns the release of
   * the pending count (call it once the child is in the processes table or the spawn failed).
   */
  admitSpawn(parent: number): () => void {
    const { maxDepth, maxLiveDescendants, maxSpawnsPerMinute } = this.deps.config.tree;
    const chain = this.trees.chain(parent);
    const root = chain.at(-1) ?? parent;
    const depth = chain.length; // the child's: the root is 0
    if (depth > maxDepth)
      throw new AetherError(
        'TREE_DEPTH_EXCEEDED',
        `A child of ${parent} would be ${depth} generations below its root ${root}; the limit is ${maxDepth}.`,
        {
          details: { root, depth, limit: maxDepth },
        },
      );
    const pending = this.pending.get(root) ?? 0;
    const live = this.trees.live(root) + pending;
    if (live >= maxLiveDescendants)
      throw new AetherError(
        'TREE_SIZE_EXCEEDED',
        `The tree of ${root} has ${live} live processes; the limit is ${maxLiveDescendants}.`,
        {
          details: { root, live, limit: maxLiveDescendants },
        },
      );
    const recent = this.trees.createdSince(root, Date.now() - 60_000) + pending;
    if (recent >= maxSpawnsPerMinute)
      throw new AetherError(
        'TREE_SPAWN_RATE_EXCEEDED',
        `The tree of ${root} spawned ${recent} processes in the last minute; the limit is ${maxSpawnsPerMinute}.`,
        {
          details: { root, recent, limit: maxSpawnsPerMinute },
        },
      );
    this.pending.set(root, pending + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.pending.get(root) ?? 1) - 1;
      if (n > 0) this.pending.set(root, n);
      else this.pending.delete(root);
    };
  }

  private refuse(caller: Principal, grant: Grant, what: string): never {
    const whose = grant.run ? `its run (template ${grant.run.template})` : 'bare programs (authority.bare.tools)';
    throw new AetherError(
      'AUTHORITY_NOT_GRANTED',
      `Process ${caller.pid} (${caller.agent}) is not granted ${what}: ${whose} does not include it.`,
      {
        details: { pid: caller.pid, needs: what },
      },
    );
  }
}

/** The tool's arguments as a route sees them: the body (bare of the runtime's keys), or none for GET. */
function argsOf(req: { method: string; body?: unknown; params?: unknown }): unknown {
  if (req.method === 'GET' || req.method === 'DELETE') return undefined;
  return stripKeys(req.body);
}

function stripKeys(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => !STRIPPED.has(k)));
}
