import { PRIVATE_RANGES } from './cidr.js';
import { hostIf, type AgentLink } from './names.js';
import type { EgressPolicy } from './policy.js';

/**
 * The nftables rules of egress, as `nft -f` scripts (pure text, so the unit tier checks them).
 *
 * One table (`inet <table>`) holds everything. Base chains look the agent up by its host-side
 * veth in verdict maps and jump to its own chains, so adding or removing an agent is a handful
 * of elements, never a rewrite of anything another agent uses:
 *
 *   forward  iifname vmap @out  -> p<PID>_out: the agent's policy for what it sends
 *            oifname vmap @in   -> p<PID>_in:  only answers (and the bandwidth cap) come back
 *            any other aeh* link: drop (a link without chains is half made or left over)
 *   input    from any aeh*: answers and DNS (the kernel's resolver) only; the host's loopback,
 *            its API port and its other addresses are never reachable from an agent
 *   output   oifname vmap @local -> p<PID>_local: counts connections the kernel opens to the agent
 *   postrouting  agents' addresses are masqueraded behind the host's on the way out
 */

export const LINK_GLOB = 'aeh*';

export function baseScript(table: string, subnet: string): string {
  const t = `inet ${table}`;
  return [
    `add table ${t}`,
    `add set ${t} private { type ipv4_addr; flags interval; }`,
    `flush set ${t} private`,
    `add element ${t} private { ${PRIVATE_RANGES.join(', ')} }`,
    `add map ${t} out { type ifname : verdict; }`,
    `add map ${t} in { type ifname : verdict; }`,
    `add map ${t} local { type ifname : verdict; }`,
    // Each link's own resolver address: DNS to any other address of the host stays dropped.
    `add set ${t} resolvers { type ifname . ipv4_addr; }`,
    `add chain ${t} forward { type filter hook forward priority -5; policy accept; }`,
    `add chain ${t} input { type filter hook input priority -5; policy accept; }`,
    `add chain ${t} output { type filter hook output priority -5; policy accept; }`,
    `add chain ${t} postrouting { type nat hook postrouting priority 95; policy accept; }`,
    // Re-applied at every start: flushing and refilling the base chains is one atomic transaction.
    `flush chain ${t} forward`,
    `flush chain ${t} input`,
    `flush chain ${t} output`,
    `flush chain ${t} postrouting`,
    `add rule ${t} forward iifname vmap @out`,
    `add rule ${t} forward oifname vmap @in`,
    `add rule ${t} forward iifname "${LINK_GLOB}" drop`,
    `add rule ${t} forward oifname "${LINK_GLOB}" drop`,
    `add rule ${t} input iifname "${LINK_GLOB}" ct state established,related accept`,
    // DNS only to the host end of the agent's own link, where its resolver listens (and checks the source).
    `add rule ${t} input iifname . ip daddr @resolvers udp dport 53 accept`,
    `add rule ${t} input iifname "${LINK_GLOB}" drop`,
    `add rule ${t} output oifname vmap @local`,
    `add rule ${t} postrouting ip saddr ${subnet} oifname != "${LINK_GLOB}" masquerade`,
    '',
  ].join('\n');
}

const chainNames = (pid: number) => ({
  out: `p${pid}_out`,
  in: `p${pid}_in`,
  local: `p${pid}_local`,
  dns: `p${pid}_dns`,
  allow: `p${pid}_allow`,
  deny: `p${pid}_deny`,
  conns: `p${pid}_conns`,
  connsIn: `p${pid}_conns_in`,
});

export const nftNames = chainNames;

/** The agent's chains, sets and counters; safe to apply again (an adopted agent after a kernel restart). */
export function agentScript(table: string, link: AgentLink, policy: EgressPolicy): string {
  const t = `inet ${table}`;
  const n = chainNames(link.pid);
  const dev = hostIf(link.pid);
  const out = (rule: string) => `add rule ${t} ${n.out} ${rule}`;
  const lines = [
    `add set ${t} ${n.dns} { type ipv4_addr; flags timeout; }`,
    `add set ${t} ${n.allow} { type ipv4_addr; flags interval; }`,
    `flush set ${t} ${n.allow}`,
    `add set ${t} ${n.deny} { type ipv4_addr; flags interval; }`,
    `flush set ${t} ${n.deny}`,
    ...(policy.allowCidrs.length ? [`add element ${t} ${n.allow} { ${policy.allowCidrs.join(', ')} }`] : []),
    ...(policy.denyCidrs.length ? [`add element ${t} ${n.deny} { ${policy.denyCidrs.join(', ')} }`] : []),
    `add counter ${t} ${n.conns}`,
    `add counter ${t} ${n.connsIn}`,
    `add chain ${t} ${n.out}`,
    `add chain ${t} ${n.in}`,
    `add chain ${t} ${n.local}`,
    `flush chain ${t} ${n.out}`,
    `flush chain ${t} ${n.in}`,
    `flush chain ${t} ${n.local}`,
    // Its own address only: nothing else may leave this link.
    out(`ip saddr != ${link.agent} drop`),
    ...(policy.bandwidthKBps ? [out(`limit rate over ${policy.bandwidthKBps} kbytes/second drop`)] : []),
    out('ct state established,related accept'),
    // No IPv6 route is given; link-local IPv6 must not reach anything either.
    out('meta nfproto ipv6 drop'),
    // DNS only through the kernel's resolver (its answers are what pins names to addresses).
    out('meta l4proto { tcp, udp } th dport { 53, 853 } drop'),
    ...(policy.ports.length ? [out(`meta l4proto { tcp, udp } th dport != { ${policy.ports.join(', ')} } drop`)] : []),
    out('meta l4proto != { tcp, udp, icmp } drop'),
    out(`ip daddr @${n.deny} drop`),
    ...(policy.maxConnections ? [out(`ct count over ${policy.maxConnections} reject`)] : []),
    out(`ip daddr @${n.allow} counter name ${n.conns} accept`),
    out('ip daddr @private drop'),
    ...(policy.restricted
      ? [out(`ip daddr @${n.dns} counter name ${n.conns} accept`), out('drop')]
      : [out(`counter name ${n.conns} accept`)]),
    ...(policy.bandwidthKBps ? [`add rule ${t} ${n.in} limit rate over ${policy.bandwidthKBps} kbytes/second drop`] : []),
    `add rule ${t} ${n.in} ct state established,related accept`,
    `add rule ${t} ${n.in} drop`,
    `add rule ${t} ${n.local} ct state new counter name ${n.connsIn}`,
    `add element ${t} resolvers { "${dev}" . ${link.host} }`,
    `add element ${t} out { "${dev}" : jump ${n.out} }`,
    `add element ${t} in { "${dev}" : jump ${n.in} }`,
    `add element ${t} local { "${dev}" : jump ${n.local} }`,
    '',
  ];
  return lines.join('\n');
}

/** Removes what agentScript made; `destroy` (nftables 1.0.8+) ignores what is already gone. */
export function removeScript(table: string, pid: number, host?: string): string {
  const t = `inet ${table}`;
  const n = chainNames(pid);
  const dev = hostIf(pid);
  return [
    ...(host ? [`destroy element ${t} resolvers { "${dev}" . ${host} }`] : []),
    `destroy element ${t} out { "${dev}" }`,
    `destroy element ${t} in { "${dev}" }`,
    `destroy element ${t} local { "${dev}" }`,
    ...[n.out, n.in, n.local].flatMap((c) => [`add chain ${t} ${c}`, `flush chain ${t} ${c}`, `delete chain ${t} ${c}`]),
    `destroy set ${t} ${n.dns}`,
    `destroy set ${t} ${n.allow}`,
    `destroy set ${t} ${n.deny}`,
    `destroy counter ${t} ${n.conns}`,
    `destroy counter ${t} ${n.connsIn}`,
    '',
  ].join('\n');
}

/** Pins addresses the resolver gave out: reachable for `seconds`, and for the life of connections opened meanwhile. */
export function pinScript(table: string, pid: number, addresses: string[], seconds: number): string {
  const elements = addresses.map((a) => `${a} timeout ${seconds}s`).join(', ');
  return `add element inet ${table} ${chainNames(pid).dns} { ${elements} }\n`;
}
