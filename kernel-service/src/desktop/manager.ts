import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { AetherError } from '../errors/index.js';
import type { EventBus } from '../events/index.js';
import type { Companion, CompanionUnits, SandboxHandle } from '../sandbox/index.js';
import { perform, type DesktopAction } from './input.js';
import { interventionItem, LeaseBook, type Lease, type LeaseEnd } from './lease.js';
import { freezeAgent, thawAgent, thawAll } from './freeze.js';
import { RfbClient, type RfbLimits } from './rfb-client.js';
import { RfbServerError } from './rfb-reader.js';
import { connectAgentSocket } from './socket-path.js';
import { DEFAULT_PROGRAMS, startDesktopUnits, type DesktopUnitsOptions } from './units.js';
import type { InboxItem, InboxSource } from '../runs/inbox.js';

/** What the desktop manager needs to know about a process (the supervisor and sockets answer). */
export interface DesktopProcesses {
  /** Whether the process asked for a desktop, and its agent's uid. */
  describe(pid: number): { desktop: boolean; uid: number; state: string };
  /** The live sandbox; throws PROCESS_NOT_RUNNING when there is none. */
  handle(pid: number): SandboxHandle;
  /** Host path of the process's kernel directory (bound at /run/aether in the sandbox). */
  kernelDir(pid: number): string;
  /** Companion units of the driver that runs the process, or null when it offers none. */
  companions(pid: number): CompanionUnits | null;
}

export interface DesktopInfo {
  pid: number;
  state: 'starting' | 'ready' | 'failed';
  error: string | null;
  width: number | null;
  height: number | null;
  units: string[];
  lease: Lease | null;
  startedAt: string;
  readyAt: string | null;
}

interface Desktop {
  info: Omit<DesktopInfo, 'lease'>;
  uid: number;
  ready: Promise<string>;
  units: Companion[];
  client: Promise<RfbClient> | null;
}

export interface DesktopManagerOptions {
  geometry: string;
  programs?: DesktopUnitsOptions['programs'];
  maxLeaseMs: number;
  /** What the kernel accepts from the (agent-owned) VNC server: protection.rfb. */
  rfb?: RfbLimits;
}

/**
 * Desktops of processes spawned with `desktop: true`: started when the process starts, gone
 * with it; the control lease (pause the agent while a person works, tell it afterwards);
 * the kernel's own RFB client for the agent's screenshot and input tools.
 */
export class DesktopManager implements InboxSource {
  readonly name = 'desktop';
  readonly leases: LeaseBook;
  private readonly desktops = new Map<number, Desktop>();
  private readonly inbox = new Map<number, InboxItem[]>();
  /** Units a held lease froze, per process, to thaw when control comes back. */
  private readonly frozen = new Map<number, string[]>();

  constructor(
    private readonly procs: DesktopProcesses,
    events: EventBus,
    private readonly opts: DesktopManagerOptions,
    private readonly log: Logger,
  ) {
    this.leases = new LeaseBook(
      events,
      { taken: (pid) => this.pauseAgent(pid), ended: (pid, lease, why) => this.resumeAgent(pid, lease, why) },
      opts.maxLeaseMs,
    );
    events.subscribe((e) => {
      if (e.type !== 'process.state') return;
      const pid = Number(e.pid);
      if (e.to === 'running' && e.from === 'starting') this.startIfWanted(pid);
      // Stopping a process whose program a lease froze: thaw it so it can act on SIGTERM.
      if (e.to === 'stopping' && this.leases.get(pid)) {
        this.leases.forget(pid);
        const companions = this.procs.companions(pid);
        if (companions) void thawAll(companions, this.frozen.get(pid) ?? []);
        this.frozen.delete(pid);
      }
      if (['exited', 'killed', 'failed'].includes(String(e.to))) this.forget(pid);
    });
  }

  /** After a kernel restart: desktops of live processes are adopted (started again if their Xvnc is gone). */
  adopt(pids: number[]): void {
    for (const pid of pids) {
      this.startIfWanted(pid);
      // Leases live in this process: one that was held when the kernel went away is gone, and so
      // must be its freeze of the program (a slice-wide pause, if any, still holds it).
      if (!this.desktops.has(pid)) continue;
      try {
        const companions = this.procs.companions(pid);
        if (companions) void thawAgent(companions, this.procs.handle(pid).id, this.desktopRoles()).catch(() => undefined);
      } catch {
        /* not live after all */
      }
    }
  }

  info(pid: number): DesktopInfo {
    const d = this.desktop(pid);
    return { ...d.info, units: d.units.map((u) => u.unit), lease: this.leases.get(pid) };
  }

  /** A connection to the display's VNC socket, once the desktop is ready. */
  async connect(pid: number): Promise<Socket> {
    const d = this.desktop(pid);
    const socket = await d.ready.catch((err: unknown) => {
      throw new AetherError('DESKTOP_UNAVAILABLE', `The desktop of process ${pid} failed to start: ${(err as Error).message}`);
    });
    return connectAgentSocket(socket, d.uid);
  }

  /** A screenshot for people (the API) and the kernel itself; the agent's goes through agentScreenshot. */
  async screenshot(pid: number): Promise<{ png: Buffer; width: number; height: number }> {
    return this.guarded(pid, async (c) => c.screenshot());
  }

  async frame(pid: number): Promise<{ pixels: Buffer; width: number; height: number }> {
    return this.guarded(pid, async (c) => c.frame());
  }

  /** The agent's screenshot tool: refused while a person holds the lease (it must not watch them). */
  async agentScreenshot(pid: number): Promise<{ png: Buffer; width: number; height: number }> {
    this.assertAgentMayAct(pid);
    return this.screenshot(pid);
  }

  /** The agent's own input: refused while a person holds the lease. */
  async act(pid: number, action: DesktopAction): Promise<void> {
    this.assertAgentMayAct(pid);
    await this.guarded(pid, (c) => perform(c, action));
  }

  /**
   * While a person holds the lease the agent neither sees nor acts through the kernel (desktop,
   * terminals): LEASE_HELD. Its programs are frozen meanwhile; this covers calls already on the way.
   */
  assertAgentMayAct(pid: number): void {
    const lease = this.leases.get(pid);
    if (lease) {
      throw new AetherError(
        'LEASE_HELD',
        `A person (${lease.owner}) controls your desktop until ${lease.expiresAt}; you are paused meanwhile and are told when control comes back.`,
        { details: { lease } },
      );
    }
  }

  pending(pid: number): InboxItem[] {
    return this.inbox.get(pid) ?? [];
  }

  ack(pid: number, ids: string[]): void {
    const left = (this.inbox.get(pid) ?? []).filter((i) => !ids.includes(i.id));
    if (left.length) this.inbox.set(pid, left);
    else this.inbox.delete(pid);
  }

  private startIfWanted(pid: number): void {
    let d: ReturnType<DesktopProcesses['describe']>;
    try {
      d = this.procs.describe(pid);
    } catch {
      return;
    }
    if (!d.desktop || this.desktops.has(pid)) return;
    const desktop: Desktop = {
      info: {
        pid,
        state: 'starting',
        error: null,
        width: null,
        height: null,
        units: [],
        startedAt: new Date().toISOString(),
        readyAt: null,
      },
      uid: d.uid,
      units: [],
      client: null,
      ready: this.start(pid, d.uid),
    };
    this.desktops.set(pid, desktop);
    desktop.ready.then(
      () => {
        desktop.info.state = 'ready';
        desktop.info.readyAt = new Date().toISOString();
      },
      (err: unknown) => {
        desktop.info.state = 'failed';
        desktop.info.error = (err as Error).message;
        this.log.warn({ pid, err }, 'desktop failed to start');
      },
    );
  }

  private async start(pid: number, uid: number): Promise<string> {
    const companions = this.procs.companions(pid);
    if (!companions) throw new Error('the sandbox driver of this process offers no desktops (use the systemd driver)');
    const { socket, units } = await startDesktopUnits(
      companions,
      this.procs.handle(pid).id,
      this.procs.kernelDir(pid),
      uid,
      { geometry: this.opts.geometry, programs: this.opts.programs ?? DEFAULT_PROGRAMS },
      (role, err) => this.log.warn({ pid, role, err }, 'a desktop program did not start'),
    );
    const d = this.desktops.get(pid);
    if (d) d.units = units; // programs join this list as they start
    return socket;
  }

  private client(pid: number): Promise<RfbClient> {
    const d = this.desktop(pid);
    if (!d.client) {
      d.client = this.connect(pid).then((s) => RfbClient.handshake(s, this.opts.rfb));
      d.client.then(
        (c) => {
          d.info.width = c.width;
          d.info.height = c.height;
          void c.closed.then(() => {
            d.client = null;
            if (c.failure)
              this.log.warn({ pid, code: c.failure.code, reason: c.failure.message }, 'closed the desktop connection');
          });
        },
        (err: unknown) => {
          d.client = null;
          if (err instanceof RfbServerError)
            this.log.warn({ pid, code: err.code, reason: err.message }, 'refused the desktop server');
        },
      );
    }
    return d.client;
  }

  /** Runs fn on the kernel's RFB client; a hostile or broken VNC server becomes DESKTOP_PROTOCOL_ERROR. */
  private async guarded<T>(pid: number, fn: (c: RfbClient) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.client(pid));
    } catch (err) {
      if (!(err instanceof RfbServerError)) throw err;
      if (err.code === 'RFB_CLOSED')
        throw new AetherError('DESKTOP_UNAVAILABLE', `The desktop of process ${pid}: ${err.message}.`);
      throw new AetherError('DESKTOP_PROTOCOL_ERROR', `The desktop of process ${pid} broke the RFB protocol: ${err.message}`, {
        details: { reason: err.code },
      });
    }
  }

  /** Roles of the desktop's own units: they keep running for the person during a takeover. */
  private desktopRoles(): string[] {
    return ['xvnc', ...(this.opts.programs ?? DEFAULT_PROGRAMS).map((p) => p.role)];
  }

  private desktop(pid: number): Desktop {
    const d = this.desktops.get(pid);
    if (d) return d;
    const p = this.procs.describe(pid); // PROCESS_NOT_FOUND for unknown pids
    if (!p.desktop) throw new AetherError('DESKTOP_NOT_ENABLED', `Process ${pid} was spawned without a desktop.`);
    throw new AetherError('PROCESS_NOT_RUNNING', `Process ${pid} is ${p.state}; its desktop is gone.`);
  }

  private async pauseAgent(pid: number): Promise<void> {
    this.desktop(pid);
    const companions = this.procs.companions(pid);
    if (!companions) throw new AetherError('DESKTOP_UNAVAILABLE', 'This sandbox driver cannot pause the agent alone.');
    // Everything of the agent in its slice; the desktop's own units keep running for the person.
    this.frozen.set(pid, await freezeAgent(companions, this.procs.handle(pid).id, this.desktopRoles()));
  }

  private async resumeAgent(pid: number, lease: Lease, why: LeaseEnd): Promise<void> {
    const companions = this.procs.companions(pid);
    if (companions) await thawAll(companions, this.frozen.get(pid) ?? [this.procs.handle(pid).id]);
    this.frozen.delete(pid);
    const shot = await this.screenshot(pid).catch(() => null);
    const item = interventionItem(this.name, lease, why, shot?.png ?? null);
    this.inbox.set(pid, [...(this.inbox.get(pid) ?? []), item]);
  }

  private forget(pid: number): void {
    const d = this.desktops.get(pid);
    this.desktops.delete(pid);
    this.inbox.delete(pid);
    this.leases.forget(pid);
    this.frozen.delete(pid);
    void d?.client?.then((c) => c.close()).catch(() => undefined);
    // The units stop with the slice; stopping them here too leaves nothing if the slice lingers.
    for (const u of d?.units ?? []) void u.stop();
  }
}
