/**
 * bench/agents on the product kernel: the kernel service as its unit runs it, in a booted Debian
 * trixie machine (systemd-nspawn, like the systemd tier), with every subsystem it starts (memory,
 * IPC, terminals, desktops, the stats sampler, the systemd driver). N agent runs through the API
 * (`goal`): each a real sandbox with the real runtime inside (dist/runtime/agent.mjs), doing STEPS
 * tool calls (plan updates) against a local scripted server speaking OpenAI's protocol (each reply
 * after MODEL_MS, as a model would take), then a final answer. Printed per N, in one run: steps/s,
 * kernel RSS and V8 heap (GET /api/v1/system/stats, sampled), event latency (the kernel's step
 * timestamp -> a WebSocket subscriber of /api/v1/events), and memory per agent: PSS of the runtime
 * processes (/proc/<pid>/smaps_rollup in the machine, sampled while they wait on the model).
 * The reference, same run: N = the smallest count's steps/s. `make bench-agents-product`;
 * BENCH_AGENTS (default 50,200), BENCH_AGENT_STEPS (default 10), BENCH_MODEL_MS (default 200).
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { bootMachine, type Machine } from '../../test/machine/machine.js';
import { openai, startOpenAIServer } from '../../test/helpers/llm-servers/openai.js';
import { row, stats } from '../stats.js';

const COUNTS = (process.env.BENCH_AGENTS ?? '50,200').split(',').map(Number);
const STEPS = Number(process.env.BENCH_AGENT_STEPS ?? 10);
const MODEL_MS = Number(process.env.BENCH_MODEL_MS ?? 200);
const IN_FLIGHT = 10;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

const provider = await startOpenAIServer();
provider.recordRequests(false);
provider.respondWith((req) => {
  const messages = req.body.messages as { role: string }[];
  const done = messages.filter((m) => m.role === 'assistant').length;
  const reply =
    done >= STEPS
      ? openai.text('benchmark run complete', 50, 5)
      : openai.toolCalls(
          [
            {
              id: `call-${done}`,
              ...(done === 0
                ? { name: 'create_plan', arguments: '{"steps":["a","b","c"]}' }
                : { name: 'update_plan', arguments: `{"id":${(done % 3) + 1},"status":"in_progress"}` }),
            },
          ],
          50,
          10,
        );
  return { ...reply, delayMs: MODEL_MS };
});

/** Mean PSS and count of the runtime processes in the machine now. */
async function runtimePss(m: Machine): Promise<{ count: number; pss: number }> {
  const script =
    'n=0; t=0; for p in $(pgrep -f "runtime/[a]gent.mjs"); do k=$(awk \'/^Pss:/ {print $2}\' /proc/$p/smaps_rollup 2>/dev/null); [ -n "$k" ] && n=$((n+1)) && t=$((t+k)); done; echo $n $t';
  const [n, kb] = (await m.exec(['/bin/sh', '-c', script])).stdout.trim().split(' ').map(Number);
  return { count: n ?? 0, pss: n ? ((kb ?? 0) * 1024) / n : 0 };
}

async function once(m: Machine, n: number) {
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${m.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${m.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const kernelMem = async () => {
    const k = (await api('GET', '/system/stats')).body.kernel as { rssBytes: number; heapUsedBytes: number };
    return k;
  };
  const latencies: number[] = [];
  const ended = new Set<number>();
  const mine = new Set<number>();
  let firstStep = 0;
  let lastStep = 0;
  let steps = 0;
  const ws = new WebSocket(`${m.url.replace('http', 'ws')}/api/v1/events?token=${m.token}`);
  await new Promise((r) => ws.once('open', r));
  ws.on('message', (data: Buffer) => {
    const e = JSON.parse(data.toString()) as { type: string; pid?: number; to?: string; step?: { at: number } };
    if (e.type === 'agent.step' && e.step) {
      const now = Date.now();
      latencies.push(now - e.step.at);
      firstStep ||= now;
      lastStep = now;
      steps++;
    }
    if (e.type === 'process.state' && ['exited', 'killed', 'failed'].includes(String(e.to))) ended.add(e.pid!);
  });
  const idle = await kernelMem();
  let peak = idle;
  let pss = { count: 0, pss: 0 };
  const sampler = setInterval(() => {
    void kernelMem().then((k) => {
      if (k.rssBytes > peak.rssBytes) peak = k;
    });
  }, 500);

  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < n) {
        const i = next++;
        const res = await api('POST', '/agents', {
          name: `bench-${n}-${i}`,
          goal: 'benchmark: plan and update it',
          template: 'general',
        });
        if (res.status !== 201) throw new Error(`spawn ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        mine.add(res.body.pid as number);
      }
    }),
  );
  // All spawned: sample the runtimes' PSS while they run (most of their time is waiting on the model).
  pss = await runtimePss(m);
  const deadline = Date.now() + 600_000;
  while ([...mine].some((p) => !ended.has(p)) && Date.now() < deadline) await sleep(200);
  clearInterval(sampler);
  ws.close();
  const { body } = await api('GET', '/agents?state=exited');
  const done = (body.processes as { pid: number }[]).filter((p) => mine.has(p.pid)).length;
  const seconds = (lastStep - firstStep) / 1000;
  return { n, done, steps, stepsPerSecond: steps / seconds, idle, peak, pss, latencies };
}

console.log(
  `bench/agents (product kernel): ${STEPS} tool steps + answer per run, model replies after ${MODEL_MS} ms, kernel in a booted Debian trixie machine, ${new Date().toISOString()}`,
);
console.log(`host load average before: ${load()} (2 cores, shared; 24 GiB, shared)\n`);
const machine = await bootMachine({
  name: 'aether-bench-agents',
  environment: {
    OPENAI_API_KEY: 'bench-key',
    OPENAI_BASE_URL: `${provider.url}/v1`,
    AETHER_LLM_DEFAULT_MODEL: 'openai/scripted',
  },
});
const results: Awaited<ReturnType<typeof once>>[] = [];
try {
  for (const n of COUNTS) {
    const r = await once(machine, n);
    results.push(r);
    console.log(
      `N=${n}: ${r.done}/${n} runs done, ${r.steps} step records (agent.step events), ${r.stepsPerSecond.toFixed(1)} steps/s; host load ${load()}`,
    );
    console.log(
      `  kernel RSS idle ${mb(r.idle.rssBytes)}, peak ${mb(r.peak.rssBytes)}; V8 heap used at the RSS peak ${mb(r.peak.heapUsedBytes)}`,
    );
    console.log(`  memory per agent: runtime PSS ${mb(r.pss.pss)} (mean of ${r.pss.count} runtime processes, sampled mid-run)`);
    console.log(row('  event latency (step stored -> WebSocket subscriber)', stats(r.latencies)));
  }
  const ref = results[0]!;
  console.log('\nsummary (reference: the first N, same run)');
  for (const r of results) {
    const s = stats(r.latencies);
    console.log(
      `  N=${String(r.n).padStart(3)}  ${r.stepsPerSecond.toFixed(1).padStart(6)} steps/s (x${(r.stepsPerSecond / ref.stepsPerSecond).toFixed(2)})  kernel RSS peak ${mb(r.peak.rssBytes)}  heap ${mb(r.peak.heapUsedBytes)}  runtime PSS ${mb(r.pss.pss)}  event p50 ${s.p50.toFixed(1)} ms p99 ${s.p99.toFixed(1)} ms  (${r.done}/${r.n} done)`,
    );
  }
} finally {
  await machine.stop();
  await provider.close();
}
