import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { ExitStatus } from '../driver.js';
import { signalName } from '../signals.js';
import { LABEL } from './container.js';
import { isNotFound } from './errors.js';

/** How long to wait before subscribing again when the engine drops the event stream. */
const RESUBSCRIBE_MS = 1000;

interface Watch {
  exited: Promise<ExitStatus>;
  resolve: (status: ExitStatus) => void;
}

interface DockerEvent {
  Type?: string;
  Action?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/**
 * Turns the engine's event stream into one exit promise per container: one long-lived
 * subscription for every container of this instance (no wait request per container, no
 * polling). If the stream breaks (the engine restarted), it subscribes again and reads
 * every watched container once, so no exit is missed.
 */
export class ExitWatcher {
  private readonly watches = new Map<string, Watch>();
  private stream: Readable | undefined;
  private closed = false;

  constructor(
    private readonly docker: Docker,
    private readonly instance: string,
    private readonly log: Logger,
  ) {}

  /** Resolves once the engine has accepted the subscription. */
  async start(): Promise<void> {
    const stream = (await this.docker.getEvents({
      filters: { type: ['container'], event: ['die', 'destroy'], label: [`${LABEL.instance}=${this.instance}`] },
    })) as Readable;
    this.stream = stream;
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line) this.onLine(line);
      }
    });
    const lost = (err?: Error) => {
      if (this.closed || this.stream !== stream) return;
      this.stream = undefined;
      this.log.warn({ err }, 'docker event stream ended; subscribing again');
      setTimeout(() => void this.resubscribe(), RESUBSCRIBE_MS).unref();
    };
    stream.on('end', () => lost());
    stream.on('error', lost);
  }

  /**
   * Starts watching a created container; call before starting it, so no exit can be missed.
   * Watching one container twice (adoptAll called again) shares the one promise.
   */
  watch(id: string): { exited: Promise<ExitStatus>; cancel: () => void } {
    let watch = this.watches.get(id);
    if (!watch) {
      let resolve!: (s: ExitStatus) => void;
      const exited = new Promise<ExitStatus>((r) => (resolve = r));
      watch = { exited, resolve };
      this.watches.set(id, watch);
    }
    return { exited: watch.exited, cancel: () => this.watches.delete(id) };
  }

  /**
   * Reads a watched container once and settles if it has ended (adoption, after a lost
   * stream). A container that was created but never started is only "ended" for adoption
   * (a launch that a crash interrupted); during a launch it is about to start.
   */
  async check(id: string, createdIsLost = false): Promise<void> {
    if (!this.watches.has(id)) return;
    try {
      const info = await this.docker.getContainer(id).inspect();
      if (info.State.Status === 'created') {
        if (createdIsLost) this.settle(id, { code: null, signal: null, reason: 'lost' });
      } else if (!info.State.Running) {
        this.settle(id, exitStatusOf(info.State));
      }
    } catch (err) {
      // Gone: someone removed it while nobody watched. Any other error (engine down) leaves
      // the watch in place; the next subscription checks again.
      if (isNotFound(err)) this.settle(id, { code: null, signal: null, reason: 'lost' });
    }
  }

  close(): void {
    this.closed = true;
    this.stream?.destroy();
    this.stream = undefined;
  }

  /** A line the engine garbled must not take the kernel down (this runs in a stream handler). */
  private onLine(line: string): void {
    let ev: DockerEvent;
    try {
      ev = JSON.parse(line) as DockerEvent;
    } catch (err) {
      this.log.warn({ err, line: line.slice(0, 200) }, 'docker event stream: unreadable event');
      return;
    }
    this.onEvent(ev);
  }

  private onEvent(ev: DockerEvent): void {
    const id = ev.Actor?.ID ?? ev.id;
    if (ev.Type !== 'container' || !id || !this.watches.has(id)) return;
    if (ev.Action === 'die') {
      const code = Number(ev.Actor?.Attributes?.exitCode ?? NaN);
      void this.readStatus(id, code).then((status) => this.settle(id, status));
    } else if (ev.Action === 'destroy') {
      this.settle(id, { code: null, signal: null, reason: 'lost' });
    }
  }

  /** The event carries the exit code; only inspect knows whether the OOM killer struck. */
  private async readStatus(id: string, eventCode: number): Promise<ExitStatus> {
    try {
      const info = await this.docker.getContainer(id).inspect();
      return exitStatusOf(info.State);
    } catch {
      // Removed right after it died (destroy with force); the event's code is all there is.
      return Number.isInteger(eventCode)
        ? exitStatusOf({ ExitCode: eventCode, OOMKilled: false })
        : { code: null, signal: null, reason: 'lost' };
    }
  }

  private settle(id: string, status: ExitStatus): void {
    const watch = this.watches.get(id);
    if (!watch) return;
    this.watches.delete(id);
    watch.resolve(status);
  }

  private async resubscribe(): Promise<void> {
    if (this.closed) return;
    try {
      await this.start();
    } catch (err) {
      this.log.warn({ err }, 'docker event stream: engine not reachable; trying again');
      setTimeout(() => void this.resubscribe(), RESUBSCRIBE_MS).unref();
      return;
    }
    for (const id of [...this.watches.keys()]) await this.check(id);
  }
}

/**
 * Reads Docker's verdict on a container's init (docker-init, i.e. tini). tini exits with
 * 128+N when signal N killed the program, the shell convention; that is mapped back to
 * the signal, as the systemd driver does, so both drivers report the same way.
 */
export function exitStatusOf(state: { ExitCode: number; OOMKilled: boolean }): ExitStatus {
  const code = state.ExitCode;
  const byName = code > 128 && code <= 128 + 64 ? signalName(code - 128) : null;
  const signal = byName && !/^SIG[0-9]/.test(byName) ? byName : null;
  if (state.OOMKilled) return { code: signal ? null : code, signal, reason: 'oom-kill' };
  if (signal) return { code: null, signal, reason: 'signal' };
  return { code, signal: null, reason: code === 0 ? 'success' : 'exit-code' };
}
