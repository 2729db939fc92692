import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Companion, CompanionUnits } from '../sandbox/index.js';

export const XVNC = '/usr/bin/Xvnc';
/** Inside the sandbox (the per-process kernel directory is bound at /run/aether). */
const SANDBOX_SOCKET = '/run/aether/desktop/vnc.sock';
export const DISPLAY = ':0';

export interface DesktopUnitsOptions {
  geometry: string;
  /** Programs started on the desktop once Xvnc is up; a missing one is skipped, a failing one logged. */
  programs: { role: string; command: string[] }[];
}

export const DEFAULT_PROGRAMS: DesktopUnitsOptions['programs'] = [
  { role: 'wm', command: ['/usr/bin/openbox'] },
  { role: 'xterm', command: ['/usr/bin/xterm'] },
  {
    role: 'browser',
    // The agent's whole desktop is already confined by systemd; Chromium's own sandbox needs
    // user namespaces, which the unit forbids (RestrictNamespaces=). The binary itself, not
    // Debian's wrapper script: that one reads /proc/cpuinfo, which ProcSubset=pid hides.
    command: [
      '/usr/lib/chromium/chromium',
      '--no-sandbox',
      '--no-first-run',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      'about:blank',
    ],
  },
];

/**
 * Starts a process's desktop as companion units of its main unit (its slice, user, home,
 * namespaces): Xvnc first, listening only on a Unix socket in the process's kernel directory
 * (no TCP: -rfbport -1; no security type but None, because only the kernel can reach that
 * socket and people authenticate at the kernel's WebSocket), then the window manager, a
 * terminal emulator and a browser on its display. Resolves with the socket's host path.
 */
export async function startDesktopUnits(
  companions: CompanionUnits,
  mainUnit: string,
  kernelDir: string,
  uid: number,
  opts: DesktopUnitsOptions,
  onProgramError: (role: string, err: unknown) => void,
): Promise<{ socket: string; units: Companion[] }> {
  // Xvnc runs as the agent and creates its socket here; the parent stays root's.
  const dir = join(kernelDir, 'desktop');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chownSync(dir, uid, uid);
  chmodSync(dir, 0o700);
  const socket = join(dir, 'vnc.sock');
  // A kernel that restarted finds the desktop still running under systemd: adopt it as it is.
  if (isSocket(socket) && (await companions.isActive(companions.unitName(mainUnit, 'xvnc')))) return { socket, units: [] };
  const pid = /-p([0-9]+)\.service$/.exec(mainUnit)?.[1] ?? '?';
  const xvnc = await companions.start(mainUnit, {
    role: 'xvnc',
    // Xvnc runs as the agent and cannot create /tmp/.X11-unix itself (it insists on root); without
    // it, X would listen only on the abstract socket, which lives in the network namespace and so
    // would be shared with the host under network "host". With it, and "-nolisten local", X
    // clients reach the display only through the private /tmp the desktop shares with the program.
    command: [
      '/bin/sh',
      '-c',
      'mkdir -p -m 1777 /tmp/.X11-unix && exec "$0" "$@"',
      XVNC,
      DISPLAY,
      '-rfbunixpath',
      SANDBOX_SOCKET,
      '-rfbunixmode',
      '0600',
      '-rfbport',
      '-1',
      '-SecurityTypes',
      'None',
      '-AlwaysShared',
      '-nolisten',
      'tcp',
      '-nolisten',
      'local',
      // No synthetic input (XTEST) and no recording of the person's input (RECORD) for any X
      // client: the agent's clients are frozen during a takeover, and a program it left running in
      // the desktop's own units must not type or eavesdrop. The VNC server injects its input
      // itself and needs neither.
      '-extension',
      'XTEST',
      '-extension',
      'RECORD',
      '-geometry',
      opts.geometry,
      '-depth',
      '24',
      '-desktop',
      `aether-p${pid}`,
    ],
  });
  const units = [xvnc];
  let ended = false;
  void xvnc.exited.then(() => (ended = true));
  const deadline = Date.now() + 15_000;
  while (!isSocket(socket)) {
    if (ended) throw new Error('Xvnc exited during start-up (journalctl -u ' + xvnc.unit + ')');
    if (Date.now() > deadline) throw new Error(`Xvnc did not open ${socket} within 15 s`);
    await sleep(10);
  }
  const env = { DISPLAY };
  for (const p of opts.programs) {
    if (!existsSync(p.command[0]!)) continue;
    companions
      .start(mainUnit, { role: p.role, command: p.command, environment: env })
      .then((u) => units.push(u))
      .catch((err: unknown) => onProgramError(p.role, err));
  }
  return { socket, units };
}

function isSocket(path: string): boolean {
  try {
    return lstatSync(path).isSocket();
  } catch {
    return false;
  }
}
