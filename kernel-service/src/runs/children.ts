import { createHash } from 'node:crypto';
import type { Authority } from '../authority/index.js';
import type { Agent, ProcessRecord, Supervisor } from '../agents/index.js';
import { AetherError } from '../errors/index.js';
import type { Caller } from '../socket/index.js';
import type { RunService } from './service.js';
import { expandTools, findTemplate } from './templates.js';

export interface ChildView {
  pid: number;
  agent: string;
  state: string;
  status: string | null;
  result: string | null;
  ended: boolean;
}

const ENDED = ['exited', 'failed', 'killed'];

/**
 * Agents spawning agents. A child never gets more than its parent: its tools are the
 * intersection of its template's and the parent's; its limits, network, approval policy and
 * model the parent's; its token budget at most what is left of the parent's (and every
 * ancestor's: the tree spends one budget). Its identity is a new agent, or one of this
 * process's own earlier children: never an existing agent's (its files, memory, mailbox).
 */
export class Children {
  constructor(
    private readonly runs: RunService,
    private readonly supervisor: Supervisor,
    private readonly authority: Authority,
  ) {}

  async spawn(caller: Caller, req: { goal: string; template?: string; name?: string; callId: string }): Promise<ChildView> {
    const parentRun = this.runs.get(caller.pid);
    const parent = this.supervisor.get(caller.pid);
    // Idempotent by callId: a retried spawn (kernel restarted mid-call) finds the child it made.
    const name =
      req.name ??
      `${caller.agent.slice(0, 48)}-${createHash('sha256').update(`${caller.pid}:${req.callId}`).digest('hex').slice(0, 8)}`;
    const existing = this.list(caller.pid).find((c) => c.agent.name === name && !ENDED.includes(c.state));
    if (existing) return this.view(existing);
    const templateName = req.template ?? parentRun.template;
    const template = findTemplate(templateName);
    if (!template) throw new AetherError('TEMPLATE_NOT_FOUND', `No template "${templateName}".`);
    const wanted = expandTools(template.tools, this.runs.knownTools());
    const tools = wanted.filter((t) => parentRun.tools.includes(t));
    const left = this.authority.budgets.remaining(caller.pid);
    if (left <= 0)
      throw new AetherError('LLM_BUDGET_EXCEEDED', `Nothing is left of the token budget of ${caller.pid}'s tree for a child.`, {
        details: { pid: caller.pid },
      });
    const released = this.authority.admitSpawn(caller.pid);
    let child: ProcessRecord;
    try {
      child = await this.runs.spawn({
        name,
        goal: req.goal,
        template: template.name,
        tools,
        ppid: caller.pid,
        limits: parent.limits,
        // Never the host's network for a child: a host-mode parent's children get open egress, which is less.
        network: parent.network === 'host' ? 'egress' : parent.network,
        ...(parent.sandbox.egress ? { egress: parent.sandbox.egress } : {}),
        approval: parentRun.approval,
        // No MCP plugins: they are granted by the spawner (mcp:<name>), and a child's tools come from the parent's built-ins.
        plugins: [],
        tokenBudget: Math.min(template.tokenBudget, left),
        admitAgent: (agent) => this.admitIdentity(caller.pid, name, agent),
        ...(parentRun.model ? { model: parentRun.model } : {}),
      });
    } finally {
      released();
    }
    return this.view(child);
  }

  /** A new name, or one of this process's own children's: taking any other agent's identity is the administrator's (the API). */
  private admitIdentity(pid: number, name: string, existing: Agent | null): void {
    if (!existing || this.list(pid).some((c) => c.agent.id === existing.id)) return;
    throw new AetherError('AGENT_IDENTITY_TAKEN', `The agent "${name}" exists already; a child needs a new name.`, {
      details: { name },
    });
  }

  list(pid: number): ProcessRecord[] {
    return this.supervisor.list().filter((p) => p.ppid === pid);
  }

  views(pid: number): ChildView[] {
    return this.list(pid).map((p) => this.view(p));
  }

  /** Waits until the child ends or the time is up; only a parent may wait for its child. */
  async wait(callerPid: number, pid: number, timeoutMs: number, signal: AbortSignal): Promise<ChildView> {
    const child = this.supervisor.find(pid);
    if (!child || child.ppid !== callerPid)
      throw new AetherError('CHILD_NOT_FOUND', `Process ${pid} is not your child.`, { details: { pid } });
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
    while (!ENDED.includes(this.supervisor.get(pid).state) && !deadline.aborted) {
      // The exit event wakes us; the one-second bound only covers an event missed between the check and the wait.
      const round = AbortSignal.any([deadline, AbortSignal.timeout(1000)]);
      await this.runs.waiters.wait(`process:${pid}`, round).catch(() => undefined);
    }
    return this.view(this.supervisor.get(pid));
  }

  private view(p: ProcessRecord): ChildView {
    const run = this.runs.repo.get(p.pid);
    return {
      pid: p.pid,
      agent: p.agent.name,
      state: p.state,
      status: run?.status ?? null,
      result: run?.result ?? null,
      ended: ENDED.includes(p.state),
    };
  }
}
