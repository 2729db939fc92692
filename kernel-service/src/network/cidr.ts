/** IPv4 addresses and CIDRs as 32-bit numbers: all the egress plumbing needs. */
export interface Cidr {
  base: number;
  bits: number;
  /** Normalised text: the network address and the prefix ("10.0.0.0/8"; a single host keeps /32). */
  text: string;
}

export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(text: string): Cidr | null {
  const [addr, prefix, ...rest] = text.split('/');
  if (rest.length > 0 || addr === undefined) return null;
  const ip = parseIpv4(addr);
  const bits = prefix === undefined ? 32 : /^[0-9]{1,2}$/.test(prefix) ? Number(prefix) : NaN;
  if (ip === null || !(bits >= 0 && bits <= 32)) return null;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const base = (ip & mask) >>> 0;
  return { base, bits, text: `${formatIpv4(base)}/${bits}` };
}

export function cidrContains(c: Cidr, ip: number): boolean {
  const mask = c.bits === 0 ? 0 : (0xffffffff << (32 - c.bits)) >>> 0;
  return (ip & mask) >>> 0 === c.base;
}

/**
 * Destinations an egress agent never reaches unless its allow-list names them: the host's
 * loopback, private and shared ranges (the LAN, other agents' links, the appliance's own
 * networks), link-local (cloud metadata at 169.254.169.254), multicast and reserved space.
 */
export const PRIVATE_RANGES = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
];
