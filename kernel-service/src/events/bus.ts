import { EventEmitter } from 'node:events';

export interface KernelEvent {
  /** Monotonic within one kernel run, so a client can tell whether it missed something. */
  seq: number;
  type: string;
  [key: string]: unknown;
}

/** In-process fan-out of kernel events (lifecycle now; steps, messages later) to API streams. */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private seq = 0;

  constructor() {
    // One listener per connected client: hundreds are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  publish(event: { type: string } & Record<string, unknown>): KernelEvent {
    const full: KernelEvent = { ...event, seq: ++this.seq };
    this.emitter.emit('event', full);
    return full;
  }

  subscribe(listener: (event: KernelEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
