/**
 * bench/agents: N agents at once, each running the real runtime loop (runtime/loop.ts: model
 * call, permission for each tool call, the tool, the observation, a checkpoint) against a local
 * server speaking OpenAI's protocol, through its own kernel socket. The kernel runs in a child
 * process (bench/agents/kernel.ts) so its RSS is measured alone; the agents' loops run in this
 * process (a node runtime per agent would be ~40 MB each, which is the sandbox's cost, not the
 * kernel's). Event latency: from the kernel storing a step to a WebSocket subscriber of
 * /api/v1/events receiving it.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { KernelClient } from '../../kernel-service/src/runtime/kernel-client.js';
import { runLoop, type RunSpec } from '../../kernel-service/src/runtime/loop.js';
import { builtinRegistry } from '../../kernel-service/src/runtime/tools/index.js';
import type { Checkpoint } from '../../kernel-service/src/runtime/wire.js';
import { openai, startOpenAIServer } from '../../test/helpers/llm-servers/openai.js';
import { stats, row } from '../stats.js';

const COUNTS = (process.env.BENCH_AGENTS ?? '50,200,500').split(',').map(Number);
const STEPS = Number(process.env.BENCH_AGENT_STEPS ?? 20);
const RSS_TARGET = 300 * 1024 * 1024;

// Each agent: STEPS tool calls (plan updates, local and cheap), then a final answer.
const provider = await startOpenAIServer();
provider.recordRequests(false);
provider.respondWith((req) => {
  const messages = req.body.messages as { role: string }[];
  const done = messages.filter((m) => m.role === 'assistant').length;
  if (done >= STEPS) return openai.text('benchmark run complete', 50, 5);
  const tool =
    done === 0
      ? { name: 'create_plan', arguments: '{"steps":["a","b","c"]}' }
      : { name: 'update_plan', arguments: `{"id":${(done % 3) + 1},"status":"in_progress"}` };
  return openai.toolCalls([{ id: `call-${done}`, ...tool }], 50, 10);
});

// The kernel side compiled to plain JavaScript, as the appliance runs it (tsx's on-the-fly
// compilation would add ~150 MB to the RSS being measured).
const KERNEL_JS = fileURLToPath(new URL('../../build/bench/agents-kernel.mjs', import.meta.url));
await build({
  entryPoints: [fileURLToPath(new URL('./kernel.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: KERNEL_JS,
  logLevel: 'warning',
});

// The same V8 flags as the kernel's unit (NODE_OPTIONS there), unless BENCH_KERNEL_FLAGS says otherwise.
const unit = readFileSync(fileURLToPath(new URL('../../units/aether-kernel.service', import.meta.url)), 'utf8');
const KERNEL_FLAGS = (process.env.BENCH_KERNEL_FLAGS ?? /^Environment=NODE_OPTIONS=(.*)$/m.exec(unit)?.[1] ?? '')
  .split(' ')
  .filter(Boolean);

console.log(
  `bench/agents: ${STEPS} steps per agent, kernel flags [${KERNEL_FLAGS.join(' ')}], kernel in its own process, ${new Date().toISOString()}\n`,
);
const results: string[] = [];
for (const n of COUNTS) results.push(await once(n));
await provider.close();
console.log(`\nsummary\n${results.join('\n')}`);

async function once(n: number): Promise<string> {
  const kernel = fork(KERNEL_JS, [provider.url], {
    execArgv: KERNEL_FLAGS,
    stdio: 'inherit',
  });
  const ask = <T>(msg: object, type: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { type: string } & T) => {
        if (m.type !== type) return;
        kernel.off('message', on);
        resolve(m);
      };
      kernel.on('message', on);
      kernel.send(msg);
    });
  const ready = await new Promise<{ address: string; token: string }>((resolve) =>
    kernel.once('message', resolve as (m: unknown) => void),
  );
  const idle = (await ask<{ rss: number }>({ type: 'rss' }, 'rss')).rss;
  const { runs } = await ask<{ runs: { pid: number; socket: string; home: string }[] }>({ type: 'create', count: n }, 'created');

  const latencies: number[] = [];
  const ws = new WebSocket(`${ready.address.replace('http', 'ws')}/api/v1/events?token=${ready.token}`);
  await new Promise((r) => ws.once('open', r));
  ws.on('message', (data: Buffer) => {
    const e = JSON.parse(data.toString()) as { type: string; step?: { at: number } };
    if (e.type === 'agent.step' && e.step) latencies.push(Date.now() - e.step.at);
  });

  let peak = 0;
  let peakMem: Record<string, number> = {};
  const sampler = setInterval(
    () =>
      void ask<{ rss: number; mem: Record<string, number> }>({ type: 'rss' }, 'rss').then((m) => {
        if (m.rss > peak) [peak, peakMem] = [m.rss, m.mem];
      }),
    250,
  );
  const registry = builtinRegistry();
  const snapTimer = process.env.BENCH_SNAPSHOT_MS
    ? setTimeout(
        () => void ask({ type: 'snapshot' }, 'snapshot').then(() => console.log('snapshot written')),
        Number(process.env.BENCH_SNAPSHOT_MS),
      )
    : null;
  const t0 = performance.now();
  const outcomes = await Promise.all(
    runs.map(async (r) => {
      const client = new KernelClient(r.socket);
      const { run, checkpoint } = await client.get<{ run: RunSpec; checkpoint: Checkpoint | null }>('/v1/run');
      return runLoop({ kernel: client, registry, run, checkpoint, home: r.home, signal: new AbortController().signal });
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  void snapTimer;
  clearInterval(sampler);
  peak = Math.max(peak, (await ask<{ rss: number }>({ type: 'rss' }, 'rss')).rss);
  ws.close();
  kernel.send({ type: 'exit' });
  await new Promise((r) => kernel.once('exit', r));

  const ok = outcomes.filter((o) => o.status === 'done').length;
  const steps = n * (STEPS + 1);
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `N=${n}: ${ok}/${n} runs done, ${steps} model steps in ${seconds.toFixed(1)} s = ${(steps / seconds).toFixed(0)} steps/s`,
  );
  console.log(`  kernel RSS: idle ${mb(idle)}, peak ${mb(peak)}${n === 500 ? `   (target <= ${mb(RSS_TARGET)})` : ''}`);
  if (process.env.BENCH_VERBOSE)
    console.log('  at peak:', Object.fromEntries(Object.entries(peakMem).map(([k, v]) => [k, mb(v)])));
  console.log(row('event latency (step stored -> WebSocket subscriber)', stats(latencies)));
  return `  N=${String(n).padStart(3)}  ${(steps / seconds).toFixed(0).padStart(5)} steps/s  kernel RSS peak ${mb(peak).padStart(7)}  event p50 ${stats(latencies).p50.toFixed(1)} ms p99 ${stats(latencies).p99.toFixed(1)} ms  (${ok}/${n} done)`;
}
