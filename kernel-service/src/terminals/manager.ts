import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AetherError } from '../errors/index.js';
import type { EventBus } from '../events/index.js';
import type { SandboxDriver, SandboxHandle, TerminalChannel } from '../sandbox/index.js';
import { Scrollback } from './scrollback.js';

/** How the terminal manager finds a live process's sandbox (the supervisor answers). */
export type SandboxLookup = (pid: number) => { driver: SandboxDriver; handle: SandboxHandle };

export interface TerminalInfo {
  id: string;
  pid: number;
  cols: number;
  rows: number;
  command: string[] | null;
  /** Who opened it: a person through the API, or the agent itself through its kernel socket. */
  openedBy: 'api' | 'agent';
  attached: number;
  /** Bytes printed since it opened (the offset the next output starts at). */
  offset: number;
  exitCode: number | null;
  state: 'open' | 'ended';
  createdAt: string;
}

/** Someone watching a terminal: a WebSocket, the CLI. */
export interface Attacher {
  send(data: Buffer): void;
  /** The terminal ended (or the attacher was dropped). */
  end(code: number | null): void;
}

interface Session {
  info: Omit<TerminalInfo, 'attached' | 'offset'>;
  channel: TerminalChannel;
  scrollback: Scrollback;
  attachers: Set<Attacher>;
}

export interface TerminalManagerOptions {
  /** Most terminals open at once per process. */
  maxPerProcess: number;
  /** Bytes of output kept per terminal for late joiners. */
  scrollbackBytes: number;
  /**
   * Ended terminals kept per process (protection.endedTerminalsKept) so a late reader still gets
   * the last output and exit code; older ones are forgotten with their scrollback. Without this a
   * process that opens and ends terminals in a loop would grow the kernel by a scrollback each.
   */
  endedKept?: number;
}

/**
 * Terminals of live processes: several per process, each with a scrollback and any number of
 * attachers (people in browsers, the CLI, the agent's own tool) who all see the same bytes and
 * may all type. Terminals end with their process. Driver-neutral: it uses only
 * SandboxDriver.openTerminal.
 */
export class TerminalManager {
  private readonly sessions = new Map<number, Map<string, Session>>();
  /** Who hears of typing and attaching (policies/: both count as use; attaching can wake an idle pause). */
  private readonly activityListeners: ((pid: number, kind: 'input' | 'attach') => void)[] = [];

  constructor(
    private readonly lookup: SandboxLookup,
    events: EventBus,
    private readonly opts: TerminalManagerOptions,
    private readonly log: Logger,
  ) {
    events.subscribe((e) => {
      if (e.type === 'process.state' && ['exited', 'killed', 'failed'].includes(String(e.to))) this.closeAll(Number(e.pid));
    });
  }

  async open(
    pid: number,
    spec: { cols: number; rows: number; command?: string[] },
    openedBy: TerminalInfo['openedBy'],
  ): Promise<TerminalInfo> {
    const { driver, handle } = this.lookup(pid);
    if (!driver.openTerminal) {
      throw new AetherError('TERMINAL_UNAVAILABLE', `The ${driver.name} sandbox driver offers no terminals.`);
    }
    const mine = this.sessions.get(pid) ?? new Map<string, Session>();
    const open = [...mine.values()].filter((s) => s.info.state === 'open').length;
    if (open >= this.opts.maxPerProcess) {
      throw new AetherError('TERMINAL_LIMIT', `Process ${pid} already has ${open} open terminals.`, {
        details: { pid, max: this.opts.maxPerProcess },
      });
    }
    let channel: TerminalChannel;
    try {
      channel = await driver.openTerminal(handle, spec);
    } catch (err) {
      if (err instanceof AetherError) throw err;
      throw new AetherError(
        'SANDBOX_OPERATION_FAILED',
        `Could not open a terminal in process ${pid}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    const session: Session = {
      info: {
        id: randomUUID(),
        pid,
        cols: spec.cols,
        rows: spec.rows,
        command: spec.command ?? null,
        openedBy,
        exitCode: null,
        state: 'open',
        createdAt: new Date().toISOString(),
      },
      channel,
      scrollback: new Scrollback(this.opts.scrollbackBytes),
      attachers: new Set(),
    };
    mine.set(session.info.id, session);
    this.sessions.set(pid, mine);
    channel.onData((d) => {
      session.scrollback.push(d);
      for (const a of session.attachers) a.send(d);
    });
    channel.onExit((code) => {
      session.info.state = 'ended';
      session.info.exitCode = code;
      for (const a of session.attachers) a.end(code);
      session.attachers.clear();
      this.log.info({ pid, terminal: session.info.id, code }, 'terminal ended');
      this.prune(pid);
    });
    return this.describe(session);
  }

  list(pid: number): TerminalInfo[] {
    return [...(this.sessions.get(pid)?.values() ?? [])].map((s) => this.describe(s));
  }

  get(pid: number, id: string): TerminalInfo {
    return this.describe(this.session(pid, id));
  }

  onActivity(listener: (pid: number, kind: 'input' | 'attach') => void): void {
    this.activityListeners.push(listener);
  }

  private activity(pid: number, kind: 'input' | 'attach'): void {
    for (const listener of this.activityListeners) listener(pid, kind);
  }

  /** Adds an attacher: it first gets the scrollback, then every new byte. Returns how to type and leave. */
  attach(pid: number, id: string, attacher: Attacher) {
    const s = this.session(pid, id);
    this.activity(pid, 'attach');
    const history = s.scrollback.since(0).data;
    if (history.length > 0) attacher.send(history);
    if (s.info.state === 'ended') {
      attacher.end(s.info.exitCode);
      return { write: () => undefined, resize: () => undefined, detach: () => undefined };
    }
    s.attachers.add(attacher);
    return {
      write: (data: string | Buffer) => this.write(pid, id, data),
      resize: (cols: number, rows: number) => this.resize(pid, id, cols, rows),
      detach: () => s.attachers.delete(attacher),
    };
  }

  write(pid: number, id: string, data: string | Buffer): void {
    const s = this.session(pid, id);
    if (s.info.state === 'ended') throw new AetherError('TERMINAL_NOT_FOUND', `Terminal ${id} has ended.`);
    this.activity(pid, 'input');
    s.channel.write(data);
  }

  resize(pid: number, id: string, cols: number, rows: number): void {
    const s = this.session(pid, id);
    s.info.cols = cols;
    s.info.rows = rows;
    if (s.info.state === 'open') s.channel.resize(cols, rows);
  }

  /** Output after `offset` (from the scrollback), for pollers such as the agent's tool. */
  read(pid: number, id: string, offset: number): { data: string; from: number; next: number; state: TerminalInfo['state'] } {
    const s = this.session(pid, id);
    const { data, from, next } = s.scrollback.since(offset);
    return { data: data.toString('utf8'), from, next, state: s.info.state };
  }

  close(pid: number, id: string): void {
    this.session(pid, id).channel.close();
  }

  /** The process ended: its terminals go with it (systemd stops their units with the slice too). */
  closeAll(pid: number): void {
    for (const s of this.sessions.get(pid)?.values() ?? []) {
      // The attachers learn now, not when the backend reports the unit gone.
      if (s.info.state === 'open') {
        s.info.state = 'ended';
        for (const a of s.attachers) a.end(null);
        s.attachers.clear();
      }
      s.channel.close();
    }
    this.sessions.delete(pid);
  }

  /** Forgets the oldest ended terminals of a process beyond endedKept (Map order is opening order). */
  private prune(pid: number): void {
    const mine = this.sessions.get(pid);
    if (!mine) return;
    const ended = [...mine.values()].filter((s) => s.info.state === 'ended');
    for (const s of ended.slice(0, Math.max(0, ended.length - (this.opts.endedKept ?? 4)))) mine.delete(s.info.id);
  }

  private session(pid: number, id: string): Session {
    const s = this.sessions.get(pid)?.get(id);
    if (!s) throw new AetherError('TERMINAL_NOT_FOUND', `Process ${pid} has no terminal ${id}.`, { details: { pid, id } });
    return s;
  }

  private describe(s: Session): TerminalInfo {
    return { ...s.info, attached: s.attachers.size, offset: s.scrollback.end };
  }
}
