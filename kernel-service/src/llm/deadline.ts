import type { AbortCause } from './errors.js';

/**
 * One attempt's abort signal: fired by its timeout or by the caller, remembering which, because
 * every SDK reports both as the same "aborted" error. The SDKs' own timeouts are not used: ours
 * also covers a stream that stalls between chunks (`touch()` restarts the clock on every chunk).
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #ms: number;
  readonly #caller: AbortSignal | undefined;
  #cause: AbortCause;
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number, caller?: AbortSignal) {
    this.#ms = ms;
    this.#caller = caller;
    if (caller?.aborted) this.#fire('caller');
    caller?.addEventListener('abort', this.#onCaller, { once: true });
    this.touch();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get cause(): AbortCause {
    return this.#cause;
  }

  /** Restarts the clock: a stream that keeps sending is alive however long it runs. */
  touch(): void {
    clearTimeout(this.#timer);
    if (!this.#cause) this.#timer = setTimeout(() => this.#fire('timeout'), this.#ms);
  }

  /** Stops the clock and lets go of the caller's signal; call once the attempt is over. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener('abort', this.#onCaller);
  }

  /**
   * Settles with `work`, or rejects as soon as the signal fires: an SDK that ignores its signal
   * while reading a body must not hold the agent past its timeout.
   */
  race<T>(work: Promise<T>): Promise<T> {
    const signal = this.signal;
    if (signal.aborted) return Promise.reject(new Error('aborted'));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  readonly #onCaller = () => this.#fire('caller');

  #fire(cause: Exclude<AbortCause, undefined>): void {
    this.#cause ??= cause;
    clearTimeout(this.#timer);
    this.#controller.abort();
  }
}
