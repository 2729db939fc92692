/**
 * bench/desktop: how long from asking for a desktop to the first framebuffer update through the
 * kernel's authenticated WebSocket proxy (target <= 1 s), and how much memory a desktop uses.
 * The kernel runs under systemd in a booted Debian trixie machine; each sample spawns a process
 * with "desktop": true, opens the VNC WebSocket at once (the kernel holds it until Xvnc listens),
 * does the RFB handshake and waits for the first full FramebufferUpdate.
 */
import type { Socket } from 'node:net';
import WebSocket, { createWebSocketStream } from 'ws';
import { RfbClient } from '../../kernel-service/src/desktop/rfb-client.js';
import { bootMachine, type Machine } from '../../test/machine/machine.js';
import { row, stats } from '../stats.js';

const RUNS = Number(process.env.BENCH_DESKTOPS ?? 10);
const SETTLE_MS = Number(process.env.BENCH_DESKTOP_SETTLE_MS ?? 8000);

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

async function firstFrame(m: Machine): Promise<{ pid: number; spawnMs: number; frameMs: number }> {
  const t0 = performance.now();
  const p = (await call(m, 'POST', '/api/v1/agents', {
    name: 'bench-desktop',
    desktop: true,
    command: ['/bin/sleep', '600'],
  })) as {
    pid: number;
  };
  const spawnMs = performance.now() - t0;
  const ws = new WebSocket(`${m.url.replace('http', 'ws')}/api/v1/agents/${p.pid}/desktop/vnc?token=${m.token}`);
  // Listening from the start: the first RFB bytes may come with the upgrade response.
  const stream = createWebSocketStream(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const client = await RfbClient.handshake(stream as unknown as Socket);
  await client.frame();
  const frameMs = performance.now() - t0;
  client.close();
  return { pid: p.pid, spawnMs, frameMs };
}

/** Proportional set size (kB) of every process in each unit of the process's slice. */
async function memoryByUnit(m: Machine, pid: number): Promise<Record<string, number>> {
  const script = `
    for base in /sys/fs/cgroup/unified /sys/fs/cgroup; do
      d="$base/aether.slice/aether-p${pid}.slice"; [ -d "$d" ] && break
    done
    for u in "$d"/*.service; do
      kb=0
      for p in $(cat "$u/cgroup.procs" 2>/dev/null); do
        v=$(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup 2>/dev/null); kb=$((kb + \${v:-0}))
      done
      echo "$(basename "$u") $kb"
    done`;
  const { stdout } = await m.exec(['sh', '-c', script]);
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((l) => l.split(' '))
      .map(([u, kb]) => [u!.replace(`aether-p${pid}-`, '').replace(`aether-p${pid}.service`, 'main'), Number(kb)]),
  );
}

console.log(`bench/desktop: kernel in a booted Debian trixie machine (systemd-nspawn), ${new Date().toISOString()}`);
console.log(
  'desktop = Xvnc (Unix socket), openbox, xterm, Chromium as units in the agent slice; RFB through the kernel WebSocket\n',
);
const m = await bootMachine({ name: 'aether-bench-desktop' });
try {
  await firstFrame(m).then((r) => call(m, 'DELETE', `/api/v1/agents/${r.pid}`)); // warm-up: user, home, page cache
  const spawn: number[] = [];
  const frame: number[] = [];
  let last = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await firstFrame(m);
    spawn.push(r.spawnMs);
    frame.push(r.frameMs);
    if (i < RUNS - 1) await call(m, 'DELETE', `/api/v1/agents/${r.pid}`);
    else last = r.pid;
  }
  console.log(row('spawn with desktop: API round trip', stats(spawn)));
  console.log(row('desktop request -> first framebuffer update via the proxy', stats(frame), 'p50 <= 1000 ms'));
  await new Promise((r) => setTimeout(r, SETTLE_MS)); // let Chromium finish starting
  const mem = await memoryByUnit(m, last);
  const total = Object.values(mem).reduce((a, b) => a + b, 0);
  const parts = Object.entries(mem)
    .map(([u, kb]) => `${u} ${(kb / 1024).toFixed(1)}`)
    .join(', ');
  console.log(`  memory per desktop (PSS, MiB, ${SETTLE_MS / 1000} s after start): total ${(total / 1024).toFixed(1)}: ${parts}`);
  await call(m, 'DELETE', `/api/v1/agents/${last}`);
} finally {
  await m.stop();
}
