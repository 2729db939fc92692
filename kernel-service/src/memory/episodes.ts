import type { KernelEvent } from '../events/index.js';
import type { Db } from '../store/index.js';
import type { MemoryService } from './service.js';

const ENDED = new Set(['exited', 'killed', 'failed']);
const MAX_TOOLS = 200;

interface EpisodeRow {
  pid: number;
  agent: string;
  goal: string | null;
  steps: number;
  tools: string;
  errors: number;
  final: string | null;
  final_ok: number | null;
  started_at: number;
}

/**
 * Episodic and procedural memory from runs. Each step of a run (agent.step events) updates its
 * row in run_episodes, in the database so a kernel restart mid-run loses nothing; when the run
 * ends (process.state), the row becomes an episodic memory ("what happened"), and a successful
 * run that used tools also becomes a procedural one (goal -> tool sequence -> outcome), which
 * the start-of-run context offers when a similar goal comes.
 */
export class EpisodeRecorder {
  constructor(
    private readonly db: Db,
    private readonly memory: MemoryService,
    private readonly log?: { warn(obj: Record<string, unknown>, msg: string): void },
  ) {}

  /** Feed it every kernel event (EventBus.subscribe). */
  onEvent(event: KernelEvent): void {
    if (event.type === 'agent.step') this.step(event);
    else if (event.type === 'process.state' && ENDED.has(String(event.to))) {
      const exit = event.exit as { code?: number | null } | null;
      this.finish(Number(event.pid), exit?.code === 0).catch((err: unknown) =>
        this.log?.warn({ pid: event.pid, err: (err as Error).message }, 'memory: could not record the episode'),
      );
    }
  }

  /** The goal, from the run's start-of-run context call. */
  begin(pid: number, agent: string, goal: string): void {
    this.ensure(pid, agent);
    this.db.prepare('UPDATE run_episodes SET goal = ? WHERE pid = ?').run(goal, pid);
  }

  private ensure(pid: number, agent: string): void {
    this.db.prepare('INSERT OR IGNORE INTO run_episodes (pid, agent, started_at) VALUES (?, ?, ?)').run(pid, agent, Date.now());
  }

  /**
   * Steps of runs whose start was seen (begin) only: a program that is not the runtime has none,
   * and a run resumed after a kernel restart already has its row.
   */
  private step(event: KernelEvent): void {
    const pid = Number(event.pid);
    const step = event.step as { kind?: string; tool?: string; text?: string; output?: string; isError?: boolean } | undefined;
    if (!step) return;
    if (typeof event.agent === 'string') this.ensure(pid, event.agent);
    const row = this.db.prepare('SELECT tools FROM run_episodes WHERE pid = ?').get(pid) as { tools: string } | undefined;
    if (!row) return;
    const tools = JSON.parse(row.tools) as string[];
    if (step.kind === 'tool_call' && step.tool && tools.length < MAX_TOOLS) tools.push(step.tool);
    this.db
      .prepare(
        `UPDATE run_episodes SET steps = steps + 1, tools = ?, errors = errors + ?, final = coalesce(?, final),
           final_ok = coalesce(?, final_ok) WHERE pid = ?`,
      )
      .run(
        JSON.stringify(tools),
        step.kind === 'error' ? 1 : 0,
        step.kind === 'final' ? (step.text ?? step.output ?? '') : null,
        step.kind === 'final' ? (step.isError ? 0 : 1) : null,
        pid,
      );
  }

  async finish(pid: number, exitedCleanly: boolean): Promise<void> {
    const row = this.db.prepare('SELECT * FROM run_episodes WHERE pid = ? AND ended_at IS NULL').get(pid) as
      EpisodeRow | undefined;
    if (!row) return; // not a run of the runtime (a plain program), or recorded already
    this.db.prepare('UPDATE run_episodes SET ended_at = ? WHERE pid = ?').run(Date.now(), pid);
    const tools = JSON.parse(row.tools) as string[];
    const succeeded = exitedCleanly && row.final !== null && row.final_ok === 1;
    const goal = row.goal ?? '(no goal recorded)';
    const outcome = row.final ? clip(row.final, 400) : succeeded ? 'done' : 'no result';
    const summary =
      `Run ${pid} (${succeeded ? 'succeeded' : 'did not succeed'}): goal "${clip(goal, 300)}"; ${row.steps} steps` +
      (tools.length ? `; tools: ${sequence(tools)}` : '') +
      (row.errors ? `; ${row.errors} errors` : '') +
      `; outcome: ${outcome}`;
    const data = { pid, goal, steps: row.steps, tools, errors: row.errors, succeeded };
    await this.memory.remember(row.agent, pid, { layer: 'episodic', content: summary, data, importance: succeeded ? 0.4 : 0.6 });
    if (succeeded && tools.length > 0 && row.goal) {
      await this.memory.remember(row.agent, pid, {
        layer: 'procedural',
        subject: clip(row.goal, 500),
        content: `To "${clip(row.goal, 300)}": ${sequence(tools)}; outcome: ${outcome}`,
        data: { tools, outcome, pid },
        importance: 0.6,
      });
    }
  }
}

/** "read_file x3 -> write_file -> shell": repeats folded so a long loop stays readable. */
function sequence(tools: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < tools.length;) {
    let n = 1;
    while (tools[i + n] === tools[i]) n++;
    out.push(n > 1 ? `${tools[i]} x${n}` : tools[i]!);
    i += n;
  }
  return out.join(' -> ');
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
