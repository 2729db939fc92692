/**
 * bench/network: throughput of an egress agent (its own namespace, veth, nftables policy and NAT)
 * against a host-mode agent (the host's network namespace), in the same run, to the same server.
 * The kernel runs under systemd in a booted Debian trixie machine with a network of its own; the
 * server is Node in an "internet" namespace inside it (test/systemd/network-fixture.ts), so both
 * paths share the server and the machine's link to it and differ only by the egress path.
 * Each sample is one agent downloading BENCH_NET_MB megabytes with curl (speed from curl itself),
 * plus the time to connect (a fresh TCP handshake, through the policy for egress).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bootMachine, type Machine } from '../../test/machine/machine.js';
import { INET, installFixture } from '../../test/systemd/network-fixture.js';

const MB = Number(process.env.BENCH_NET_MB ?? 200);
const RUNS = Number(process.env.BENCH_NET_RUNS ?? 3);

async function call(m: Machine, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${m.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${m.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** One download by a fresh agent; returns MB/s and connect time in ms (curl's own figures). */
async function download(m: Machine, network: Record<string, unknown>, n: number): Promise<{ mbps: number; connectMs: number }> {
  const url = `http://${INET.allowed}/bytes?n=${MB * 1024 * 1024}`;
  const script = `curl -sS -o /dev/null -w '%{speed_download} %{time_connect} %{size_download}' '${url}' > result.txt; echo done > done`;
  const p = (await call(m, 'POST', '/api/v1/agents', {
    name: `bench-net-${String(network.network)}-${n}`,
    ...network,
    command: ['/bin/sh', '-c', script],
  })) as {
    pid: number;
    agent: { id: string };
  };
  const home = join(m.root, 'var', 'lib', 'aether', 'homes', p.agent.id);
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      readFileSync(join(home, 'done'));
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`agent ${p.pid} did not finish its download`);
      await sleep(100);
    }
  }
  const text = readFileSync(join(home, 'result.txt'), 'utf8');
  const [speed, connect, size] = text.trim().split(' ').map(Number) as [number, number, number];
  if (size !== MB * 1024 * 1024) {
    const journal = await m.exec(['journalctl', '-u', `aether-p${p.pid}.service`, '--no-pager', '-n', '20'], {
      allowFailure: true,
    });
    process.stderr.write(journal.stdout);
  }
  if (size !== MB * 1024 * 1024)
    throw new Error(`agent ${p.pid} got "${text}" (speed, connect, bytes), wanted ${MB * 1024 * 1024} bytes`);
  return { mbps: speed / (1024 * 1024), connectMs: connect * 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const m = await bootMachine({
  name: 'aether-bench-net',
  network: 'private',
  environment: { AETHER_NETWORK_DNS_UPSTREAM: INET.dns },
});
try {
  await m.exec(installFixture(m.root));
  for (let i = 0; ; i++) {
    if ((await m.exec(['test', '-e', '/run/aether-test-inet.ready'], { allowFailure: true })).code === 0) break;
    if (i > 200) throw new Error('the test hosts did not start');
    await sleep(100);
  }
  const modes: [string, Record<string, unknown>][] = [
    ['egress (own netns, nft policy, NAT)', { network: 'egress', egress: { allow: [`${INET.allowed}/32`], maxConnections: 64 } }],
    ['host (the host network namespace)', { network: 'host' }],
  ];
  const results = new Map<string, { mbps: number[]; connectMs: number[] }>(modes.map(([k]) => [k, { mbps: [], connectMs: [] }]));
  // Interleaved, so drift in the machine's load hits both modes alike.
  for (let r = 0; r < RUNS; r++) {
    for (const [label, network] of modes) {
      const s = await download(m, network, r);
      results.get(label)!.mbps.push(s.mbps);
      results.get(label)!.connectMs.push(s.connectMs);
    }
  }
  process.stdout.write(`\nbench/network: ${MB} MiB downloads over HTTP, ${RUNS} runs per mode, same server and run\n`);
  for (const [label, r] of results) {
    process.stdout.write(
      `  ${label.padEnd(40)} median ${median(r.mbps).toFixed(0).padStart(6)} MiB/s  (min ${Math.min(...r.mbps).toFixed(0)}, max ${Math.max(...r.mbps).toFixed(0)})  connect p50 ${median(r.connectMs).toFixed(2)} ms\n`,
    );
  }
  const [egress, host] = [...results.values()].map((r) => median(r.mbps)) as [number, number];
  process.stdout.write(`  egress / host throughput: ${((egress / host) * 100).toFixed(0)}%\n`);
} finally {
  await m.stop();
}
