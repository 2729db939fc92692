import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A provider key. The value sits in a private field, so JSON.stringify, util.inspect (and so
 * pino and console), structuredClone and Object.keys never see it; only `reveal()` does, and only
 * the adapter that builds the SDK client calls it. Keys must never reach a sandbox or a log.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  /** Removes the key from a text that may echo it (a provider's error body). */
  scrub(text: string): string {
    return this.#value.length >= 4 ? text.replaceAll(this.#value, REDACTED) : text;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}
