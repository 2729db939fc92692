#!/usr/bin/env node
/**
 * aether-term: attach this terminal (an SSH session on the appliance, say) to a terminal in an
 * agent's sandbox, through the kernel's authenticated WebSocket API.
 *
 *   aether-term <pid>              open a new terminal in process <pid> and attach
 *   aether-term <pid> <terminal>   attach to an existing one (shared with whoever else is attached)
 *
 * The kernel is at $AETHER_URL (default http://127.0.0.1:$AETHER_API_PORT, port 8787); the token is
 * $AETHER_TOKEN or the admin token file (readable by root only). Ctrl-] detaches.
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

const DETACH = 0x1d; // Ctrl-]

function fail(message: string): never {
  process.stderr.write(`aether-term: ${message}\n`);
  process.exit(2);
}

const [pidArg, terminalArg] = process.argv.slice(2);
if (!pidArg || !/^[0-9]+$/.test(pidArg)) fail('usage: aether-term <pid> [terminal-id]');
const base = process.env.AETHER_URL ?? `http://127.0.0.1:${process.env.AETHER_API_PORT ?? '8787'}`;
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
  const res = await fetch(`${base}/api/v1/agents/${pidArg}/terminals`, { method: 'POST', headers, body: JSON.stringify(size()) });
  const body = (await res.json()) as { id?: string; code?: string; message?: string; hint?: string };
  if (!res.ok || !body.id) fail(`${body.code ?? res.status}: ${body.message ?? ''} ${body.hint ?? ''}`.trim());
  id = body.id;
}

const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/agents/${pidArg}/terminals/${id}?token=${encodeURIComponent(token!)}`);
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
