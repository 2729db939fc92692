/**
 * The kernel side of bench/agents, in its own process so its RSS is the kernel's alone: the
 * run service, per-process kernel sockets, the LLM gateway (to the parent's scripted server),
 * SQLite, and the API with its event stream. Sandboxes are not launched here (bench/spawn
 * measures those); each run gets its record and its socket exactly as a spawn would.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { runtimeHarness } from '../../test/helpers/runtime-harness.js';
import { TOKEN } from '../../test/helpers/kernel.js';

const providerUrl = process.argv[2]!;
const h = await runtimeHarness({ timeoutMs: 60_000 }, providerUrl);
const address = await h.kernel.app.listen({ host: '127.0.0.1', port: 0 });

type Msg = { type: 'create'; count: number } | { type: 'rss' } | { type: 'exit' };
process.on('message', (m: Msg) => {
  void (async () => {
    if (m.type === 'create') {
      const runs = [];
      for (let i = 0; i < m.count; i++) {
        const r = await h.newRun({
          goal: 'benchmark loop',
          maxSteps: 10_000,
          tokenBudget: 100_000_000,
          tools: ['read_plan', 'update_plan', 'create_plan', 'finish'],
        });
        runs.push({ pid: r.pid, socket: r.kernel.socketPath, home: r.home });
      }
      process.send!({ type: 'created', runs });
    } else if ((m as { type: string }).type === 'snapshot') {
      const { writeHeapSnapshot } = await import('node:v8');
      process.send!({ type: 'snapshot', file: writeHeapSnapshot('/tmp/kernel.heapsnapshot') });
    } else if (m.type === 'rss') {
      process.send!({
        type: 'rss',
        rss: process.memoryUsage().rss,
        mem: {
          ...process.memoryUsage(),
          ...Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size])),
        },
      });
    } else {
      await h.close();
      await h.kernel.app.close();
      process.exit(0);
    }
  })();
});
process.send!({ type: 'ready', address, token: TOKEN });
