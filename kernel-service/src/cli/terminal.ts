#!/usr/bin/env node
/**
 * aether-term: attach this terminal (an SSH session on the appliance, say) to a terminal in an
 * agent's sandbox, through the kernel's authenticated WebSocket API.
 *
 *   aether-term <pid>              open a new terminal in process <pid> and attach
 *   aether-term <pid> <terminal>   attach to an existing one (shared with whoever else is attached)
 *
 * The kernel is at $AETHER_URL, else where /etc/aether/config.json puts it (on the appliance HTTPS on
 * port 443, its certificate pinned from api.tls.certFile), else http://127.0.0.1:8787. The token is
 * $AETHER_TOKEN or the admin token file (readable by root only). Ctrl-] detaches.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import WebSocket from 'ws';

const DETACH = 0x1d; // Ctrl-]

function fail(message: string): never {
  process.stderr.write(`aether-term: ${message}\n`);
  process.exit(2);
}

const [pidArg, terminalArg] = process.argv.slice(2);
if (!pidArg || !/^[0-9]+$/.test(pidArg)) fail('usage: aether-term <pid> [terminal-id]');
/** Where the kernel listens, and the certificate to trust when it speaks TLS (the appliance's own). */
function kernelAddress(): { base: string; ca?: Buffer } {
  if (process.env.AETHER_URL) return { base: process.env.AETHER_URL };
  let api: { port?: number; tls?: { certFile?: string } } = {};
  try {
    api = (JSON.parse(readFileSync('/etc/aether/config.json', 'utf8')) as { api?: typeof api }).api ?? {};
  } catch {
    /* no configuration file: the defaults */
  }
  const port = process.env.AETHER_API_PORT ?? String(api.port ?? 8787);
  const cert = api.tls?.certFile;
  return cert ? { base: `https://127.0.0.1:${port}`, ca: readFileSync(cert) } : { base: `http://127.0.0.1:${port}` };
}
const { base, ca } = kernelAddress();
// The certificate itself is pinned, so its host name (the appliance's, not 127.0.0.1) need not match.
const tls = ca ? { ca, checkServerIdentity: () => undefined } : {};

function post(path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(body);
  const request = base.startsWith('https') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(payload) }, ...tls },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
let token = process.env.AETHER_TOKEN;
if (!token) {
  const file = `${process.env.AETHER_STATE_DIR ?? '/var/lib/aether'}/admin.token`;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (err) {
    fail(`no AETHER_TOKEN and cannot read ${file} (${(err as Error).message}); run as root or set AETHER_TOKEN`);
  }
}
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const size = () => ({ cols: process.stdout.columns || 80, rows: process.stdout.rows || 24 });

let id = terminalArg;
if (!id) {
  const res = await post(`/api/v1/agents/${pidArg}/terminals`, size(), headers).catch((err: Error) => fail(err.message));
  const body = res.body as { id?: string; code?: string; message?: string; hint?: string };
  if (res.status !== 201 || !body.id) fail(`${body.code ?? res.status}: ${body.message ?? ''} ${body.hint ?? ''}`.trim());
  id = body.id;
}

const ws = new WebSocket(
  `${base.replace(/^http/, 'ws')}/api/v1/agents/${pidArg}/terminals/${id}?token=${encodeURIComponent(token)}`,
  // ws types checkServerIdentity as returning boolean; Node's TLS, which receives it, wants undefined for "fine".
  tls as unknown as WebSocket.ClientOptions,
);
ws.on('unexpected-response', (_req, res) => fail(`the kernel refused to attach (HTTP ${res.statusCode})`));
ws.on('error', (err) => fail(err.message));
ws.on('open', () => {
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  process.stdin.resume();
  ws.send(JSON.stringify({ type: 'resize', ...size() }));
  process.stdout.on('resize', () => ws.send(JSON.stringify({ type: 'resize', ...size() })));
  process.stdin.on('data', (d: Buffer) => {
    if (d.includes(DETACH)) {
      process.stderr.write(`\r\n[detached from terminal ${id}; it keeps running: aether-term ${pidArg} ${id}]\r\n`);
      process.exit(0);
    }
    ws.send(d, { binary: true });
  });
});
ws.on('message', (data: Buffer, isBinary: boolean) => {
  if (isBinary) process.stdout.write(data);
  else {
    const msg = JSON.parse(data.toString('utf8')) as { type?: string; code?: number | null };
    if (msg.type === 'exit') {
      process.stderr.write(`\r\n[terminal ended with code ${String(msg.code)}]\r\n`);
      process.exit(typeof msg.code === 'number' ? msg.code : 0);
    }
  }
});
ws.on('close', () => process.exit(0));
