import { realpathSync } from 'node:fs';
import { Variant } from '@particle/dbus-next';
import type { LaunchSpec } from '../driver.js';
import type { PropertyList } from './bus.js';

/**
 * /run is the host's switchboard: the system bus (/run/dbus), systemd's sockets and state
 * (/run/systemd: private, notify, journal, resolve's varlink, userdb, transient units), the
 * users' runtime directories (/run/user), Docker's and containerd's sockets, udev's device
 * database, utmp, the kernel's own runtime directory. A sandbox needs none of it, so rather
 * than list what a given host happens to have (a list that is wrong on the next one), every
 * unit gets an empty, root-owned tmpfs there. systemd then mounts what the unit itself is
 * given on top: its own credential directory (/run/credentials/<unit>), the kernel socket's
 * directory (/run/aether, a BindPaths= of the main unit) and its propagation directory
 * (/run/systemd/incoming, empty). Sockets reached by file name are gone with the files;
 * abstract sockets live in the network namespace instead (see docs/SECURITY.md).
 */
export function hostRuntimeProperties(spec: LaunchSpec): PropertyList {
  const props: PropertyList = [['TemporaryFileSystem', new Variant('a(ss)', [['/run', 'mode=0755,nosuid,nodev,noexec']])]];
  // Debian's systemd-resolved makes /etc/resolv.conf a link into /run/systemd/resolve/: with
  // host networking the program still needs that one file (read-only; it holds no secret).
  const resolv = resolvConfTarget();
  if (spec.network === 'host' && resolv) props.push(['BindReadOnlyPaths', new Variant('a(ssbt)', [[resolv, resolv, true, 0n]])]);
  return props;
}

/** Where /etc/resolv.conf points, when that is under /run (null for a plain file). */
function resolvConfTarget(): string | null {
  try {
    const target = realpathSync('/etc/resolv.conf');
    return target.startsWith('/run/') ? target : null;
  } catch {
    return null;
  }
}
