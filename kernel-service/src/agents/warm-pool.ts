import type { Logger } from 'pino';
import type { Limits, NetworkMode, WarmSandbox } from '../sandbox/index.js';
import type { Agent } from './types.js';

export interface WarmEntry {
  /** Kernel PID reserved for it (its unit and kernel socket are already named after it). */
  pid: number;
  sandbox: WarmSandbox;
  limits: Limits;
}

/**
 * Sandboxes started ahead of need, per agent and network mode: the next run of an agent that
 * just ran skips systemd's unit start (executor, namespaces, seccomp) and only hands its program
 * over. A warm sandbox that dies while waiting is dropped; the next spawn simply starts cold.
 */
export class WarmPool {
  private readonly ready = new Map<string, WarmEntry[]>();
  private readonly filling = new Map<string, number>();
  /** Prestarts waiting for their turn (see PRESTARTS_AT_ONCE). */
  private readonly queue: (() => Promise<void>)[] = [];
  private running = 0;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly perAgent: number,
    /** An unused warm sandbox is removed after this long: only recently active agents keep one. */
    private readonly idleMs: number,
    private readonly make: (agent: Agent, network: NetworkMode) => Promise<WarmEntry>,
    private readonly discard: (entry: WarmEntry) => Promise<void>,
    private readonly log: Logger,
    /** True while spawns wait for systemd: prestarts, which only save later time, wait for them. */
    private readonly busy: () => boolean = () => false,
  ) {}

  take(agentId: string, network: NetworkMode): WarmEntry | undefined {
    return this.ready.get(key(agentId, network))?.shift();
  }

  /** Tops the agent's pool up in the background; never throws (a cold start is the fallback). */
  refill(agent: Agent, network: NetworkMode): void {
    const k = key(agent.id, network);
    const have = (this.ready.get(k)?.length ?? 0) + (this.filling.get(k) ?? 0);
    for (let i = have; i < this.perAgent && !this.closed; i++) {
      this.filling.set(k, (this.filling.get(k) ?? 0) + 1);
      this.queue.push(() =>
        (this.closed ? Promise.resolve() : this.make(agent, network).then((entry) => this.add(k, entry)))
          .catch((err: unknown) =>
            this.log.warn({ err, agent: agent.name }, 'could not prestart a sandbox; the next spawn starts cold'),
          )
          .finally(() => this.filling.set(k, (this.filling.get(k) ?? 1) - 1)),
      );
    }
    this.pump();
  }

  /**
   * A prestart is a full unit start in systemd, which does one thing at a time: run at once after
   * every spawn, a burst of new agents paid for each of them twice (its own start and its warm
   * successor's) and ran at a fifth of the rate (bench/spawn). Queued one at a time, and only
   * while no spawn waits for systemd, prestarts fill the gaps between spawns.
   */
  private pump(): void {
    if (this.queue.length > 0 && this.busy()) {
      this.retry ??= setTimeout(() => {
        this.retry = null;
        this.pump();
      }, BUSY_RETRY_MS);
      return;
    }
    while (this.running < PRESTARTS_AT_ONCE && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.running++;
      void next().finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** A prestarted sandbox that outlived a kernel restart (reconcile): ready again, as if just made. */
  adopt(agentId: string, network: NetworkMode, entry: WarmEntry): Promise<void> {
    return this.add(key(agentId, network), entry);
  }

  /** At shutdown: warm sandboxes hold no work, remove them (a restarted kernel would anyway). */
  async drain(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.queue.length = 0;
    const all = [...this.ready.values()].flat();
    this.ready.clear();
    await Promise.all(all.map((e) => this.discard(e).catch(() => undefined)));
  }

  private async add(k: string, entry: WarmEntry): Promise<void> {
    if (this.closed) return this.discard(entry);
    const list = this.ready.get(k) ?? [];
    list.push(entry);
    this.ready.set(k, list);
    // Says when the next spawn of this agent can start warm (the systemd tier waits for it).
    this.log.info({ warmPid: entry.pid }, 'warm sandbox ready');
    const forget = () => {
      const at = list.indexOf(entry);
      if (at < 0) return; // taken meanwhile: it is a process now
      list.splice(at, 1);
      void this.discard(entry).catch(() => undefined);
    };
    // Died while waiting (killed by hand, OOM at idle), or unused for too long: forget it.
    void entry.sandbox.handle.exited.then(forget);
    setTimeout(forget, this.idleMs).unref();
  }
}

/** Prestarts in flight at once, whatever the number of agents. */
const PRESTARTS_AT_ONCE = 1;
/** How soon a prestart held back by spawns in flight looks again. */
const BUSY_RETRY_MS = 10;

const key = (agentId: string, network: NetworkMode) => `${agentId}/${network}`;
