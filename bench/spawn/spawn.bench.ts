/**
 * bench/spawn: latency of spawn, pause and resume through the real kernel API, with
 * the kernel under systemd in a booted Debian trixie machine. Spawn latency is the
 * API round trip of POST /api/v1/agents: the kernel answers only after systemd's
 * start job completed, and the unit is Type=exec, so the job completes only once
 * execve() of the sandbox's first program succeeded. The figure is therefore an upper
 * bound on "API call to first instruction inside the sandbox".
 * A local Docker engine, when reachable, runs the same measurements as a reference.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bootMachine, REPO } from '../../test/machine/machine.js';
import { row, stats, timed } from '../stats.js';
import { dockerAvailable, dockerPause, dockerRemove, dockerRun, dockerUnpause, ensureImage } from './docker.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SPAWNS = Number(process.env.BENCH_SPAWNS ?? 200);
const CYCLES = Number(process.env.BENCH_PAUSE_CYCLES ?? 200);
const DOCKER_RUNS = Number(process.env.BENCH_DOCKER_RUNS ?? 50);

const machine = await bootMachine({ name: 'aether-bench' });
const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${machine.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${machine.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as { pid: number; state: string };
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};

try {
  console.log(`bench/spawn: kernel in a booted Debian trixie machine (systemd-nspawn), ${new Date().toISOString()}`);
  // The first run of a new agent also creates its user and home; later runs reuse them.
  const [firstRun] = await timed(() => api('POST', '/agents', { name: 'bench-first', command: ['/bin/true'] }));

  for (let i = 0; i < 10; i++) await api('POST', '/agents', { name: 'bench', command: ['/bin/true'] }); // warm-up
  const spawn: number[] = [];
  for (let i = 0; i < SPAWNS; i++) {
    const [ms] = await timed(() => api('POST', '/agents', { name: 'bench', command: ['/bin/true'] }));
    spawn.push(ms);
  }

  // Pause and resume, first as a person or scheduler issues them (50 ms apart), then
  // back to back: Linux rate-limits cgroup.events notifications to one per 10 ms per
  // cgroup, and systemd waits for that notification, so back-to-back operations on the
  // same process pay up to 10 ms extra.
  const sleeper = await api('POST', '/agents', { name: 'bench-sleeper', command: ['/bin/sleep', '3600'] });
  const cycle = async (gapMs: number, pause: number[], resume: number[]) => {
    for (let i = 0; i < CYCLES; i++) {
      await sleep(gapMs);
      pause.push((await timed(() => api('POST', `/agents/${sleeper.pid}/pause`)))[0]);
      await sleep(gapMs);
      resume.push((await timed(() => api('POST', `/agents/${sleeper.pid}/resume`)))[0]);
    }
  };
  const [pause, resume, pauseB2B, resumeB2B]: [number[], number[], number[], number[]] = [[], [], [], []];
  await cycle(50, pause, resume);
  await cycle(0, pauseB2B, resumeB2B);
  await api('DELETE', `/agents/${sleeper.pid}`);

  console.log('\nsystemd driver (slice + transient unit over D-Bus, PrivatePIDs, ProtectSystem=strict, seccomp, no network)');
  console.log(`  first run of a new agent (creates its user): ${firstRun.toFixed(1)} ms`);
  const s = stats(spawn);
  const p = stats(pause);
  const r = stats(resume);
  console.log(row('spawn: API call -> program exec()ed', s, 'p50 <= 30 ms, p99 <= 100 ms'));
  console.log(row('pause (cgroup v2 freezer, FreezeUnit), 50 ms apart', p, 'p99 <= 10 ms'));
  console.log(row('resume (ThawUnit), 50 ms apart', r, 'p99 <= 10 ms'));
  console.log(row('pause, back to back', stats(pauseB2B)));
  console.log(row('resume, back to back', stats(resumeB2B)));

  if (await dockerAvailable()) {
    const tarball = execFileSync(join(REPO, 'test', 'machine', 'rootfs.sh'), { encoding: 'utf8' }).trim();
    await ensureImage(tarball);
    const dspawn: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await dockerRun(['/bin/true'])); // warm-up
    for (let i = 0; i < DOCKER_RUNS; i++) {
      const [ms, id] = await timed(() => dockerRun(['/bin/true']));
      dspawn.push(ms);
      ids.push(id);
    }
    const long = await dockerRun(['/bin/sleep', '3600']);
    const dpause: number[] = [];
    const dresume: number[] = [];
    for (let i = 0; i < Math.min(CYCLES, 50); i++) {
      await sleep(50);
      dpause.push((await timed(() => dockerPause(long)))[0]);
      await sleep(50);
      dresume.push((await timed(() => dockerUnpause(long)))[0]);
    }
    for (const id of [...ids, long]) await dockerRemove(id);
    const ds = stats(dspawn);
    console.log('\nreference: local Docker engine (create + start, network none, same root filesystem), same run');
    console.log(row('docker run -d equivalent', ds));
    console.log(row('docker pause, 50 ms apart', stats(dpause)));
    console.log(row('docker unpause, 50 ms apart', stats(dresume)));
    console.log(`\n  ratio spawn p50 systemd/docker: ${(s.p50 / ds.p50).toFixed(2)}   p99: ${(s.p99 / ds.p99).toFixed(2)}`);
  } else {
    console.log('\nreference: no Docker engine reachable at /var/run/docker.sock; skipped (start dockerd to compare)');
  }
} finally {
  await machine.stop();
}
