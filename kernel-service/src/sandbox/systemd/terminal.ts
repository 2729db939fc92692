import { closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ReadStream } from 'node:tty';
import { Variant } from '@particle/dbus-next';
import type { TerminalChannel, TerminalSpec } from '../driver.js';
import type { CompanionUnits } from './companions.js';

interface NativePty {
  open(cols: number, rows: number): { master: number; slave: number; pty: string };
  resize(fd: number, cols: number, rows: number): void;
}

const require = createRequire(import.meta.url);
/** node-pty's native part: openpty() and TIOCSWINSZ. Its fork() is not used: systemd starts the program. */
const native = (require('node-pty/lib/utils.js') as { loadNativeModule(name: string): { module: NativePty } }).loadNativeModule(
  'pty',
).module;

export const LOGIN_SHELL = ['/bin/bash', '-l'];
/**
 * systemd makes the TTY the controlling terminal of the process it forks, but with PrivatePIDs=
 * the program runs in a child of that process, in a session without one: no job control, and
 * Ctrl-C would reach nobody. setsid -c starts a new session that takes the TTY; -w keeps it
 * between tini and the program so the program's exit status still comes back.
 */
const NEW_SESSION = ['/usr/bin/setsid', '--wait', '--ctty'];

/**
 * A terminal as a companion unit: the kernel opens a PTY pair, systemd starts the program with
 * the slave as its controlling terminal (StandardInput=tty, TTYPath=) and the main unit's
 * confinement, and the kernel keeps the master. systemd opens the TTY before it builds the
 * unit's namespaces, so PrivateDevices= still hides every other device.
 */
export async function openSystemdTerminal(
  companions: CompanionUnits,
  mainUnit: string,
  seq: string,
  spec: TerminalSpec,
): Promise<TerminalChannel> {
  const pty = native.open(spec.cols, spec.rows);
  const master = new ReadStream(pty.master);
  const dataListeners: ((d: Buffer) => void)[] = [];
  const exitListeners: ((code: number | null) => void)[] = [];
  let exitCode: number | null | undefined;
  // Data may arrive before anyone listens (the shell's first prompt): keep it until then.
  const early: Buffer[] = [];
  master.on('data', (d: Buffer) => {
    if (dataListeners.length === 0) early.push(d);
    for (const l of dataListeners) l(d);
  });
  const fire = (code: number | null) => {
    if (exitCode !== undefined) return;
    exitCode = code;
    master.destroy();
    for (const l of exitListeners) l(code);
  };
  // EIO once the last slave descriptor closed: the program ended. Its status comes from systemd;
  // should that word never come (the unit collected first), the end still reaches the attachers.
  master.on('error', () => setTimeout(() => fire(null), 2000).unref());
  let companion: Awaited<ReturnType<CompanionUnits['start']>>;
  try {
    companion = await companions.start(mainUnit, {
      role: `term${seq}`,
      command: [...NEW_SESSION, ...(spec.command ?? LOGIN_SHELL)],
      environment: { TERM: 'xterm-256color', ...spec.env },
      extra: [
        ['StandardInput', new Variant('s', 'tty')],
        ['StandardOutput', new Variant('s', 'tty')],
        ['StandardError', new Variant('s', 'tty')],
        ['TTYPath', new Variant('s', pty.pty)],
        ['TTYReset', new Variant('b', true)],
      ],
    });
  } catch (err) {
    master.destroy();
    closeSync(pty.slave);
    throw err;
  }
  // Only the sandboxed program holds the slave from here on, so its end reaches the master.
  closeSync(pty.slave);
  void companion.exited.then(async (status) => {
    fire(status.code);
    await companion.stop();
  });
  return {
    write: (data) => {
      if (!master.destroyed) master.write(data);
    },
    resize: (cols, rows) => {
      if (!master.destroyed) native.resize(pty.master, cols, rows);
    },
    onData: (listener) => {
      dataListeners.push(listener);
      for (const d of early.splice(0)) listener(d);
    },
    onExit: (listener) => {
      if (exitCode !== undefined) listener(exitCode);
      else exitListeners.push(listener);
    },
    close: () => void companion.stop(),
  };
}
