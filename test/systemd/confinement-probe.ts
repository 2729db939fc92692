/**
 * What a hostile agent tries, as the shell script it runs: each probe writes p-<name>.txt into
 * its home (the probe's output, then "rc=<exit status>"), then "done". $VICTIMS holds the victims'
 * kernel PIDs, which an attacker could guess anyway (they count up from 1). The secrets all start
 * with CONFINE-SECRET, which is what the probes search for; the attacker knows no more than that.
 */
export const SECRET_MARK = 'CONFINE-SECRET';

/** Matches the mark without being it: the script (in the attacker's credential and /proc) must not find itself. */
const PATTERN = `${SECRET_MARK.slice(0, -1)}[${SECRET_MARK.slice(-1)}]`;

export const ATTACKER_SCRIPT = String.raw`
p() { n=$1; shift; { "$@"; } > "p-$n.txt" 2>&1; echo "rc=$?" >> "p-$n.txt"; }
for v in $VICTIMS; do
  U=aether-p$v.service
  OBJ=/org/freedesktop/systemd1/unit/aether_2dp$v\_2eservice
  # The host's runtime directory: bus, systemd's sockets and transient units, credentials.
  p cred-$v cat /run/credentials/$U/spawn
  p transient-$v cat /run/systemd/transient/$U
  # The system bus, three clients.
  p getall-$v busctl --system call org.freedesktop.systemd1 $OBJ org.freedesktop.DBus.Properties GetAll s org.freedesktop.systemd1.Service
  p dbussend-$v dbus-send --system --print-reply --dest=org.freedesktop.systemd1 $OBJ org.freedesktop.DBus.Properties.Get string:org.freedesktop.systemd1.Service string:ExecStart
  p show-$v systemctl show $U
  p journalu-$v journalctl --no-pager -q -u $U
done
p run sh -c 'find /run -mindepth 1 -maxdepth 4 2>/dev/null; true'
p grep sh -c 'grep -rsl ${PATTERN} /run /tmp /var/tmp /dev/shm /home /etc /sys/fs/cgroup; echo end'
p own sh -c 'cat "$CREDENTIALS_DIRECTORY/spawn"'
p busctl busctl --system list
p node node -e "require('net').connect('/run/dbus/system_bus_socket').on('error',e=>{console.log(e.code);process.exit(1)}).on('connect',()=>console.log('connected'))"
p private node -e "require('net').connect('/run/systemd/private').on('error',e=>{console.log(e.code);process.exit(1)}).on('connect',()=>console.log('connected'))"
# The journal: read everything it lets us, and try to write lines that claim to be the kernel.
p journal sh -c 'journalctl --no-pager -q -o cat 2>&1 | grep -c ${PATTERN}'
p logger logger -t aether-kernel CONFINE-FORGED-LOG-logger
p catlog sh -c 'echo CONFINE-FORGED-LOG-cat | systemd-cat -t aether-kernel'
# Processes: every command line and environment /proc shows.
p proc sh -c 'ls /proc | grep -E "^[0-9]+$" | wc -l; cat /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null | tr "\0" "\n" | grep -c ${PATTERN}'
p cgroup sh -c 'grep ^0:: /proc/self/cgroup; find /sys/fs/cgroup -name "*aether-p*" | wc -l; cat /sys/fs/cgroup/cgroup.procs | wc -l; touch /sys/fs/cgroup/x'
p ipc sh -c 'ipcs -m; ls -A /dev/shm'
p homes sh -c 'ls -A /home; cat /var/lib/aether/homes/*/secret'
echo done > done
`;

/** The victim: a secret in its home, its arguments ($0) and its spawn environment, and a SysV shared-memory segment. */
export function victimScript(homeSecret: string): string {
  return [
    `echo ${homeSecret} > secret`,
    'echo "$VICTIM_ENV" > own-env',
    'echo "$0" > own-arg',
    'cat "$CREDENTIALS_DIRECTORY/spawn" > own-cred',
    "ipcmk -M 4096 -p 0666 | sed 's/[^0-9]//g' > shmid",
    // To stdout, so into the journal: root sees it there, the attacker does not.
    'echo "journal: $VICTIM_ENV"',
    'echo ready > ready',
    'exec sleep 600',
  ].join('; ');
}
