import { randomBytes } from 'node:crypto';
import { AetherError } from '../errors/index.js';
import type { EventBus } from '../events/index.js';
import { tokenMatches } from '../api/auth.js';
import type { InboxItem } from '../runs/inbox.js';

/** Who controls a desktop's keyboard and pointer, until when. The key is given only to the taker. */
export interface Lease {
  pid: number;
  owner: string;
  acquiredAt: string;
  expiresAt: string;
}

export type LeaseEnd = 'released' | 'expired' | 'broken' | 'process-ended';

export interface LeaseHooks {
  /** A person took control: the agent's program is paused (its desktop keeps running). */
  taken(pid: number, lease: Lease): Promise<void>;
  /** Control came back: the agent resumes and is told a human intervened. */
  ended(pid: number, lease: Lease, why: LeaseEnd): Promise<void>;
}

interface Held {
  lease: Lease;
  key: string;
  timer: NodeJS.Timeout;
}

/**
 * The control leases of desktops: at most one per process, exclusive, with an owner and an
 * expiry; every change is an event ({type:'desktop.lease', pid, lease}). Input reaches a desktop
 * only from connections that present the current lease's key (the proxy asks `holds`).
 */
export class LeaseBook {
  private readonly held = new Map<number, Held>();

  constructor(
    private readonly events: EventBus,
    private readonly hooks: LeaseHooks,
    private readonly maxTtlMs: number,
  ) {}

  get(pid: number): Lease | null {
    return this.held.get(pid)?.lease ?? null;
  }

  holds(pid: number, key: string | undefined): boolean {
    const h = this.held.get(pid);
    return !!h && key !== undefined && tokenMatches(h.key, key);
  }

  /** Takes the lease, or renews it when `key` is the current one's. */
  async take(pid: number, owner: string, ttlMs: number, key?: string): Promise<{ lease: Lease; key: string }> {
    const ttl = Math.min(ttlMs, this.maxTtlMs);
    const current = this.held.get(pid);
    if (current && !(key !== undefined && tokenMatches(current.key, key))) {
      throw new AetherError(
        'LEASE_HELD',
        `${current.lease.owner} controls the desktop of process ${pid} until ${current.lease.expiresAt}.`,
        {
          details: { lease: current.lease },
        },
      );
    }
    const now = Date.now();
    const lease: Lease = {
      pid,
      owner: current?.lease.owner ?? owner,
      acquiredAt: current?.lease.acquiredAt ?? new Date(now).toISOString(),
      expiresAt: new Date(now + ttl).toISOString(),
    };
    if (current) clearTimeout(current.timer);
    const held: Held = { lease, key: current?.key ?? randomBytes(24).toString('base64url'), timer: this.expireIn(pid, ttl) };
    this.held.set(pid, held);
    if (!current) {
      try {
        await this.hooks.taken(pid, lease);
      } catch (err) {
        clearTimeout(held.timer);
        this.held.delete(pid);
        throw err;
      }
    }
    this.events.publish({ type: 'desktop.lease', pid, lease, change: current ? 'renewed' : 'taken' });
    return { lease, key: held.key };
  }

  /** Gives control back: with the lease's key, or `force` (an administrator breaking it). */
  async release(pid: number, key: string | undefined, force = false): Promise<Lease> {
    const h = this.held.get(pid);
    if (!h || (!force && !(key !== undefined && tokenMatches(h.key, key)))) {
      throw new AetherError('LEASE_NOT_HELD', `That is not the current control lease of process ${pid}.`, {
        details: { lease: h?.lease ?? null },
      });
    }
    await this.end(pid, force ? 'broken' : 'released');
    return h.lease;
  }

  /** The process ended: its lease goes without resuming anything. */
  forget(pid: number): void {
    const h = this.held.get(pid);
    if (!h) return;
    clearTimeout(h.timer);
    this.held.delete(pid);
    this.events.publish({ type: 'desktop.lease', pid, lease: null, change: 'process-ended' });
  }

  private expireIn(pid: number, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => void this.end(pid, 'expired').catch(() => undefined), ms);
    timer.unref();
    return timer;
  }

  private async end(pid: number, why: LeaseEnd): Promise<void> {
    const h = this.held.get(pid);
    if (!h) return;
    clearTimeout(h.timer);
    this.held.delete(pid);
    this.events.publish({ type: 'desktop.lease', pid, lease: null, change: why, previous: h.lease });
    await this.hooks.ended(pid, h.lease, why);
  }
}

/** The run-inbox item that tells the agent a person had its desktop, with a screenshot of now. */
export function interventionItem(source: string, lease: Lease, why: LeaseEnd, png: Buffer | null): InboxItem {
  const how =
    why === 'expired' ? 'the lease expired' : why === 'broken' ? 'an administrator ended the lease' : 'they released it';
  return {
    id: `lease-${Date.parse(lease.acquiredAt)}`,
    source,
    text:
      `A human (${lease.owner}) took control of your desktop at ${lease.acquiredAt} and gave it back (${how}). ` +
      'You were paused meanwhile; the screen may have changed. A fresh screenshot is attached: look at it before you continue.',
    images: png ? [{ mediaType: 'image/png', base64: png.toString('base64') }] : [],
    at: Date.now(),
  };
}
