/**
 * bench/density: what one idle-waiting agent runtime (kernel-service/dist/runtime/main.js, one Node
 * process per run) costs, and where it goes. K runtimes start against a kernel socket that takes
 * their first request (GET /v1/run) and never answers: each has loaded everything and waits, as a
 * run waiting for its model or an approval does. Per process, from /proc/<pid>/smaps_rollup: PSS
 * (its share of every page: what K of them cost divided by K), split into anonymous (V8 heap, JIT
 * code, malloc) and file-backed (node's binary, libraries, mapped code), and RSS. The V8 heap comes
 * from the process itself (a preloaded module writes v8.getHeapStatistics() to stderr once it waits).
 * Two series: tsc's module tree (the reference) and the bundle the kernel launches
 * (runs/runtime-command.ts, scripts/bundle-runtime.ts). `make bench-density`; BENCH_DENSITY_K (default 20).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { RUNTIME_MODULES, runtimeEntry } from '../../kernel-service/src/runs/runtime-command.js';

const K = Number(process.env.BENCH_DENSITY_K ?? 20);
const TARGET_MB = 20;
const RUNTIME_DIR = fileURLToPath(new URL('../../kernel-service/dist/runtime', import.meta.url));
/** What the kernel starts (the bundle, after `make build`), and the reference: tsc's module tree. */
const PRODUCT = runtimeEntry(RUNTIME_DIR);
const TREE = join(RUNTIME_DIR, RUNTIME_MODULES);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const dir = mkdtempSync(join(tmpdir(), 'aether-density-'));
const socketPath = join(dir, 'kernel.sock');
// Reports the V8 heap once the runtime is idle (2 s after start: its request is out by then).
const probe = join(dir, 'heap-probe.cjs');
writeFileSync(
  probe,
  `setTimeout(() => { const h = require('v8').getHeapStatistics(); process.stderr.write('HEAP ' + JSON.stringify({ used: h.used_heap_size, total: h.total_heap_size }) + '\\n'); }, 2000).unref();\n`,
);
const held: Socket[] = [];
let requests = 0;
const server = createServer((sock) => {
  held.push(sock);
  sock.once('data', () => requests++);
});
await new Promise<void>((r) => server.listen(socketPath, r));

interface Sample {
  pss: number;
  anon: number;
  file: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
}

function rollup(pid: number): Omit<Sample, 'heapUsed' | 'heapTotal'> {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { pss: kb('Pss'), anon: kb('Pss_Anon'), file: kb('Pss_File'), rss: kb('Rss') };
}

async function series(entry: string, flags: string[]): Promise<Sample> {
  requests = 0;
  const heaps: { used: number; total: number }[] = [];
  const children: ChildProcess[] = [];
  for (let i = 0; i < K; i++) {
    const child = spawn(process.execPath, [...flags, '--require', probe, entry], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, AETHER_KERNEL_SOCKET: socketPath },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (b: Buffer) => {
      const m = /HEAP (\{.*\})/.exec(b.toString());
      if (m) heaps.push(JSON.parse(m[1]!) as { used: number; total: number });
    });
    children.push(child);
  }
  const deadline = Date.now() + 60_000;
  while ((requests < K || heaps.length < K) && Date.now() < deadline) await sleep(100);
  if (requests < K) throw new Error(`only ${requests} of ${K} runtimes reached the kernel socket`);
  await sleep(500);
  const samples = children.map((c) => rollup(c.pid!));
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  for (const s of held.splice(0)) s.destroy();
  const mean = (f: (s: Omit<Sample, 'heapUsed' | 'heapTotal'>) => number) =>
    samples.reduce((a, s) => a + f(s), 0) / samples.length;
  const meanHeap = (f: (h: { used: number; total: number }) => number) =>
    heaps.reduce((a, h) => a + f(h), 0) / Math.max(1, heaps.length);
  return {
    pss: mean((s) => s.pss),
    anon: mean((s) => s.anon),
    file: mean((s) => s.file),
    rss: mean((s) => s.rss),
    heapUsed: meanHeap((h) => h.used),
    heapTotal: meanHeap((h) => h.total),
  };
}

const MB = (b: number) => (b / 1024 / 1024).toFixed(1).padStart(5);
const line = (label: string, s: Sample, extra = '') =>
  `  ${label.padEnd(44)} PSS ${MB(s.pss)} MB (anon ${MB(s.anon)}, file ${MB(s.file)})  RSS ${MB(s.rss)} MB  V8 heap ${MB(s.heapUsed)} used / ${MB(s.heapTotal)} MB${extra}`;

console.log(`bench/density: ${K} idle-waiting agent runtimes at once (node ${process.version}), ${new Date().toISOString()}`);
console.log(`host load average before: ${load()} (2 cores, shared)\n`);
try {
  if (PRODUCT === TREE) throw new Error('dist/runtime/agent.mjs is missing or stale: run `make build` first');
  const tree = await series(TREE, []);
  console.log(line('reference: tsc output, runtime/main.js (~640 modules)', tree));
  const product = await series(PRODUCT, []);
  console.log(line('kernel launches: runtime/agent.mjs (one bundle)', product, `   (target PSS <= ${TARGET_MB} MB)`));
  // Node flags on top, tried on the bundle (BENCH_DENSITY_TRY="--flag a --flag b;--other").
  for (const extra of (process.env.BENCH_DENSITY_TRY ?? '').split(';').filter(Boolean)) {
    console.log(line(`bundle + ${extra}`, await series(PRODUCT, extra.split(' '))));
  }
  console.log(`\n  ratio PSS bundle / module tree: ${(product.pss / tree.pss).toFixed(2)}`);
  console.log(
    `  1,000 idle-waiting runs at this PSS: ${((product.pss * 1000) / 1024 ** 3).toFixed(1)} GiB (module tree: ${((tree.pss * 1000) / 1024 ** 3).toFixed(1)} GiB)`,
  );
  console.log(`  host load average after: ${load()}`);
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
