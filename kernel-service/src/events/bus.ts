import { EventEmitter } from 'node:events';
import type { EventStore } from './store.js';

export interface KernelEvent {
  /**
   * Monotonic; with a store (the kernel) it is the event's row id in the events table, so it
   * also survives restarts and ?after=<seq> replays what a client missed.
   */
  seq: number;
  type: string;
  [key: string]: unknown;
}

/** In-process fan-out of kernel events (lifecycle now; steps, messages later) to API streams. */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private seq = 0;

  constructor(private readonly store: EventStore | null = null) {
    // One listener per connected client: hundreds are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  /**
   * Stores (with a store) and fans out an event. `storedSeq`: the caller already wrote the row
   * (a state change and its event in one transaction) and this is its id.
   */
  publish(event: { type: string } & Record<string, unknown>, storedSeq?: number): KernelEvent {
    const seq = this.store ? (storedSeq ?? this.store.append(event)) : ++this.seq;
    const full: KernelEvent = { ...event, seq };
    this.emitter.emit('event', full);
    return full;
  }

  /** Stored events after `seq`, oldest first (empty without a store). */
  replay(after: number, limit: number): KernelEvent[] {
    return this.store ? this.store.after(after, limit) : [];
  }

  get persistent(): boolean {
    return this.store !== null;
  }

  subscribe(listener: (event: KernelEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
