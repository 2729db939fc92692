/**
 * bench/spawn: spawn, pause and resume latency through the real kernel API, the kernel under
 * systemd in a booted Debian trixie machine. Two spawn figures per series: the API round trip
 * (the kernel answers once the program has been exec'ed: Type=exec, or the warm sandbox took it)
 * and the time until the program's first act, a write of the clock (sh + date: an upper bound
 * on its first instruction). Cold: every spawn creates its slice and unit. Warm: the agent's
 * previous run left a prestarted sandbox (sandbox.warmPerAgent). On the local Docker engine
 * (make bench starts one), the same run measures the kernel's Docker driver (launch() to the
 * program running and to its first write, pause, resume) and the raw create + start as a reference.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bootMachine, REPO } from '../../test/machine/machine.js';
import { row, stats } from '../stats.js';
import { dockerDriverSeries } from './docker-driver.js';
import { dockerReference } from './docker-reference.js';
import { kernelClient } from './kernel.js';
import { newAgentClient, ratio } from './new-agents.js';

const SPAWNS = Number(process.env.BENCH_SPAWNS ?? 200);
const CYCLES = Number(process.env.BENCH_PAUSE_CYCLES ?? 200);
const DOCKER_RUNS = Number(process.env.BENCH_DOCKER_RUNS ?? 50);

console.log(`bench/spawn: kernel in a booted Debian trixie machine (systemd-nspawn), ${new Date().toISOString()}`);
console.log('systemd driver: slice + transient unit over D-Bus, tini, PrivatePIDs, ProtectSystem=strict, seccomp, no network\n');

// Cold: the warm pool off, so every spawn pays systemd's unit start.
const cold = await bootMachine({ name: 'aether-bench-cold', environment: { AETHER_SANDBOX_WARM_PER_AGENT: '0' } });
let coldSpawn, pauses;
try {
  const k = kernelClient(cold);
  await k.spawnSeries('bench', 10, 0); // warm-up: user, home, caches
  coldSpawn = await k.spawnSeries('bench', SPAWNS, 0);
  const spaced = await k.pauseSeries(CYCLES, 50);
  const b2b = await k.pauseSeries(CYCLES, 0);
  pauses = { spaced, b2b };
} finally {
  await cold.stop();
}

// Warm: the default; runs of one agent 100 ms apart, so the pool has refilled in between.
const warm = await bootMachine({ name: 'aether-bench-warm' });
let warmSpawn, newAgents;
try {
  const k = kernelClient(warm);
  await k.spawnSeries('bench', 10, 100);
  warmSpawn = await k.spawnSeries('bench', SPAWNS, 100);
  // New agents (the default configuration): a new UID, user record and home, a cold unit each.
  const n = newAgentClient(warm);
  await n.sequential(10);
  newAgents = { seq: await n.sequential(100), burst: await n.sustained(200, 10), ref: await n.systemdRun(50) };
} finally {
  await warm.stop();
}

console.log(row('cold spawn: API call -> exec()ed (API round trip)', stats(coldSpawn.apiMs), 'p50 <= 30 ms, p99 <= 100 ms'));
console.log(row('cold spawn: API call -> first write by the program', stats(coldSpawn.firstMs)));
console.log(
  row(
    `warm spawn: API round trip (${warmSpawn.prestarted}/${SPAWNS} prestarted)`,
    stats(warmSpawn.apiMs),
    'p50 <= 30 ms, p99 <= 100 ms',
  ),
);
console.log(row('warm spawn: API call -> first write by the program', stats(warmSpawn.firstMs)));
console.log(row('new agent, first spawn: API round trip', stats(newAgents.seq), 'p50 <= 30 ms, p99 <= 100 ms'));
console.log(row('new agent, first spawn, 10 in flight', stats(newAgents.burst.latency)));
console.log(
  `  new agents sustained (200, 10 in flight): ${newAgents.burst.perSecond.toFixed(1)} spawns/s   (target >= 50 spawns/s)`,
);
console.log(row('reference: systemd-run -p Type=exec /bin/true (in the machine)', stats(newAgents.ref)));
console.log(`  ratio p50: new agent first spawn / systemd-run ${ratio(newAgents.seq, newAgents.ref)}`);
console.log(row('pause (FreezeUnit on the slice), 50 ms apart', stats(pauses.spaced.pause), 'p99 <= 10 ms'));
console.log(row('resume (ThawUnit), 50 ms apart', stats(pauses.spaced.resume), 'p99 <= 10 ms'));
console.log(row('pause, back to back', stats(pauses.b2b.pause)));
console.log(row('resume, back to back', stats(pauses.b2b.resume)));
console.log(
  '  (back to back: Linux sends at most one cgroup.events notification per cgroup per 10 ms, and systemd waits for it)',
);

const tarball = execFileSync(join(REPO, 'test', 'machine', 'rootfs.sh'), { encoding: 'utf8' }).trim();
const driver = await dockerDriverSeries(tarball, DOCKER_RUNS, DOCKER_RUNS);
if (driver) {
  console.log(
    "\ndocker driver (the kernel's DockerDriver on the local engine: tini, read-only image, no capabilities, limits), same run",
  );
  console.log(row('docker driver: launch() -> program started', stats(driver.spawnMs)));
  console.log(row('docker driver: launch() -> first write by the program', stats(driver.firstMs)));
  console.log(row('docker driver pause (cgroup freezer), 50 ms apart', stats(driver.pause)));
  console.log(row('docker driver resume, 50 ms apart', stats(driver.resume)));
}
const docker = await dockerReference(tarball, DOCKER_RUNS);
if (docker) {
  console.log('\nreference: local Docker engine (create + start, network none, same root filesystem), same run');
  console.log(row('docker create + start', stats(docker.spawn)));
  console.log(row('docker pause, 50 ms apart', stats(docker.pause)));
  console.log(row('docker unpause, 50 ms apart', stats(docker.resume)));
  const ratio = (a: number[], b: number[]) => (stats(a).p50 / stats(b).p50).toFixed(2);
  console.log(
    `\n  spawn p50 ratio: cold systemd / docker ${ratio(coldSpawn.apiMs, docker.spawn)}, warm systemd / docker ${ratio(warmSpawn.apiMs, docker.spawn)}`,
  );
} else {
  console.log('\nreference: no Docker engine at /var/run/docker.sock; skipped (make deps-docker starts one)');
}
