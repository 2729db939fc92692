import { Variant } from '@particle/dbus-next';
import { SANDBOX_KERNEL_DIR, type LaunchSpec } from '../driver.js';
import type { Limits } from '../limits.js';
import { AGENT_HOME, agentUserName, baseEnvironment } from '../environment.js';
import type { PropertyList } from './bus.js';
import { hostRuntimeProperties } from './host-runtime.js';
import { LAUNCHER, SPAWN_CREDENTIAL } from './spawn.js';

/**
 * With PrivatePIDs= the main process is PID 1 of its namespace, and the Linux kernel
 * drops every signal PID 1 has no handler for (SIGTERM to a plain `sleep` would do
 * nothing). Debian's tini runs as that PID 1: it forwards signals to the program,
 * reaps orphans, and exits with the program's code, or 128+N if signal N killed it.
 */
export const INIT = '/usr/bin/tini';

const MS_REC = 16384n;

export function sliceName(parentSlice: string, pid: number): string {
  return `${parentSlice.replace(/\.slice$/, '')}-p${pid}.slice`;
}

export function mainUnitName(parentSlice: string, pid: number): string {
  return `${parentSlice.replace(/\.slice$/, '')}-p${pid}.service`;
}

/** "aether-p42.service" -> 42 */
export function pidOfUnit(unit: string): number | null {
  const m = /-p([0-9]+)\.(service|slice)$/.exec(unit);
  return m ? Number(m[1]) : null;
}

/** The slice carries the limits; every unit of the process (main, terminals, desktop) lives in it. */
export function sliceProperties(spec: LaunchSpec): PropertyList {
  return [['Description', new Variant('s', `Aether process ${spec.pid} (${spec.agent.name})`)], ...limitProperties(spec.limits)];
}

/** Limits alone: also applied at run time (SetUnitProperties) when a warm sandbox is handed its program. */
export function limitProperties(limits: Limits): PropertyList {
  return [
    ['MemoryAccounting', new Variant('b', true)],
    ['MemoryMax', new Variant('t', BigInt(limits.memoryMax))],
    // Without this a capped process would page out instead of meeting its limit.
    ['MemorySwapMax', new Variant('t', 0n)],
    ['CPUAccounting', new Variant('b', true)],
    ['CPUQuotaPerSecUSec', new Variant('t', BigInt(limits.cpuQuota) * 10_000n)],
    ['TasksAccounting', new Variant('b', true)],
    ['TasksMax', new Variant('t', BigInt(limits.tasksMax))],
  ];
}

export interface MainUnitOptions {
  slice: string;
  /** Paths of the kernel's own that no agent may see. */
  hiddenPaths: string[];
  stopGraceMs: number;
  /** The root-only file (SpawnFiles.write) that holds the program, its arguments and environment. */
  credential: string;
}

/**
 * The confinement of an agent's main program. Agent code is hostile: it gets its own
 * user, a read-only system, only its own home, no devices, no other processes, no
 * privileges to gain, a system-call allow-list and, unless asked, no network.
 *
 * systemd shows every property here to every user of the host (D-Bus, `systemctl show`, the
 * transient unit file): they hold nothing the caller gave. spec.command and spec.environment
 * are in opts.credential, read by the LAUNCHER inside the sandbox.
 */
export function mainUnitProperties(spec: LaunchSpec, opts: MainUnitOptions): PropertyList {
  const user = agentUserName(spec.agent.uid);
  const environment = baseEnvironment(spec);
  // Under "none" the TCP endpoint needs IP sockets; they reach nothing but loopback, and the
  // endpoint refuses to start the program in a namespace with any other interface.
  const families =
    spec.network === 'none'
      ? spec.endpoint
        ? ['AF_UNIX', 'AF_INET', 'AF_INET6']
        : ['AF_UNIX']
      : ['AF_UNIX', 'AF_INET', 'AF_INET6', 'AF_NETLINK'];
  const binds: [string, string, boolean, bigint][] = [[spec.agent.home, AGENT_HOME, false, MS_REC]];
  if (spec.kernelSocketDir) binds.push([spec.kernelSocketDir, SANDBOX_KERNEL_DIR, false, 0n]);
  return [
    ['Description', new Variant('s', `Aether process ${spec.pid} (${spec.agent.name})`)],
    ['Slice', new Variant('s', opts.slice)],
    // exec: the start job completes only once execve() succeeded, so a bad binary fails the spawn.
    ['Type', new Variant('s', 'exec')],
    // Keep the unit after the program ends so its exit status can be read, even by a kernel
    // that restarts meanwhile; the kernel removes it once the status is recorded.
    ['RemainAfterExit', new Variant('b', true)],
    ['ExecStart', new Variant('a(sasb)', [[INIT, [INIT, '--', ...LAUNCHER], false]])],
    ['LoadCredential', new Variant('a(ss)', [[SPAWN_CREDENTIAL, opts.credential]])],
    [
      'Environment',
      new Variant(
        'as',
        Object.entries(environment).map(([k, v]) => `${k}=${v}`),
      ),
    ],
    ['User', new Variant('s', user)],
    ['Group', new Variant('s', user)],
    ['WorkingDirectory', new Variant('s', AGENT_HOME)],
    ['UMask', new Variant('u', 0o077)],
    ['KillMode', new Variant('s', 'control-group')],
    ['TimeoutStopUSec', new Variant('t', BigInt(opts.stopGraceMs) * 1000n)],
    // Filesystem: read-only system, an empty /home with only this agent's home bound in.
    ['ProtectSystem', new Variant('s', 'strict')],
    ['ProtectHome', new Variant('s', 'tmpfs')],
    ['BindPaths', new Variant('a(ssbt)', binds)],
    // A path that gets a bind of its own (the kernel socket's /run/aether) is covered by it.
    [
      'InaccessiblePaths',
      new Variant(
        'as',
        opts.hiddenPaths.filter((p) => !binds.some((b) => b[1] === p)).map((p) => `-${p}`),
      ),
    ],
    ['PrivateTmp', new Variant('b', true)],
    ...deviceProperties(spec),
    ...hostRuntimeProperties(spec),
    // Processes: its own PID namespace (it is PID 1 there) and no view of others' /proc.
    ['PrivatePIDs', new Variant('s', 'yes')],
    ['ProtectProc', new Variant('s', 'invisible')],
    ['ProcSubset', new Variant('s', 'pid')],
    // Privileges.
    ['NoNewPrivileges', new Variant('b', true)],
    ['CapabilityBoundingSet', new Variant('t', 0n)],
    ['AmbientCapabilities', new Variant('t', 0n)],
    ['RestrictSUIDSGID', new Variant('b', true)],
    ['RestrictNamespaces', new Variant('t', 0n)],
    ['RestrictRealtime', new Variant('b', true)],
    ['LockPersonality', new Variant('b', true)],
    ['ProtectKernelTunables', new Variant('b', true)],
    ['ProtectKernelModules', new Variant('b', true)],
    ['ProtectKernelLogs', new Variant('b', true)],
    // A cgroup namespace rooted at the unit's own cgroup and a read-only cgroupfs of just that
    // subtree: no other agent's cgroup names, memory figures or host PIDs (systemd 257).
    ['ProtectControlGroupsEx', new Variant('s', 'strict')],
    ['ProtectClock', new Variant('b', true)],
    ['ProtectHostname', new Variant('b', true)],
    ['RemoveIPC', new Variant('b', true)],
    // Its own SysV/POSIX IPC namespace; companions join it (JoinsNamespaceOf= with PrivateIPC= on both).
    ['PrivateIPC', new Variant('b', true)],
    ['SystemCallArchitectures', new Variant('as', ['native'])],
    ['SystemCallFilter', new Variant('(bas)', [true, ['@system-service']])],
    ['SystemCallErrorNumber', new Variant('i', 1)], // EPERM rather than a kill: programs can cope
    // Network: "none" is a private namespace with only loopback, and no IP sockets at all
    // (the address-family filter holds even where a network namespace cannot be made).
    ['PrivateNetwork', new Variant('b', spec.network === 'none')],
    ['RestrictAddressFamilies', new Variant('(bas)', [true, families])],
    // "egress": the namespace the kernel built for this process (network/), and its resolver.
    ...(spec.netns ? netnsProperties(spec.netns) : []),
  ];
}

/** Joins the process's egress namespace; /etc/resolv.conf names the kernel's resolver on the link. */
export function netnsProperties(netns: { path: string; resolvConf: string }): PropertyList {
  return [
    ['NetworkNamespacePath', new Variant('s', netns.path)],
    ['BindReadOnlyPaths', new Variant('a(ssbt)', [[netns.resolvConf, '/etc/resolv.conf', false, 0n]])],
  ];
}

/**
 * Devices. Without GPUs: PrivateDevices=, a /dev with only the pseudo-devices. With GPUs the
 * NVIDIA nodes must be reachable, and PrivateDevices= would hide them, so it is off for that
 * unit: the trade-off is that the program sees the names in the host's /dev, but the device
 * cgroup (DevicePolicy=closed) lets it open only the pseudo-devices and its own GPUs' nodes,
 * and /dev/shm gets a private tmpfs so agents still cannot meet in shared memory.
 */
export function deviceProperties(spec: LaunchSpec): PropertyList {
  if (!spec.gpus) return [['PrivateDevices', new Variant('b', true)]];
  return [
    ['PrivateDevices', new Variant('b', false)],
    ['DevicePolicy', new Variant('s', 'closed')],
    [
      'DeviceAllow',
      new Variant(
        'a(ss)',
        spec.gpus.devices.map((d) => [d.hostPath, 'rw']),
      ),
    ],
    ['TemporaryFileSystem', new Variant('a(ss)', [['/dev/shm', 'mode=1777,nosuid,nodev']])],
  ];
}
