/**
 * Test hosts for the network tests and the benchmark, built inside the machine (never on the
 * host running the tests): an "internet" namespace reached through a veth from the machine,
 * with public-looking addresses (TEST-NET-2, 198.51.100.0/24) for HTTP servers and a DNS server
 * that the kernel's resolver uses as its upstream.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const INET = {
  allowed: '198.51.100.10',
  denied: '198.51.100.20',
  other: '198.51.100.30',
  dns: '198.51.100.53',
};

/** name -> address the fixture's DNS server answers (anything else is NXDOMAIN). */
export const ZONE: Record<string, string> = {
  'allowed.test': INET.allowed,
  'denied.test': INET.denied,
  'other.test': INET.other,
  'ask.test': INET.other,
  // An allowed name answering with a private address must not open the private range (DNS rebinding).
  'rebind.test': '10.0.0.1',
};

/** The servers: HTTP on :80 of each address (/, /bytes?n=, /hold), DNS on INET.dns. Node in the machine runs it. */
const SERVER = `
import http from 'node:http';
import dgram from 'node:dgram';
import { writeFileSync } from 'node:fs';
import dnsPacket from '/opt/aether/node_modules/dns-packet/index.js';
const zone = ${JSON.stringify(ZONE)};
const chunk = Buffer.alloc(1 << 16, 120);
for (const addr of ${JSON.stringify([INET.allowed, INET.denied, INET.other])}) {
  http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/hold') { res.writeHead(200); res.write('held'); return; }
    if (url.pathname === '/bytes') {
      let left = Number(url.searchParams.get('n') ?? 0);
      res.writeHead(200, { 'content-length': String(left) });
      const more = () => { while (left > 0) { const n = Math.min(left, chunk.length); left -= n; if (!res.write(chunk.subarray(0, n))) return res.once('drain', more); } res.end(); };
      return more();
    }
    res.end('hello from ' + addr);
  }).listen(80, addr);
}
const dns = dgram.createSocket('udp4');
dns.on('message', (msg, rinfo) => {
  const q = dnsPacket.decode(msg); const question = q.questions[0];
  const a = zone[question.name.toLowerCase()];
  const answers = a && question.type === 'A' ? [{ type: 'A', name: question.name, ttl: 300, data: a }] : [];
  dns.send(dnsPacket.encode({ type: 'response', id: q.id, flags: a ? 0x0180 : 0x0183, questions: q.questions, answers }), rinfo.port, rinfo.address);
});
dns.bind(53, '${INET.dns}', () => writeFileSync('/run/aether-test-inet.ready', 'ok'));
`;

/** Shell that builds the namespace and its link (machine 203.0.113.1, inet 203.0.113.2). */
export const SETUP = `
set -e
ip netns add t-inet
ip link add t-up type veth peer name eth0 netns t-inet
ip addr add 203.0.113.1/30 dev t-up
ip link set t-up up
ip -n t-inet addr add 203.0.113.2/30 dev eth0
ip -n t-inet link set eth0 up
ip -n t-inet link set lo up
for a in ${Object.values(INET).join(' ')}; do ip -n t-inet addr add $a/32 dev lo; done
ip -n t-inet route add default via 203.0.113.1
ip route add 198.51.100.0/24 via 203.0.113.2
`;

/** Writes the server script into the machine's filesystem and returns the commands that start everything. */
export function installFixture(machineRoot: string): string[] {
  const dir = join(machineRoot, 'usr', 'local', 'lib', 'aether-test');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'inet.mjs'), SERVER);
  return [
    'sh',
    '-c',
    `${SETUP}\nsystemd-run --unit=aether-test-inet -p NetworkNamespacePath=/run/netns/t-inet /usr/bin/node /usr/local/lib/aether-test/inet.mjs`,
  ];
}

/**
 * A probe an agent runs (node -e): each entry is tried and its outcome written to probes.json in the
 * agent's home. http: GET with a 3 s timeout (names resolve through the sandbox's resolv.conf);
 * tcp: connect; dns: ask a given server directly; conns: open n connections and keep them.
 */
export const PROBE = `
const http = require('node:http'); const net = require('node:net'); const dns = require('node:dns');
const fs = require('node:fs');
const probes = JSON.parse(process.argv[1]);
const out = {};
const http1 = (url) => new Promise((res) => {
  const req = http.get(url, { timeout: 3000 }, (r) => { let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => res({ ok: true, status: r.statusCode, body: b.slice(0, 200) })); });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => res({ ok: false, error: e.code || e.message }));
});
const tcp = (host, port) => new Promise((res) => {
  const s = net.connect({ host, port, timeout: 3000 });
  s.on('connect', () => { s.destroy(); res({ ok: true }); });
  s.on('timeout', () => { s.destroy(); res({ ok: false, error: 'timeout' }); });
  s.on('error', (e) => res({ ok: false, error: e.code || e.message }));
});
const ask = (server, name) => new Promise((res) => {
  const r = new dns.Resolver({ timeout: 2000, tries: 1 }); r.setServers([server]);
  r.resolve4(name, (e, a) => res(e ? { ok: false, error: e.code } : { ok: true, addresses: a }));
});
const conns = (host, port, n) => new Promise((res) => {
  let open = 0, failed = 0; const socks = [];
  const done = () => { if (open + failed === n) { res({ ok: true, open, failed }); } };
  for (let i = 0; i < n; i++) {
    const s = net.connect({ host, port, timeout: 3000 }); socks.push(s);
    s.on('connect', () => { open++; s.write('GET /hold HTTP/1.1\\r\\nhost: x\\r\\n\\r\\n'); done(); });
    s.on('timeout', () => { failed++; s.destroy(); done(); });
    s.on('error', () => { failed++; done(); });
  }
});
(async () => {
  for (const [key, p] of Object.entries(probes)) {
    out[key] = p.http ? await http1(p.http) : p.tcp ? await tcp(p.tcp[0], p.tcp[1]) : p.dns ? await ask(p.dns[0], p.dns[1]) : await conns(p.conns[0], p.conns[1], p.conns[2]);
    if (p.conns) await new Promise((r) => setTimeout(r, 300));
  }
  // Written whole, then renamed: the test polls for the file and must never read half of it.
  fs.writeFileSync('probes.json.tmp', JSON.stringify(out));
  fs.renameSync('probes.json.tmp', 'probes.json');
  process.exit(0);
})();
`;
