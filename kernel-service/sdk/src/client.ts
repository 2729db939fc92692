/** The entry point: `const aether = new Aether({url, token, fingerprint})`. */
import { Agents } from './agents.js';
import { Backups } from './backups.js';
import { events, type EventOptions } from './events.js';
import { Transport, type ConnectionOptions } from './transport.js';
import type { Approval, KernelEvent, ProcessStats, SystemInfo } from './types.js';

export class Approvals {
  constructor(private readonly t: Transport) {}

  async list(opts: { state?: 'pending' | 'approved' | 'denied'; pid?: number } = {}): Promise<Approval[]> {
    return (await this.t.json<{ approvals: Approval[] }>('GET', '/approvals', { query: opts })).approvals;
  }

  approve(id: number, reason?: string): Promise<Approval> {
    return this.t.json('POST', `/approvals/${id}`, { body: { decision: 'approve', ...(reason ? { reason } : {}) } });
  }

  deny(id: number, reason?: string): Promise<Approval> {
    return this.t.json('POST', `/approvals/${id}`, { body: { decision: 'deny', ...(reason ? { reason } : {}) } });
  }
}

export class Aether {
  readonly agents: Agents;
  readonly approvals: Approvals;
  /** Backup and restore of the appliance's state. */
  readonly backups: Backups;
  /** Low-level access for routes the SDK has no method for: aether.http.json('GET', '/templates'). */
  readonly http: Transport;

  constructor(opts: ConnectionOptions) {
    this.http = new Transport(opts);
    this.agents = new Agents(this.http);
    this.approvals = new Approvals(this.http);
    this.backups = new Backups(this.http);
  }

  /** Kernel version and sandbox capabilities. */
  system(): Promise<SystemInfo> {
    return this.http.json('GET', '/system');
  }

  /** Resource figures of every live process, keyed by pid. */
  async stats(): Promise<Record<string, ProcessStats>> {
    return (await this.http.json<{ processes: Record<string, ProcessStats> }>('GET', '/stats')).processes;
  }

  events(opts: EventOptions = {}): AsyncGenerator<KernelEvent> {
    return events(this.http, opts);
  }

  /** Closes kept-alive connections (a script then exits at once). */
  close(): void {
    this.http.close();
  }
}
