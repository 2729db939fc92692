/**
 * bench/spawn (new agents): a new agent's first spawn through the API on the real kernel in a
 * booted Debian trixie machine (the kernel unit as the appliance runs it, default configuration),
 * one at a time and 10 in flight, beside `systemd-run` of `true` in the same machine and run.
 * `make bench-spawn-new`; `make bench` runs the same series inside bench/spawn.
 */
import { loadavg } from 'node:os';
import { bootMachine } from '../../test/machine/machine.js';
import { row, stats } from '../stats.js';
import { newAgentClient, ratio } from './new-agents.js';

const SEQUENTIAL = Number(process.env.BENCH_NEW_AGENTS ?? 100);
const SUSTAINED = Number(process.env.BENCH_NEW_AGENTS_SUSTAINED ?? 200);
const IN_FLIGHT = 10;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`bench/spawn new agents: kernel in a booted Debian trixie machine (systemd-nspawn), ${new Date().toISOString()}`);
console.log(`host load average before: ${load()}\n`);

const machine = await bootMachine({ name: 'aether-bench-new' });
try {
  const k = newAgentClient(machine);
  await k.sequential(10); // warm-up: the kernel's JIT, systemd's caches
  const seq = await k.sequential(SEQUENTIAL);
  const burst = await k.sustained(SUSTAINED, IN_FLIGHT);
  const ref = await k.systemdRun(50);
  console.log(row('new agent, first spawn: API round trip (one at a time)', stats(seq), 'p50 <= 30 ms, p99 <= 100 ms'));
  console.log(row(`new agent, first spawn: API round trip (${IN_FLIGHT} in flight)`, stats(burst.latency)));
  console.log(
    `  new agents sustained (${SUSTAINED} agents, ${IN_FLIGHT} in flight): ${burst.perSecond.toFixed(1)} spawns/s   (target >= 50 spawns/s)`,
  );
  console.log(row('reference: systemd-run -p Type=exec /bin/true (in the machine)', stats(ref)));
  console.log(`\n  ratio p50: new agent first spawn / systemd-run ${ratio(seq, ref)}`);
  console.log(`  host load average after: ${load()} (2 cores, shared)`);
} finally {
  await machine.stop();
}
