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
  private closed = false;

  constructor(
    private readonly perAgent: number,
    /** An unused warm sandbox is removed after this long: only recently active agents keep one. */
    private readonly idleMs: number,
    private readonly make: (agent: Agent, network: NetworkMode) => Promise<WarmEntry>,
    private readonly discard: (entry: WarmEntry) => Promise<void>,
    private readonly log: Logger,
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
      void this.make(agent, network)
        .then((entry) => this.add(k, entry))
        .catch((err: unknown) =>
          this.log.warn({ err, agent: agent.name }, 'could not prestart a sandbox; the next spawn starts cold'),
        )
        .finally(() => this.filling.set(k, (this.filling.get(k) ?? 1) - 1));
    }
  }

  /** At shutdown: warm sandboxes hold no work, remove them (a restarted kernel would anyway). */
  async drain(): Promise<void> {
    this.closed = true;
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

const key = (agentId: string, network: NetworkMode) => `${agentId}/${network}`;
