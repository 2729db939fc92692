import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AetherError } from '../errors/index.js';
import { hostIf, nsName, peerIf, pidOfLink, pidOfNamespace, type AgentLink } from './names.js';

const exec = promisify(execFile);

/**
 * The commands that build and remove an agent's namespace (iproute2, nft), run in PID 1's mount
 * namespace. Why: the kernel's unit has a mount namespace of its own (ProtectSystem=), so the
 * bind mount `ip netns add` makes at /run/netns/<name> would be invisible to systemd, which opens
 * that path for the agent's units (NetworkNamespacePath=); and /proc/sys is read-only in the
 * kernel's view (ProtectKernelTunables=) but not in PID 1's.
 */
export class HostCommands {
  constructor(private readonly inHostMounts = true) {}

  async run(program: string, args: string[], input?: string): Promise<string> {
    const argv = this.inHostMounts ? ['nsenter', ['--mount=/proc/1/ns/mnt', '--', program, ...args]] : [program, args];
    const [file, list] = argv as [string, string[]];
    try {
      const child = exec(file, list, { maxBuffer: 16 * 1024 * 1024 });
      if (input !== undefined) {
        child.child.stdin?.end(input);
      }
      return (await child).stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new AetherError('NETWORK_UNAVAILABLE', `${program} ${args.join(' ')} failed: ${(e.stderr ?? e.message).trim()}`, {
        cause: err,
        details: { command: [program, ...args].join(' ') },
      });
    }
  }

  ip(args: string[]): Promise<string> {
    return this.run('ip', args);
  }

  nft(script: string): Promise<string> {
    return this.run('nft', ['-f', '-'], script);
  }
}

/** Builds the namespace, the veth pair and the addresses; undoes what it made if a step fails. */
export async function createLink(cmd: HostCommands, link: AgentLink): Promise<void> {
  const ns = nsName(link.pid);
  const host = hostIf(link.pid);
  try {
    await cmd.ip(['netns', 'add', ns]);
    await cmd.ip(['link', 'add', host, 'type', 'veth', 'peer', 'name', peerIf(link.pid), 'netns', ns]);
    await cmd.ip(['-n', ns, 'link', 'set', peerIf(link.pid), 'name', 'eth0']);
    await cmd.ip(['addr', 'add', `${link.host}/30`, 'dev', host]);
    await cmd.ip(['link', 'set', host, 'up']);
    await cmd.ip(['-n', ns, 'addr', 'add', `${link.agent}/30`, 'dev', 'eth0']);
    await cmd.ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    await cmd.ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
    await cmd.ip(['-n', ns, 'route', 'add', 'default', 'via', link.host]);
  } catch (err) {
    await removeLink(cmd, link.pid);
    throw err;
  }
}

/** Removes the namespace and the veth (deleting either end deletes both). Idempotent. */
export async function removeLink(cmd: HostCommands, pid: number): Promise<void> {
  await cmd.ip(['link', 'del', hostIf(pid)]).catch(() => undefined);
  await cmd.ip(['netns', 'del', nsName(pid)]).catch(() => undefined);
}

/** What the host holds of egress agents: links with their host address, and namespaces. */
export async function listLinks(cmd: HostCommands): Promise<{ links: Map<number, string | null>; namespaces: Set<number> }> {
  const links = new Map<number, string | null>();
  const rows = JSON.parse((await cmd.ip(['-j', 'addr', 'show', 'type', 'veth'])) || '[]') as {
    ifname: string;
    addr_info?: { family: string; local: string }[];
  }[];
  for (const r of rows) {
    const pid = pidOfLink(r.ifname);
    if (pid !== null) links.set(pid, r.addr_info?.find((a) => a.family === 'inet')?.local ?? null);
  }
  const namespaces = new Set<number>();
  const nsRows = JSON.parse((await cmd.ip(['-j', 'netns', 'list'])) || '[]') as { name: string }[];
  for (const r of nsRows) {
    const pid = pidOfNamespace(r.name);
    if (pid !== null) namespaces.add(pid);
  }
  return { links, namespaces };
}

/** Forwarding must be on for NAT; it is a host-wide switch, so it is only ever turned on, never off. */
export async function enableForwarding(cmd: HostCommands): Promise<void> {
  await cmd.run('sysctl', ['-q', '-w', 'net.ipv4.ip_forward=1']);
}
