import { createRequire } from 'node:module';

interface SdNotify {
  ready(): void;
  sendStatus(text: string): void;
  sendState(state: string): void;
  watchdog(): void;
  /** Microseconds from WATCHDOG_USEC, or 0 when the watchdog is off. */
  watchdogInterval(): number;
}

/**
 * Readiness, status and watchdog pings to systemd (Type=notify). Outside systemd
 * (NOTIFY_SOCKET unset) every call is a no-op, so `node dist/main.js` runs anywhere.
 */
export class SystemdNotifier {
  private readonly sd: SdNotify | null;
  private timer: NodeJS.Timeout | undefined;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    // sd-notify is a native CommonJS addon; load it only when systemd is listening.
    this.sd = env.NOTIFY_SOCKET ? (createRequire(import.meta.url)('sd-notify') as SdNotify) : null;
  }

  get active(): boolean {
    return this.sd !== null;
  }

  ready(status: string): void {
    this.sd?.sendState(`READY=1\nSTATUS=${status}\nMAINPID=${process.pid}\n`);
    this.startWatchdog();
  }

  status(text: string): void {
    this.sd?.sendStatus(text);
  }

  stopping(): void {
    this.sd?.sendState('STOPPING=1\n');
    if (this.timer) clearInterval(this.timer);
  }

  /** Pings at half the interval systemd asked for, from the event loop: a stuck loop gets us restarted. */
  private startWatchdog(): void {
    const usec = this.sd?.watchdogInterval() ?? 0;
    if (!usec || this.timer) return;
    this.timer = setInterval(() => this.sd?.watchdog(), Math.max(100, usec / 2000));
    this.timer.unref();
  }
}
