/** aether.agents: spawn, list (one page, or every page as an async iterator) and get processes. */
import { Agent } from './agent.js';
import type { Transport } from './transport.js';
import type { ListOptions, ProcessRecord, SpawnOptions } from './types.js';

export interface AgentPage {
  agents: Agent[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

const labelQuery = (label: ListOptions['label']) =>
  label === undefined ? undefined : Array.isArray(label) ? label : Object.entries(label).map(([k, v]) => `${k}=${v}`);

/**
 * What list() returns: awaited, the first page; iterated with `for await`, every agent of every
 * page (the next page is fetched when the previous one is used up).
 */
export class AgentList implements PromiseLike<AgentPage>, AsyncIterable<Agent> {
  constructor(
    private readonly fetchPage: (cursor: string | undefined) => Promise<AgentPage>,
    private readonly cursor: string | undefined,
  ) {}

  then<A = AgentPage, B = never>(
    onfulfilled?: ((value: AgentPage) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.fetchPage(this.cursor).then(onfulfilled, onrejected);
  }

  async *pages(): AsyncGenerator<AgentPage> {
    let cursor = this.cursor;
    for (;;) {
      const page = await this.fetchPage(cursor);
      yield page;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Agent> {
    for await (const page of this.pages()) yield* page.agents;
  }
}

export class Agents {
  constructor(private readonly t: Transport) {}

  /** Starts a program (`command`) or an agent run (`goal`) in a new sandbox. */
  async spawn(opts: SpawnOptions): Promise<Agent> {
    return new Agent(this.t, await this.t.json<ProcessRecord>('POST', '/agents', { body: opts }));
  }

  list(opts: ListOptions = {}): AgentList {
    const fetchPage = async (cursor: string | undefined): Promise<AgentPage> => {
      const r = await this.t.json<{ processes: ProcessRecord[]; nextCursor?: string | null }>('GET', '/agents', {
        query: { state: opts.state, label: labelQuery(opts.label), limit: opts.limit, cursor },
      });
      return { agents: r.processes.map((p) => new Agent(this.t, p)), nextCursor: r.nextCursor ?? null };
    };
    return new AgentList(fetchPage, opts.cursor);
  }

  async get(pid: number): Promise<Agent> {
    return new Agent(this.t, await this.t.json<ProcessRecord>('GET', `/agents/${pid}`));
  }
}
