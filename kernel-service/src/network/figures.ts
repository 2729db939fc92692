import { readFileSync } from 'node:fs';
import { hostIf } from './names.js';
import type { HostCommands } from './netns.js';
import { nftNames } from './nft.js';
import type { ResolverFigures } from './resolver.js';

/** An egress process's traffic, from the host's end of its link and its nft counters. */
export interface NetworkFigures {
  /** What the agent sent / received (the host end's rx / tx). */
  bytesOut: number;
  bytesIn: number;
  /** Connections the agent opened that its policy let through. */
  connectionsOut: number;
  /** Connections into the agent (the kernel's proxy for published ports). */
  connectionsIn: number;
  dnsQueries: number;
  dnsRefused: number;
}

function sysCounter(pid: number, name: string): number {
  try {
    return Number(readFileSync(`/sys/class/net/${hostIf(pid)}/statistics/${name}`, 'utf8').trim());
  } catch {
    return 0;
  }
}

export async function readFigures(
  cmd: HostCommands,
  table: string,
  agents: { pid: number; dns: ResolverFigures }[],
): Promise<Map<number, NetworkFigures>> {
  const result = new Map<number, NetworkFigures>();
  if (agents.length === 0) return result;
  const packets = new Map<string, number>();
  const out = await cmd.run('nft', ['-j', 'list', 'counters', 'table', 'inet', table]).catch(() => '{}');
  for (const row of (JSON.parse(out) as { nftables?: { counter?: { name: string; packets: number } }[] }).nftables ?? []) {
    if (row.counter) packets.set(row.counter.name, row.counter.packets);
  }
  for (const { pid, dns } of agents) {
    const n = nftNames(pid);
    result.set(pid, {
      bytesOut: sysCounter(pid, 'rx_bytes'),
      bytesIn: sysCounter(pid, 'tx_bytes'),
      connectionsOut: packets.get(n.conns) ?? 0,
      connectionsIn: packets.get(n.connsIn) ?? 0,
      dnsQueries: dns.queries,
      dnsRefused: dns.refused,
    });
  }
  return result;
}

/** Prometheus lines for the egress figures (appended to /metrics). */
export function renderNetworkMetrics(figures: Map<number, NetworkFigures>): string {
  const metrics: [string, string, keyof NetworkFigures][] = [
    ['aether_process_network_sent_bytes_total', 'Bytes an egress process sent', 'bytesOut'],
    ['aether_process_network_received_bytes_total', 'Bytes an egress process received', 'bytesIn'],
    [
      'aether_process_network_connections_out_total',
      'Connections an egress process opened (allowed by its policy)',
      'connectionsOut',
    ],
    ['aether_process_network_connections_in_total', 'Connections into an egress process (published ports)', 'connectionsIn'],
    ['aether_process_dns_queries_total', "Lookups an egress process made through the kernel's resolver", 'dnsQueries'],
    ['aether_process_dns_refused_total', "Lookups the kernel's resolver refused by policy", 'dnsRefused'],
  ];
  return metrics
    .map(([name, help, key]) =>
      [
        `# HELP ${name} ${help}`,
        `# TYPE ${name} counter`,
        ...[...figures].map(([pid, f]) => `${name}{pid="${pid}"} ${f[key]}`),
      ].join('\n'),
    )
    .join('\n')
    .concat('\n');
}
