import type { Logger } from 'pino';
import { callHash, type Authority } from '../authority/index.js';
import type { ProcessRecord, Supervisor, SpawnRequest } from '../agents/index.js';
import { AetherError } from '../errors/index.js';
import type { EventBus, KernelEvent } from '../events/index.js';
import type { UsageAccountant } from '../llm/index.js';
import { parseBytes, type Limits, type LimitsInput } from '../sandbox/index.js';
import { checkPlugins, isPluginEntry } from '../plugins/index.js';
import { pluginGrant, type PluginSpec } from '../runtime/plugins/names.js';
import { checkPolicy, type ApprovalPolicy } from './policy.js';
import type { RunRepository } from './repository.js';
import { expandTools, findTemplate, type Template } from './templates.js';
import type { Approval, Question, Run, RunStatus, Step } from './types.js';
import { Waiters } from './waiters.js';

/** What a caller asks for when it spawns the runtime instead of a bare command. */
export interface RunRequest extends Omit<SpawnRequest, 'command' | 'attach'> {
  goal?: string;
  template?: string;
  model?: string;
  tools?: string[];
  maxSteps?: number;
  tokenBudget?: number;
  approval?: ApprovalPolicy;
  /** MCP plugins started in the sandbox (replaces the template's). */
  plugins?: PluginSpec[];
  /** Continue a stopped run: its goal, settings and checkpoint carry over to a new process. */
  resumeFrom?: number;
}

export interface RunServiceOptions {
  /** argv that starts the runtime in a sandbox of the given driver (node and the runtime's entry point). */
  runtimeCommand: (driver: string | undefined) => string[];
  /** argv that starts agent program `program` (programs/launch.js) in a sandbox of the given driver. */
  programCommand?: (driver: string | undefined, program: string) => string[];
  maxLimits: Limits;
  /** The tools the kernel knows (name and category): grants are checked against them. */
  tools: () => readonly { name: string; category: string }[];
  /** Issues the one-use pass an approved call's route needs (authority/). */
  authority: Authority;
}

export interface RunView {
  run: Pick<
    Run,
    'goal' | 'template' | 'model' | 'tools' | 'step' | 'maxSteps' | 'tokenBudget' | 'status' | 'result' | 'resumedFrom'
  > | null;
  usage: { promptTokens: number; completionTokens: number; costUsd: number };
}

const FINAL: readonly RunStatus[] = ['done', 'failed', 'stopped'];

/**
 * The kernel side of agent runs: creates them at spawn, records their steps, holds tool calls
 * for approval, answers the runtime's questions to humans, and closes runs when processes end.
 */
export class RunService {
  readonly waiters = new Waiters();

  constructor(
    readonly repo: RunRepository,
    private readonly supervisor: Supervisor,
    private readonly events: EventBus,
    private readonly accountant: UsageAccountant,
    private readonly opts: RunServiceOptions,
    private readonly log: Logger,
  ) {
    events.subscribe((e) => this.onEvent(e));
  }

  async spawn(req: RunRequest): Promise<ProcessRecord> {
    const from = req.resumeFrom !== undefined ? this.get(req.resumeFrom) : null;
    const goal = req.goal ?? from?.goal;
    if (!goal) throw new AetherError('VALIDATION_FAILED', 'Give either command (a program) or goal (the agent runtime).');
    const templateName = req.template ?? from?.template ?? 'general';
    const template = findTemplate(templateName);
    if (!template)
      throw new AetherError('TEMPLATE_NOT_FOUND', `No template "${templateName}".`, { details: { template: templateName } });
    const plugins = req.plugins ?? from?.plugins ?? template.plugins ?? [];
    checkPlugins(plugins);
    // Desktop tools come with a desktop: a template's runs get them when spawned with one.
    // Declared plugins' tools are granted with the template's, unless the spawn names its tools itself.
    const entries = req.tools ??
      from?.tools ?? [...template.tools, ...(req.desktop ? ['@desktop'] : []), ...plugins.map((p) => pluginGrant(p.name))];
    const tools = this.grant(
      entries,
      plugins.map((p) => p.name),
    );
    const approval = req.approval ?? from?.approval ?? template.approval;
    const bad = checkPolicy(approval);
    if (bad) throw new AetherError('VALIDATION_FAILED', bad);
    const checkpoint = from ? this.repo.checkpoint(from.pid) : null;

    const { name, ppid, environment, sandbox, model, maxSteps, tokenBudget, resumeFrom, admitAgent } = req;
    return this.supervisor.spawn({
      name,
      ...(admitAgent ? { admitAgent } : {}),
      ...(ppid !== undefined ? { ppid } : {}),
      ...(environment ? { environment } : {}),
      ...(sandbox ? { sandbox } : {}),
      ...(req.desktop ? { desktop: true } : {}),
      ...(req.labels ? { labels: req.labels } : {}),
      ...(req.ttlSeconds !== undefined ? { ttlSeconds: req.ttlSeconds } : {}),
      // Idle and restart policies (policies/): a restarted run keeps its PID, so its checkpoint is its own.
      ...(req.idle ? { idle: req.idle } : {}),
      ...(req.autoResume !== undefined ? { autoResume: req.autoResume } : {}),
      ...(req.restart ? { restart: req.restart } : {}),
      // A program template runs the program behind the sandbox's TCP endpoint; the runtime needs neither.
      ...(template.program
        ? { command: this.programCommand(sandbox?.driver, template.program), endpoint: true }
        : { command: this.opts.runtimeCommand(sandbox?.driver), ...(req.endpoint ? { endpoint: true } : {}) }),
      limits: req.limits ?? this.templateLimits(template),
      network: req.network ?? template.network,
      ...(req.egress
        ? { egress: req.egress }
        : (req.network ?? template.network) === 'egress' && template.egress
          ? { egress: template.egress }
          : {}),
      attach: (pid) =>
        this.repo.insert(
          {
            pid,
            goal,
            template: template.name,
            model: model ?? from?.model ?? template.model,
            tools,
            approval,
            maxSteps: maxSteps ?? from?.maxSteps ?? template.maxSteps,
            tokenBudget: tokenBudget ?? from?.tokenBudget ?? template.tokenBudget,
            contextTokens: template.contextTokens,
            prompt: template.prompt,
            resumedFrom: resumeFrom ?? null,
            plugins,
          },
          checkpoint,
        ),
    });
  }

  private programCommand(driver: string | undefined, program: string): string[] {
    if (!this.opts.programCommand)
      throw new AetherError('VALIDATION_FAILED', `This kernel cannot run agent programs (${program}).`);
    return this.opts.programCommand(driver, program);
  }

  get(pid: number): Run {
    const run = this.repo.get(pid);
    if (!run) throw new AetherError('RUN_NOT_FOUND', `Process ${pid} has no agent run.`, { details: { pid } });
    return run;
  }

  /** Stores a step and streams it; the run's status follows what the runtime is doing. */
  recordStep(pid: number, step: Omit<Step, 'id' | 'pid' | 'at'>): Step {
    const run = this.get(pid);
    const stored = this.repo.addStep({ ...step, pid, at: Date.now() });
    const status: RunStatus | undefined =
      step.kind === 'thought'
        ? 'thinking'
        : step.kind === 'tool_call'
          ? 'acting'
          : step.kind === 'observation'
            ? 'thinking'
            : undefined;
    if (status && !FINAL.includes(run.status)) this.repo.update(pid, { status, step: Math.max(run.step, step.n) });
    this.events.publish({ type: 'agent.step', pid, step: stored });
    return stored;
  }

  /**
   * May this tool call go ahead? Outside the granted set: no. Under the approval policy: once a
   * person approved this very call. `key` is unique per run step (the turn and the model's call
   * id); the approval is bound to the tool and a hash of its arguments, so a decision never
   * carries over to another call that reuses the id. A runtime retrying after a kernel restart
   * (same step, same call) waits on the same approval.
   */
  async authorize(
    pid: number,
    key: string,
    tool: string,
    args: unknown,
    signal: AbortSignal,
  ): Promise<{ allowed: boolean; reason: string | null }> {
    const decision = this.opts.authority.decideStep(this.get(pid), tool, args);
    if ('refused' in decision) return { allowed: false, reason: decision.refused };
    const { why } = decision;
    if (!why) return { allowed: true, reason: null };
    const approval = await this.awaitApproval(pid, `${key}#${callHash(tool, args)}`, tool, args, why, signal);
    const allowed = approval.state === 'approved';
    // The route the tool calls on the kernel socket is held to the same approval: one use.
    if (allowed) this.opts.authority.issuePass(pid, tool, args);
    return { allowed, reason: approval.reason };
  }

  async awaitApproval(
    pid: number,
    callId: string,
    tool: string,
    args: unknown,
    why: string,
    signal: AbortSignal,
  ): Promise<Approval> {
    let approval = this.repo.findOrCreateApproval({ pid, callId, tool, arguments: args, why });
    if (approval.state === 'pending') {
      this.setStatus(pid, 'waiting');
      this.events.publish({ type: 'approval.requested', pid, approval });
    }
    while (approval.state === 'pending') {
      await this.waiters.wait(`approval:${approval.id}`, signal);
      approval = this.repo.approval(approval.id)!;
    }
    this.setStatus(pid, 'acting');
    return approval;
  }

  decide(id: number, decision: 'approve' | 'deny', reason: string | null, by: string): Approval {
    const found = this.repo.approval(id);
    if (!found) throw new AetherError('APPROVAL_NOT_FOUND', `No approval ${id}.`, { details: { id } });
    if (!this.repo.decide(id, decision === 'approve' ? 'approved' : 'denied', reason, by)) {
      throw new AetherError('APPROVAL_ALREADY_DECIDED', `Approval ${id} was ${found.state} already.`, {
        details: { id, state: found.state },
      });
    }
    const approval = this.repo.approval(id)!;
    this.events.publish({ type: 'approval.decided', pid: approval.pid, approval });
    this.waiters.notify(`approval:${id}`);
    return approval;
  }

  async ask(pid: number, callId: string, text: string, signal: AbortSignal): Promise<Question> {
    let q = this.repo.findOrCreateQuestion({ pid, callId, question: text });
    if (q.state === 'open') {
      this.setStatus(pid, 'waiting');
      this.events.publish({ type: 'question.asked', pid, question: q });
    }
    while (q.state === 'open') {
      await this.waiters.wait(`question:${q.id}`, signal);
      q = this.repo.question(q.id)!;
    }
    this.setStatus(pid, 'acting');
    return q;
  }

  answer(id: number, answer: string): Question {
    const found = this.repo.question(id);
    if (!found) throw new AetherError('QUESTION_NOT_FOUND', `No question ${id}.`, { details: { id } });
    if (!this.repo.answer(id, answer))
      throw new AetherError('QUESTION_ALREADY_ANSWERED', `Question ${id} has its answer already.`);
    const question = this.repo.question(id)!;
    this.events.publish({ type: 'question.answered', pid: question.pid, question });
    this.waiters.notify(`question:${id}`);
    return question;
  }

  complete(pid: number, result: string, success: boolean): void {
    this.get(pid);
    this.repo.update(pid, { status: success ? 'done' : 'failed', result });
    this.events.publish({ type: 'agent.run', pid, status: success ? 'done' : 'failed', result });
  }

  /** What ProcessBody shows of the run and its spend. */
  views(pids: number[]): Map<number, RunView> {
    const runs = this.repo.getMany(pids);
    return new Map(
      pids.map((pid) => {
        const u = this.accountant.usageOf(pid);
        const r = runs.get(pid);
        const run = r
          ? {
              goal: r.goal,
              template: r.template,
              model: r.model,
              tools: r.tools,
              step: r.step,
              maxSteps: r.maxSteps,
              tokenBudget: r.tokenBudget,
              status: r.status,
              result: r.result,
              resumedFrom: r.resumedFrom,
            }
          : null;
        return [pid, { run, usage: { promptTokens: u.promptTokens, completionTokens: u.completionTokens, costUsd: u.costUsd } }];
      }),
    );
  }

  knownTools(): readonly { name: string; category: string }[] {
    return this.opts.tools();
  }

  private grant(entries: readonly string[], plugins: readonly string[]): string[] {
    const known = this.opts.tools();
    const tools = expandTools(entries, known);
    const unknown = tools.filter((t) => !known.some((k) => k.name === t) && !isPluginEntry(t, plugins));
    if (unknown.length)
      throw new AetherError('TOOL_NOT_FOUND', `Unknown tools: ${unknown.join(', ')}.`, { details: { tools: unknown } });
    return tools;
  }

  /** A template's default limits, kept within this host's maxima (a template must not make spawning fail). */
  private templateLimits(t: Template): LimitsInput {
    const max = this.opts.maxLimits;
    const mem = t.limits.memoryMax === undefined ? undefined : parseBytes(t.limits.memoryMax);
    return {
      ...t.limits,
      ...(mem !== undefined && mem > max.memoryMax ? { memoryMax: max.memoryMax } : {}),
      ...(t.limits.cpuQuota !== undefined ? { cpuQuota: Math.min(t.limits.cpuQuota, max.cpuQuota) } : {}),
      ...(t.limits.tasksMax !== undefined ? { tasksMax: Math.min(t.limits.tasksMax, max.tasksMax) } : {}),
    };
  }

  private setStatus(pid: number, status: RunStatus): void {
    const run = this.repo.get(pid);
    if (run && !FINAL.includes(run.status) && run.status !== status) {
      this.repo.update(pid, { status });
      this.events.publish({ type: 'agent.run', pid, status, result: null });
    }
  }

  /** A process that ended without finishing its run: the run stopped (or failed, when the process did). */
  private onEvent(e: KernelEvent): void {
    if (e.type !== 'process.state' || !['exited', 'failed', 'killed'].includes(String(e.to))) return;
    const pid = e.pid as number;
    this.waiters.notify(`process:${pid}`);
    const run = this.repo.get(pid);
    if (!run || FINAL.includes(run.status)) return;
    const status: RunStatus = e.to === 'failed' ? 'failed' : 'stopped';
    this.repo.update(pid, { status });
    this.events.publish({ type: 'agent.run', pid, status, result: run.result });
    this.log.debug({ pid, status }, 'run ended with its process');
  }
}
