/** One process (a run of an agent), addressed by its kernel pid. */
import type { Readable } from 'node:stream';
import { ndjson, type Transport } from './transport.js';
import {
  ENDED_STATES,
  type ExecChunk,
  type ExecOptions,
  type ExecResult,
  type Listing,
  type LogEntry,
  type LogOptions,
  type ProcessRecord,
  type ProcessStats,
} from './types.js';

const since = (s: LogOptions['since']) => (s instanceof Date ? s.toISOString() : s);

/** Files of the agent's home: paths are relative to it; symlinks are never followed, `..` is refused. */
export class AgentFiles {
  constructor(
    private readonly t: Transport,
    private readonly pid: number,
  ) {}

  /** The whole file. */
  async read(path: string): Promise<Buffer> {
    return this.t.bytes('GET', `/agents/${this.pid}/files/raw`, { query: { path } });
  }

  async readText(path: string): Promise<string> {
    return (await this.read(path)).toString('utf8');
  }

  /** Creates or replaces the file (parent folders created, owned by the agent). */
  async write(
    path: string,
    data: string | Uint8Array | Readable | AsyncIterable<Uint8Array>,
  ): Promise<{ path: string; size: number }> {
    return this.t.json('PUT', `/agents/${this.pid}/files/content`, {
      query: { path },
      body: data,
      contentType: 'application/octet-stream',
    });
  }

  async list(path = '/'): Promise<Listing> {
    return this.t.json('GET', `/agents/${this.pid}/files`, { query: { path } });
  }

  async remove(path: string, opts: { recursive?: boolean } = {}): Promise<void> {
    await this.t.bytes('DELETE', `/agents/${this.pid}/files`, { query: { path, recursive: opts.recursive ?? false } });
  }

  /** A tar stream of the file or folder at path. */
  async download(path: string): Promise<Readable> {
    return this.t.raw('GET', `/agents/${this.pid}/files/archive`, { query: { path }, stream: true });
  }

  /** Extracts a tar (bytes or a stream) under path. */
  async upload(path: string, tar: Uint8Array | Readable | AsyncIterable<Uint8Array>): Promise<{ path: string; entries: number }> {
    return this.t.json('PUT', `/agents/${this.pid}/files/archive`, {
      query: { path },
      body: tar,
      contentType: 'application/x-tar',
    });
  }
}

export class Agent {
  readonly files: AgentFiles;

  constructor(
    private readonly t: Transport,
    /** The record as last fetched (refresh() fetches it again). */
    public record: ProcessRecord,
  ) {
    this.files = new AgentFiles(t, record.pid);
  }

  get pid(): number {
    return this.record.pid;
  }

  get state(): ProcessRecord['state'] {
    return this.record.state;
  }

  private async update(p: Promise<ProcessRecord>): Promise<this> {
    this.record = await p;
    return this;
  }

  refresh(): Promise<this> {
    return this.update(this.t.json('GET', `/agents/${this.pid}`));
  }

  pause(): Promise<this> {
    return this.update(this.t.json('POST', `/agents/${this.pid}/pause`));
  }

  resume(): Promise<this> {
    return this.update(this.t.json('POST', `/agents/${this.pid}/resume`));
  }

  /** Sends a signal to the main program (SIGKILL unless given, as `kill -9`). */
  kill(signal: string | number = 'SIGKILL'): Promise<this> {
    return this.update(this.t.json('POST', `/agents/${this.pid}/signal`, { body: { signal } }));
  }

  /** Terminates: SIGTERM, then SIGKILL after the kernel's grace period; resolves with the final record. */
  remove(): Promise<this> {
    return this.update(this.t.json('DELETE', `/agents/${this.pid}`));
  }

  /** Waits until the process has ended (exited, killed or failed). */
  async wait(opts: { timeoutMs?: number; pollMs?: number; signal?: AbortSignal } = {}): Promise<this> {
    const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
    for (;;) {
      await this.refresh();
      if (ENDED_STATES.includes(this.record.state)) return this;
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (Date.now() > deadline) throw new Error(`pid ${this.pid} still ${this.record.state} after ${opts.timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 250));
    }
  }

  /** Runs one command in the process's sandbox (its user, home, namespaces and limits) and waits for it. */
  exec(command: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return this.t.json('POST', `/agents/${this.pid}/exec`, { body: { command, ...opts } });
  }

  /** The streaming form: output chunks as they come, then one `{exitCode, signal, timedOut}`. */
  async *execStream(command: string[], opts: ExecOptions & { signal?: AbortSignal } = {}): AsyncGenerator<ExecChunk> {
    const { signal, ...body } = opts;
    const res = await this.t.raw('POST', `/agents/${this.pid}/exec`, {
      query: { stream: true },
      body: { command, ...body },
      stream: true,
      ...(signal ? { signal } : {}),
    });
    for await (const line of ndjson<{ stream?: 'stdout' | 'stderr'; data?: string } & Record<string, unknown>>(res)) {
      if (line.stream) yield { stream: line.stream, data: Buffer.from(line.data ?? '', 'base64') };
      else yield line as ExecChunk;
    }
  }

  /** The program's output so far (journal or engine logs). */
  logs(opts?: LogOptions & { follow?: false }): Promise<{ entries: LogEntry[]; truncated: boolean }>;
  /** Follows the output until the process ends (or the signal aborts). */
  logs(opts: LogOptions & { follow: true; signal?: AbortSignal }): AsyncGenerator<LogEntry>;
  logs(
    opts: LogOptions & { follow?: boolean; signal?: AbortSignal } = {},
  ): Promise<{ entries: LogEntry[]; truncated: boolean }> | AsyncGenerator<LogEntry> {
    const query = { tail: opts.tail, since: since(opts.since) };
    if (!opts.follow) return this.t.json('GET', `/agents/${this.pid}/logs`, { query });
    const t = this.t;
    const pid = this.pid;
    return (async function* () {
      const res = await t.raw('GET', `/agents/${pid}/logs`, {
        query: { ...query, follow: true },
        stream: true,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      yield* ndjson<LogEntry>(res);
    })();
  }

  async stats(): Promise<ProcessStats> {
    return this.t.json('GET', `/agents/${this.pid}/stats`);
  }
}
