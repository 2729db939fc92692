import { AetherError } from '../errors/index.js';
import { parseCidr, type Cidr } from './cidr.js';

/**
 * What an egress agent may reach, as the API takes it (spawn field `egress`, template defaults).
 * Entries of allow/deny are IPv4 CIDRs ("203.0.113.0/24", "198.51.100.7") or domain names
 * ("example.com" matches it and every name below it; "*.example.com" only the names below).
 */
export interface EgressPolicyInput {
  /** Absent: any public destination. Present (even empty): only these, plus approved names. */
  allow?: string[];
  /** Always wins over allow. */
  deny?: string[];
  /** TCP/UDP destination ports ("443", "8000-8100"); absent: any. */
  ports?: (number | string)[];
  /** A name not on the allow-list waits for a person (POST /api/v1/approvals/:id) at its first lookup. */
  approval?: boolean;
  /** Most connections open at once. */
  maxConnections?: number;
  /** Bandwidth cap per direction, kilobytes per second. */
  bandwidthKBps?: number;
}

/** The validated policy, as nft and the resolver use it. */
export interface EgressPolicy {
  allowCidrs: string[];
  allowDomains: string[];
  denyCidrs: string[];
  denyDomains: string[];
  /** Single ports and ranges in nft syntax ("443", "8000-8100"); empty: any. */
  ports: string[];
  /** Whether allow was given: then only allowed (or approved) destinations are reachable. */
  restricted: boolean;
  approval: boolean;
  maxConnections: number | null;
  bandwidthKBps: number | null;
}

const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_ENTRIES = 256;

function bad(field: string, message: string): never {
  throw new AetherError('NETWORK_POLICY_INVALID', `egress.${field}: ${message}`, { details: { field } });
}

function splitEntries(field: string, entries: string[] | undefined): { cidrs: string[]; domains: string[] } {
  const cidrs: string[] = [];
  const domains: string[] = [];
  if (entries === undefined) return { cidrs, domains };
  if (!Array.isArray(entries) || entries.length > MAX_ENTRIES) bad(field, `give a list of at most ${MAX_ENTRIES} entries.`);
  for (const raw of entries) {
    if (typeof raw !== 'string' || raw.length === 0 || raw.length > 253) bad(field, `"${String(raw)}" is not a CIDR or domain.`);
    const entry = raw.trim().toLowerCase().replace(/\.$/, '');
    if (/^[0-9./]+$/.test(entry)) {
      const cidr: Cidr | null = parseCidr(entry);
      if (!cidr) bad(field, `"${raw}" is not an IPv4 address or CIDR (a.b.c.d or a.b.c.d/n).`);
      cidrs.push(cidr.text);
    } else if (entry.includes(':')) {
      bad(field, `"${raw}": IPv6 is not offered to egress agents (they have no IPv6 route); use IPv4 CIDRs.`);
    } else if (DOMAIN.test(entry) && entry.includes('.')) {
      domains.push(entry);
    } else {
      bad(field, `"${raw}" is not a domain name (letters, digits, hyphens, dots; "*." only at the start).`);
    }
  }
  return { cidrs: [...new Set(cidrs)], domains: [...new Set(domains)] };
}

function parsePorts(ports: (number | string)[] | undefined): string[] {
  if (ports === undefined) return [];
  if (!Array.isArray(ports) || ports.length === 0 || ports.length > 64) bad('ports', 'give 1 to 64 ports or ranges.');
  const inRange = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
  return ports.map((p) => {
    const m = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/.exec(String(p));
    const lo = Number(m?.[1]);
    const hi = m?.[2] === undefined ? lo : Number(m[2]);
    if (!m || !inRange(lo) || !inRange(hi) || hi < lo) bad('ports', `"${String(p)}" is not a port (1-65535) or a range lo-hi.`);
    return lo === hi ? String(lo) : `${lo}-${hi}`;
  });
}

function positive(field: string, v: number | undefined, max: number): number | null {
  if (v === undefined) return null;
  if (!Number.isInteger(v) || v < 1 || v > max) bad(field, `give a whole number from 1 to ${max}.`);
  return v;
}

/** Checks and normalises a policy; every problem is NETWORK_POLICY_INVALID naming the field. */
export function validatePolicy(input: EgressPolicyInput | undefined): EgressPolicy {
  const p = input ?? {};
  if (typeof p !== 'object' || Array.isArray(p)) bad('', 'give an object.');
  const known = new Set(['allow', 'deny', 'ports', 'approval', 'maxConnections', 'bandwidthKBps']);
  for (const k of Object.keys(p)) if (!known.has(k)) bad(k, `unknown field; known: ${[...known].join(', ')}.`);
  const allow = splitEntries('allow', p.allow);
  const deny = splitEntries('deny', p.deny);
  if (p.approval !== undefined && typeof p.approval !== 'boolean') bad('approval', 'give true or false.');
  return {
    allowCidrs: allow.cidrs,
    allowDomains: allow.domains,
    denyCidrs: deny.cidrs,
    denyDomains: deny.domains,
    ports: parsePorts(p.ports),
    restricted: p.allow !== undefined || p.approval === true,
    approval: p.approval === true,
    maxConnections: positive('maxConnections', p.maxConnections, 100_000),
    bandwidthKBps: positive('bandwidthKBps', p.bandwidthKBps, 10_000_000),
  };
}

/** Whether `name` falls under `pattern` ("example.com": itself and below; "*.example.com": below only). */
export function domainMatches(pattern: string, name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (pattern.startsWith('*.')) return n.endsWith(pattern.slice(1));
  return n === pattern || n.endsWith(`.${pattern}`);
}

export type NameVerdict = 'allow' | 'deny' | 'ask';

/** What the resolver does with a lookup of `name` under the policy. Deny wins; then allow; then approval. */
export function judgeName(policy: EgressPolicy, name: string): NameVerdict {
  if (policy.denyDomains.some((d) => domainMatches(d, name))) return 'deny';
  if (policy.allowDomains.some((d) => domainMatches(d, name))) return 'allow';
  if (policy.approval) return 'ask';
  return policy.restricted ? 'deny' : 'allow';
}

/** The policy back in the API's input shape (what GET shows and what a child inherits). */
export function policyInput(p: EgressPolicy): EgressPolicyInput {
  return {
    ...(p.restricted && !(p.approval && p.allowCidrs.length + p.allowDomains.length === 0)
      ? { allow: [...p.allowCidrs, ...p.allowDomains] }
      : {}),
    ...(p.denyCidrs.length + p.denyDomains.length ? { deny: [...p.denyCidrs, ...p.denyDomains] } : {}),
    ...(p.ports.length ? { ports: p.ports } : {}),
    ...(p.approval ? { approval: true } : {}),
    ...(p.maxConnections !== null ? { maxConnections: p.maxConnections } : {}),
    ...(p.bandwidthKBps !== null ? { bandwidthKBps: p.bandwidthKBps } : {}),
  };
}
