import { formatIpv4, parseCidr } from './cidr.js';

/** Names of an egress agent's pieces, all derived from its kernel PID (so a restarted kernel finds them). */
export const NETNS_DIR = '/run/netns';
export const nsName = (pid: number) => `aether-p${pid}`;
export const nsPath = (pid: number) => `${NETNS_DIR}/${nsName(pid)}`;
/** The host's end of the veth pair (IFNAMSIZ is 16: "aeh" + up to 12 digits). */
export const hostIf = (pid: number) => `aeh${pid}`;
/** The agent's end before it moves into the namespace, where it becomes eth0. */
export const peerIf = (pid: number) => `aea${pid}`;

export function pidOfLink(name: string): number | null {
  const m = /^aeh([0-9]+)$/.exec(name);
  return m ? Number(m[1]) : null;
}

export function pidOfNamespace(name: string): number | null {
  const m = /^aether-p([0-9]+)$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** One agent's link: a /30 of the egress subnet, the host's end .1, the agent's .2. */
export interface AgentLink {
  pid: number;
  slot: number;
  host: string;
  agent: string;
}

/** Hands out /30 slots of the egress subnet, lowest free first. */
export class Slots {
  private readonly base: number;
  private readonly count: number;
  private readonly used = new Map<number, number>(); // slot -> pid

  constructor(readonly subnet: string) {
    const c = parseCidr(subnet);
    if (!c || c.bits > 28) throw new Error(`network.subnet "${subnet}" must be an IPv4 CIDR of /28 or larger`);
    this.base = c.base;
    this.count = 2 ** (30 - c.bits);
  }

  link(pid: number, slot: number): AgentLink {
    const net = this.base + slot * 4;
    return { pid, slot, host: formatIpv4(net + 1), agent: formatIpv4(net + 2) };
  }

  /** The slot of a host-side address found on a live link (adoption after a restart); null if not ours. */
  slotOf(hostAddress: string): number | null {
    const parts = hostAddress.split('.').map(Number);
    const n = (((parts[0]! * 256 + parts[1]!) * 256 + parts[2]!) * 256 + parts[3]!) >>> 0;
    const off = n - this.base - 1;
    return off >= 0 && off % 4 === 0 && off / 4 < this.count ? off / 4 : null;
  }

  take(pid: number, slot?: number): AgentLink {
    if (slot !== undefined) {
      this.used.set(slot, pid);
      return this.link(pid, slot);
    }
    for (let s = 0; s < this.count; s++) {
      if (!this.used.has(s)) {
        this.used.set(s, pid);
        return this.link(pid, s);
      }
    }
    throw new Error(`the egress subnet ${this.subnet} has no free /30 left (${this.count} agents)`);
  }

  release(slot: number): void {
    this.used.delete(slot);
  }
}
