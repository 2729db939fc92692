import type { Logger } from 'pino';
import { wakes } from './idle.js';
import type { ProcessPolicies } from './restarts.js';

/** What auto-resume acts through: the supervisor. */
export interface ResumeHost {
  list(states: readonly ['paused']): { pid: number; agent: { name: string } }[];
  resume(pid: number): Promise<unknown>;
}

/**
 * Wakes a process the idle policy paused when a contact it asked for arrives: a message
 * (the bus's ipc.message, to its PID or to its agent), or `contact(pid, "api" | "attach")` from
 * whoever handles those. Only processes with pausedBy "idle": a pause someone asked for stays.
 */
export class AutoResumer {
  constructor(
    private readonly host: ResumeHost,
    private readonly policies: ProcessPolicies,
    private readonly log: Logger,
  ) {}

  onEvent(e: { type: string; pid?: unknown; agent?: unknown }): void {
    if (e.type !== 'ipc.message') return;
    for (const p of this.host.list(['paused'])) {
      const addressed = typeof e.pid === 'number' ? p.pid === e.pid : p.agent.name === e.agent;
      if (addressed) void this.wake(p.pid, 'message');
    }
  }

  contact(pid: number, kind: 'api' | 'attach'): Promise<boolean> {
    return this.wake(pid, kind);
  }

  private async wake(pid: number, kind: 'message' | 'api' | 'attach'): Promise<boolean> {
    const s = this.policies.get(pid);
    if (!wakes(s.autoResume, s.pausedBy, kind)) return false;
    this.policies.markIdle(pid, null, null);
    try {
      await this.host.resume(pid);
      return true;
    } catch (err) {
      this.log.warn({ err, pid, kind }, 'auto-resume');
      return false;
    }
  }
}
