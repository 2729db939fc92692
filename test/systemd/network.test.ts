/**
 * Egress networking against the real thing: iproute2, nftables and systemd's NetworkNamespacePath=
 * in a machine with a network namespace of its own (so nothing here touches the host's network),
 * with test hosts in a namespace this file builds inside it. Every refused probe has a control
 * showing the destination answers where it is allowed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootMachine, type Machine } from '../machine/machine.js';
import { INET, installFixture, PROBE } from './network-fixture.js';

let m: Machine;
let uplink: string;

async function api(method: string, path: string, body?: unknown, token: string | null = m.token) {
  const res = await fetch(`${m.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON: a proxied page */
  }
  // Test code reads fields of many shapes; a type per response would say nothing more than the assertions.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: parsed as Record<string, any> };
}

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const homeFile = (agentId: string, f: string) => {
  try {
    return readFileSync(join(m.root, 'var', 'lib', 'aether', 'homes', agentId, f), 'utf8');
  } catch {
    return undefined;
  }
};

type Probe = { http: string } | { tcp: [string, number] } | { dns: [string, string] } | { conns: [string, number, number] };
type Outcome = {
  ok: boolean;
  error?: string;
  status?: number;
  body?: string;
  open?: number;
  failed?: number;
  addresses?: string[];
};

let seq = 0;
/** Spawns an agent that runs the probes and ends; returns their outcomes. */
async function probe(network: Record<string, unknown>, probes: Record<string, Probe>): Promise<Record<string, Outcome>> {
  const res = await api('POST', '/api/v1/agents', {
    name: `probe-${++seq}`,
    ...network,
    command: ['/usr/bin/node', '-e', PROBE, JSON.stringify(probes)],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const out = await until('probes.json', () => homeFile(res.body.agent.id, 'probes.json'), 45_000);
  return JSON.parse(out) as Record<string, Outcome>;
}

async function spawnServer(name: string, port: number): Promise<{ pid: number; address: string; gateway: string }> {
  const server = `require('node:http').createServer((q, r) => r.end('served by ${name}; auth=' + (q.headers.authorization ?? 'none'))).listen(${port}, '0.0.0.0')`;
  const res = await api('POST', '/api/v1/agents', { name, network: 'egress', command: ['/usr/bin/node', '-e', server] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const pid = res.body.pid as number;
  const { address, gateway } = (await api('GET', `/api/v1/agents/${pid}/network`)).body as { address: string; gateway: string };
  // Listening: the machine itself (the host side) reaches it.
  await until(`${name} listening`, async () =>
    (await curl(`http://${address}:${port}/`)).includes('served by') ? true : undefined,
  );
  return { pid, address, gateway };
}

const curl = async (url: string) => (await m.exec(['curl', '-sS', '-m', '3', url], { allowFailure: true })).stdout;

beforeAll(async () => {
  m = await bootMachine({
    name: 'aether-net',
    network: 'private',
    environment: { AETHER_NETWORK_DNS_UPSTREAM: INET.dns, AETHER_SANDBOX_STOP_GRACE_MS: '1500' },
  });
  uplink = new URL(m.url).hostname;
  await m.exec(installFixture(m.root));
  await until('the test hosts', async () =>
    (await m.exec(['test', '-e', '/run/aether-test-inet.ready'], { allowFailure: true })).code === 0 ? true : undefined,
  );
  // Services on the machine: one on its loopback only, one on every address.
  const serve = (addr: string, port: number) =>
    `require('node:http').createServer((q, r) => r.end('host service ${port}')).listen(${port}, '${addr}')`;
  await m.exec(['systemd-run', '--unit=t-loop', '/usr/bin/node', '-e', serve('127.0.0.1', 9999)]);
  await m.exec(['systemd-run', '--unit=t-any', '/usr/bin/node', '-e', serve('0.0.0.0', 9998)]);
  // A DNS server of the host's own on one of its addresses (like a dnsmasq on the LAN side).
  const hostDns = `const d = require('/opt/aether/node_modules/dns-packet'); const s = require('node:dgram').createSocket('udp4');
    s.on('message', (m, r) => { const q = d.decode(m); s.send(d.encode({ type: 'response', id: q.id, flags: 0x0180, questions: q.questions,
      answers: [{ type: 'A', name: q.questions[0].name, ttl: 60, data: '192.0.2.99' }] }), r.port, r.address); });
    s.bind(53, '203.0.113.1');`;
  await m.exec(['systemd-run', '--unit=t-dns', '/usr/bin/node', '-e', hostDns]);
  await until('host services', async () => ((await curl('http://127.0.0.1:9998/')).includes('host service') ? true : undefined));
}, 180_000);

afterAll(async () => {
  await m?.stop();
});

describe('network "egress"', () => {
  it('reaches allowed hosts and not denied ones; names resolve only through the policy', async () => {
    const strict = await probe(
      { network: 'egress', egress: { allow: ['allowed.test', 'rebind.test'], deny: ['denied.test'] } },
      {
        allowed: { http: 'http://allowed.test/' },
        deniedName: { http: 'http://denied.test/' },
        unlisted: { http: 'http://other.test/' },
        unlistedIp: { http: `http://${INET.other}/` },
        rebind: { http: 'http://rebind.test/' },
        directDns: { dns: [INET.dns, 'other.test'] },
      },
    );
    expect(strict.allowed).toMatchObject({ ok: true, body: `hello from ${INET.allowed}` });
    expect(strict.deniedName).toMatchObject({ ok: false, error: 'ENOTFOUND' });
    expect(strict.unlisted).toMatchObject({ ok: false, error: 'ENOTFOUND' });
    expect(strict.unlistedIp!.ok).toBe(false);
    // An allowed name answering with a private address does not open the private range.
    expect(strict.rebind!.ok).toBe(false);
    expect(strict.directDns!.ok).toBe(false);

    // Controls: with an open policy the same names and hosts answer; a CIDR deny still holds.
    const open = await probe(
      { network: 'egress', egress: { deny: [`${INET.allowed}/32`] } },
      {
        denied: { http: 'http://denied.test/' },
        other: { http: `http://${INET.other}/` },
        cidrDenied: { http: `http://${INET.allowed}/` },
        directDns: { dns: [INET.dns, 'other.test'] },
      },
    );
    expect(open.denied).toMatchObject({ ok: true, body: `hello from ${INET.denied}` });
    expect(open.other).toMatchObject({ ok: true });
    expect(open.cidrDenied!.ok).toBe(false);
    // DNS goes only through the kernel's resolver, even under an open policy...
    expect(open.directDns!.ok).toBe(false);
    // ...while the upstream itself answers (the host's network reaches it).
    const host = await probe({ network: 'host' }, { directDns: { dns: [INET.dns, 'other.test'] } });
    expect(host.directDns).toMatchObject({ ok: true, addresses: [INET.other] });
  }, 120_000);

  it("cannot reach the host's loopback, its addresses, the kernel's API or another agent", async () => {
    const other = await spawnServer('neighbour', 8080);
    const port = Number(new URL(m.url).port);
    const targets: Record<string, Probe> = {
      loopback: { http: 'http://127.0.0.1:9999/' },
      uplink: { http: `http://${uplink}:9998/` },
      api: { http: `http://${uplink}:${port}/health` },
      neighbour: { http: `http://${other.address}:8080/` },
      // The host's end of another agent's link: an address of the host's, like any other.
      hostEnd: { http: `http://${other.gateway}:9998/` },
      // DNS to the host is open only to the host end of the agent's own link (the kernel's resolver).
      hostDns: { dns: ['203.0.113.1', 'anything.test'] },
    };
    const egress = await probe({ network: 'egress', egress: {} }, targets);
    for (const key of Object.keys(targets)) expect(egress[key]!.ok, key).toBe(false);
    // Controls: every one of them answers on the host's network.
    const host = await probe({ network: 'host' }, targets);
    expect(host.loopback).toMatchObject({ ok: true, body: 'host service 9999' });
    expect(host.uplink).toMatchObject({ ok: true, body: 'host service 9998' });
    expect(host.api).toMatchObject({ ok: true, status: 200 });
    expect(host.neighbour).toMatchObject({ ok: true });
    expect(host.hostEnd).toMatchObject({ ok: true, body: 'host service 9998' });
    expect(host.hostDns).toMatchObject({ ok: true, addresses: ['192.0.2.99'] });
    await api('DELETE', `/api/v1/agents/${other.pid}`);
  }, 120_000);

  it('holds the connection limit', async () => {
    const limited = await probe({ network: 'egress', egress: { maxConnections: 2 } }, { c: { conns: [INET.allowed, 80, 4] } });
    expect(limited.c).toMatchObject({ open: 2, failed: 2 });
    const control = await probe({ network: 'egress', egress: { maxConnections: 10 } }, { c: { conns: [INET.allowed, 80, 4] } });
    expect(control.c).toMatchObject({ open: 4, failed: 0 });
  }, 120_000);

  it('holds the bandwidth cap', async () => {
    // 2 MiB at a cap of 256 KB/s takes seconds; uncapped it takes milliseconds.
    const speed = async (name: string, egress: object) => {
      const url = `http://${INET.allowed}/bytes?n=${2 * 1024 * 1024}`;
      const script = `curl -sS -o /dev/null -w '%{speed_download} %{size_download}' '${url}' > speed.txt.tmp; mv speed.txt.tmp speed.txt`;
      const res = await api('POST', '/api/v1/agents', { name, network: 'egress', egress, command: ['/bin/sh', '-c', script] });
      const [bps, size] = (await until(name, () => homeFile(res.body.agent.id, 'speed.txt'), 60_000)).split(' ').map(Number);
      expect(size).toBe(2 * 1024 * 1024);
      return bps!;
    };
    const capped = await speed('capped', { bandwidthKBps: 256 });
    expect(capped).toBeLessThan(256 * 1000 * 1.5);
    const control = await speed('uncapped', {});
    expect(control).toBeGreaterThan(256 * 1000 * 10);
  }, 120_000);

  it('waits for a person before a new name resolves (approval-gated)', async () => {
    const script = 'for i in $(seq 120); do curl -s -m 2 http://ask.test/ > ask.txt && break; sleep 0.5; done; echo done > done';
    const res = await api('POST', '/api/v1/agents', {
      name: 'asker',
      network: 'egress',
      egress: { approval: true },
      command: ['/bin/sh', '-c', script],
    });
    expect(res.status).toBe(201);
    const pid = res.body.pid as number;
    const approval = await until('an approval', async () => {
      const list = (await api('GET', `/api/v1/approvals?state=pending&pid=${pid}`)).body.approvals as {
        id: number;
        tool: string;
      }[];
      return list.find((a) => a.tool === 'network');
    });
    // Nothing resolved before the decision.
    expect(homeFile(res.body.agent.id, 'ask.txt') ?? '').toBe('');
    expect((await api('POST', `/api/v1/approvals/${approval.id}`, { decision: 'approve' })).status).toBe(200);
    await until('done', () => homeFile(res.body.agent.id, 'done'), 60_000);
    expect(homeFile(res.body.agent.id, 'ask.txt')).toBe(`hello from ${INET.other}`);
  }, 120_000);

  it('serves a published port only through the kernel, with a token that never reaches the agent', async () => {
    const web = await spawnServer('webapp', 8080);
    const base = `/api/v1/agents/${web.pid}/ports`;
    expect((await api('GET', `${base}/8080/`)).body.code).toBe('PORT_NOT_PUBLISHED');
    expect((await api('POST', base, { port: 8080 })).status).toBe(201);
    const page = await api('GET', `${base}/8080/`);
    expect(page.status).toBe(200);
    expect(page.body).toBe('served by webapp; auth=none');
    expect((await api('GET', `${base}/8080/`, undefined, null)).status).toBe(401);
    expect((await api('GET', `${base}/8080/`, undefined, 'wrong-token-wrong-token')).status).toBe(401);
    // Not on the host's interfaces: the machine's own address has nothing on 8080.
    expect(await curl(`http://${uplink}:8080/`)).toBe('');
    const stats = await api('GET', `/api/v1/agents/${web.pid}/stats`);
    expect(stats.body.network.connectionsIn).toBeGreaterThanOrEqual(1);
    await api('DELETE', `/api/v1/agents/${web.pid}`);
  }, 120_000);

  it('reports figures, refuses bad policies, and leaves nothing behind', async () => {
    const res = await api('POST', '/api/v1/agents', {
      name: 'counted',
      network: 'egress',
      command: ['/bin/sh', '-c', 'curl -s http://allowed.test/bytes?n=200000 > /dev/null; echo done > done; sleep 600'],
    });
    const pid = res.body.pid as number;
    await until('download', () => homeFile(res.body.agent.id, 'done'));
    const stats = (await api('GET', `/api/v1/agents/${pid}/stats`)).body.network;
    expect(stats.bytesIn).toBeGreaterThan(200_000);
    expect(stats.connectionsOut).toBeGreaterThanOrEqual(1);
    expect(stats.dnsQueries).toBeGreaterThanOrEqual(1);
    const metrics = await fetch(`${m.url}/metrics`, { headers: { authorization: `Bearer ${m.token}` } }).then((r) => r.text());
    expect(metrics).toMatch(new RegExp(`aether_process_network_received_bytes_total\\{pid="${pid}"\\} [0-9]{6,}`));

    for (const egress of [{ allow: ['10.0.0.0/33'] }, { ports: ['70000'] }, { allow: ['bad_name!'] }, { maxConnections: 0 }]) {
      const bad = await api('POST', '/api/v1/agents', { name: 'bad', network: 'egress', egress, command: ['/bin/true'] });
      expect(bad.status, JSON.stringify(egress)).toBe(400);
      expect(bad.body.code).toBe('NETWORK_POLICY_INVALID');
    }
    const mixed = await api('POST', '/api/v1/agents', { name: 'bad', network: 'none', egress: {}, command: ['/bin/true'] });
    expect(mixed.body.code).toBe('NETWORK_MODE_UNSUPPORTED');

    // A kernel restart adopts the live namespace (its resolver answers again) and removes an orphan.
    await m.exec(['sh', '-c', 'ip netns add aether-p99999 && ip link add aeh99999 type veth peer name aea99999']);
    await m.exec(['systemctl', 'restart', 'aether-kernel']);
    await until('kernel', async () =>
      (await api('GET', '/health', undefined, null).catch(() => null))?.status === 200 ? true : undefined,
    );
    const links = async () => (await m.exec(['ip', '-br', 'link'])).stdout + (await m.exec(['ip', 'netns', 'list'])).stdout;
    await until('orphan removed', async () => (!(await links()).includes('99999') ? true : undefined));
    const after = await probe(
      { network: 'egress', egress: { allow: ['allowed.test'] } },
      { a: { http: 'http://allowed.test/' } },
    );
    expect(after.a).toMatchObject({ ok: true });
    expect(await links()).toContain(`aeh${pid}`);

    await api('DELETE', `/api/v1/agents/${pid}`);
    await until('cleanup', async () => (!(await links()).includes(`aeh${pid}`) ? true : undefined));
    expect(await links()).not.toContain(`aether-p${pid}`);
    const rules = (await m.exec(['nft', 'list', 'table', 'inet', 'aether'])).stdout;
    expect(rules).not.toContain(`p${pid}_out`);
  }, 120_000);
});
