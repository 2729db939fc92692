import Type, { type TSchema } from 'typebox';
import type { ProcessRecord, Supervisor } from '../agents/index.js';
import { AGENT_NAME_PATTERN } from '../agents/index.js';
import { PluginsBody } from '../plugins/schema.js';
import type { RunService } from '../runs/service.js';
import { readProcessLogs } from './logs.js';

/** What the kernel's MCP tools drive: the same services as the REST routes, so rules and codes are the same. */
export interface McpToolDeps {
  supervisor: Supervisor;
  runs: RunService;
}

/** Who calls: recorded as the decider of approvals (`mcp:<token name>`, or `admin`). */
export interface McpCaller {
  label: string;
}

export interface KernelMcpTool {
  name: string;
  description: string;
  input: TSchema;
  run(args: never, caller: McpCaller): Promise<unknown>;
}

const Pid = Type.Object({ pid: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: false });

const tool = <S extends TSchema>(
  name: string,
  description: string,
  input: S,
  run: (args: Type.Static<S>, caller: McpCaller) => Promise<unknown>,
): KernelMcpTool => ({ name, description, input, run });

/** A process as an outside agent wants to see it: who, what state, its run's goal and status. */
function summary(p: ProcessRecord, runs: RunService) {
  const view = runs.views([p.pid]).get(p.pid);
  return {
    pid: p.pid,
    ppid: p.ppid,
    agent: p.agent.name,
    state: p.state,
    network: p.network,
    exit: p.exit,
    run: view?.run
      ? {
          goal: view.run.goal,
          template: view.run.template,
          status: view.run.status,
          step: view.run.step,
          result: view.run.result,
        }
      : null,
    usage: view?.usage ?? null,
  };
}

/**
 * The tools an agent outside Aether gets on /mcp. Spawning starts the agent runtime under a
 * template only: never a bare command, never the host's network, never a driver or GPU choice
 * (those stay with the admin API).
 */
export function kernelMcpTools(deps: McpToolDeps): KernelMcpTool[] {
  const { supervisor, runs } = deps;
  return [
    tool(
      'list_agents',
      'Lists processes (agents) with their state and their run: goal, template, status.',
      Type.Object(
        { state: Type.Optional(Type.String({ enum: ['starting', 'running', 'paused', 'exited', 'failed', 'killed'] })) },
        { additionalProperties: false },
      ),
      async ({ state }) => ({
        agents: supervisor.list(state ? [state as ProcessRecord['state']] : undefined).map((p) => summary(p, runs)),
      }),
    ),
    tool(
      'spawn_agent',
      'Starts an agent: the Aether runtime on a goal under a template (GET /api/v1/templates), in its own sandbox.',
      Type.Object(
        {
          name: Type.String({ pattern: AGENT_NAME_PATTERN, description: 'The agent identity' }),
          goal: Type.String({ minLength: 1, maxLength: 20_000 }),
          template: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          model: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          maxSteps: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
          tokenBudget: Type.Optional(Type.Integer({ minimum: 1000, maximum: 1_000_000_000 })),
          plugins: Type.Optional(PluginsBody),
        },
        { additionalProperties: false },
      ),
      async (a) => summary(await runs.spawn(a), runs),
    ),
    tool('inspect_agent', "One process: state, exit, its run's status and result, and its last steps.", Pid, async ({ pid }) => {
      const p = supervisor.get(pid);
      const run = runs.repo.get(pid);
      const steps = run ? runs.repo.steps(pid, 0, 100_000).slice(-20) : [];
      return { ...summary(p, runs), limits: p.limits, createdAt: p.createdAt, endedAt: p.endedAt, steps };
    }),
    tool('pause_agent', 'Freezes every process of the sandbox (memory kept).', Pid, async ({ pid }) =>
      summary(await supervisor.pause(pid), runs),
    ),
    tool('resume_agent', 'Thaws a paused sandbox.', Pid, async ({ pid }) => summary(await supervisor.resume(pid), runs)),
    tool('kill_agent', 'Terminates: SIGTERM, then SIGKILL after the grace period.', Pid, async ({ pid }) =>
      summary(await supervisor.terminate(pid), runs),
    ),
    tool(
      'read_logs',
      "The last lines of a process's output (its main program's stdout and stderr).",
      Type.Object(
        {
          pid: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
          lines: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
        },
        { additionalProperties: false },
      ),
      async ({ pid, lines }) => {
        const p = supervisor.get(pid);
        return {
          pid,
          lines: (await readProcessLogs(p.sandbox, lines ?? 100)).split('\n').filter((l, i, all) => l || i < all.length - 1),
        };
      },
    ),
    tool(
      'list_approvals',
      'Tool calls waiting for a person (state pending by default), or decided ones.',
      Type.Object(
        {
          state: Type.Optional(Type.String({ enum: ['pending', 'approved', 'denied'] })),
          pid: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
      async ({ state, pid }) => ({
        approvals: runs.repo.approvals((state ?? 'pending') as 'pending' | 'approved' | 'denied', pid),
      }),
    ),
    tool(
      'answer_approval',
      'Approves or denies a waiting tool call; the agent gets the decision and the reason.',
      Type.Object(
        {
          id: Type.Integer({ minimum: 1 }),
          decision: Type.String({ enum: ['approve', 'deny'] }),
          reason: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
      async ({ id, decision, reason }, caller) => runs.decide(id, decision as 'approve' | 'deny', reason ?? null, caller.label),
    ),
  ];
}
