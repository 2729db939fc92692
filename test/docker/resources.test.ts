import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerDriver } from '../../kernel-service/src/sandbox/index.js';
import { pino } from 'pino';
import { buildSocketApp, KernelSockets } from '../../kernel-service/src/socket/index.js';
import { TOKEN, testKernel } from '../helpers/kernel.js';
import { connect, newInstance, prepare, removeTestContainers, sleep, waitUntil } from './helpers.js';
import { existsSync, readFileSync } from 'node:fs';

/** The whole kernel with the Docker driver: resource stats from the containers' cgroups, and kernel sockets. */
const instance = newInstance();
let driver: DockerDriver;
let sockets: KernelSockets;
let k: Awaited<ReturnType<typeof testKernel>>;
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  await prepare();
  driver = await connect(instance);
  sockets = new KernelSockets(mkdtempSync(join(tmpdir(), 'aether-run-')));
  k = await testKernel({
    drivers: { defaultDriver: 'docker', available: new Map([['docker', driver]]), unavailable: new Map() },
    uidBase: 296_000,
    sockets,
  });
  sockets.attach(await buildSocketApp({ llm: null, log: pino({ level: 'silent' }), authority: k.authority }));
});
afterAll(async () => {
  await k.app.close();
  await sockets.stopAll();
  await driver.close();
  await removeTestContainers(instance);
});

const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
  const res = await k.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() };
};
const homeOf = (agentId: string) => join(k.dir, 'homes', agentId);
const fileIn = (agentId: string, name: string) =>
  waitUntil(`${name} of ${agentId}`, () => {
    const p = join(homeOf(agentId), name);
    return existsSync(p) ? readFileSync(p, 'utf8').trim() || undefined : undefined;
  });

describe('resource stats of Docker sandboxes', () => {
  it('memory, CPU and tasks from the container’s cgroup, per process and in /stats and /metrics', async () => {
    // 40 MB held in a shell variable, two busy loops, and a sleep: memory, CPU and tasks to see.
    const script =
      'x=$(head -c 40000000 /dev/zero | tr "\\0" a); (while :; do :; done) & (while :; do :; done) & echo ready > ready; sleep 600';
    const spawned = await call('POST', '/api/v1/agents', {
      name: 'busy',
      command: ['/bin/sh', '-c', script],
      limits: { memoryMax: '256M', cpuQuota: 100 },
    });
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const pid = spawned.body.pid as number;
    await fileIn(spawned.body.agent.id as string, 'ready');
    // Until the loops have run half a CPU-second and two stats passes (1 s apart) gave a CPU percent.
    let s = (await call('GET', `/api/v1/agents/${pid}/stats`)).body;
    for (const deadline = Date.now() + 15_000; !(s.cpuUsageNs > 500_000_000 && typeof s.cpuPercent === 'number');) {
      if (Date.now() > deadline) throw new Error(`no CPU figures after 15 s: ${JSON.stringify(s)}`);
      await sleep(50);
      s = (await call('GET', `/api/v1/agents/${pid}/stats`)).body;
    }
    expect(s).toMatchObject({ pid, agent: 'busy', driver: 'docker', state: 'running', gpus: [] });
    expect(s.memoryBytes).toBeGreaterThan(40_000_000);
    expect(s.memoryBytes).toBeLessThan(256 * 1024 * 1024);
    expect(s.tasks).toBeGreaterThanOrEqual(5); // tini, sh, two subshells, sleep
    expect(s.cpuUsageNs).toBeGreaterThan(500_000_000);
    // Two loops under a one-CPU quota: close to 100 percent of one CPU, never far above.
    expect(s.cpuPercent).toBeGreaterThan(30);
    expect(s.cpuPercent).toBeLessThan(130);

    const all = (await call('GET', '/api/v1/stats')).body;
    expect(all.processes[String(pid)]).toMatchObject({ pid, memoryBytes: expect.any(Number) });

    const metrics = await k.app.inject({ method: 'GET', url: '/metrics', headers: auth });
    const labels = `{pid="${pid}",agent="busy",driver="docker"}`;
    expect(metrics.body).toMatch(new RegExp(`^aether_process_memory_bytes${escape(labels)} [0-9]{8,}$`, 'm'));
    expect(metrics.body).toMatch(new RegExp(`^aether_process_tasks${escape(labels)} [0-9]+$`, 'm'));
    expect(metrics.body).toMatch(new RegExp(`^aether_process_cpu_seconds_total${escape(labels)} [0-9.]+$`, 'm'));
    expect(metrics.body).toMatch(/^aether_processes\{state="running",driver="docker"\} 1$/m);

    // Paused: the figures stay readable; the CPU stops.
    const paused = await call('POST', `/api/v1/agents/${pid}/pause`);
    expect(paused.body.state, JSON.stringify(paused.body)).toBe('paused');
    await sleep(1100);
    const p1 = (await call('GET', `/api/v1/agents/${pid}/stats`)).body;
    await sleep(1100);
    const p2 = (await call('GET', `/api/v1/agents/${pid}/stats`)).body;
    expect(p2.state).toBe('paused');
    expect(p2.cpuUsageNs - p1.cpuUsageNs).toBeLessThan(20_000_000);
    expect(p2.cpuPercent).toBeLessThan(2);

    await call('DELETE', `/api/v1/agents/${pid}`);
    expect((await call('GET', `/api/v1/agents/${pid}/stats`)).body.code).toBe('PROCESS_NOT_RUNNING');
  });
});

describe('the kernel socket in a Docker sandbox', () => {
  it('answers whoami with the container’s own pid, and no other process’s socket is visible', async () => {
    const other = await call('POST', '/api/v1/agents', { name: 'neighbour', command: ['/bin/sleep', '600'] });
    const otherDir = sockets.dirOf(other.body.pid as number);
    const script = [
      'curl -s --unix-socket /run/aether/kernel.sock http://kernel/v1/whoami > whoami.json',
      'ls -a /run/aether > run-aether.txt',
      `(test -e ${otherDir}/kernel.sock && echo visible || echo hidden) > other.txt`,
      `(ls ${sockets.dirOf(0).replace(/p0$/, '')} 2>&1 || true) > sockets-dir.txt`,
      'echo done > done',
    ].join('; ');
    const me = await call('POST', '/api/v1/agents', { name: 'asker', command: ['/bin/sh', '-c', script] });
    expect(me.status, JSON.stringify(me.body)).toBe(201);
    const agent = me.body.agent.id as string;
    await fileIn(agent, 'done');
    expect(JSON.parse(await fileIn(agent, 'whoami.json'))).toEqual({ pid: me.body.pid, agent: 'asker' });
    expect((await fileIn(agent, 'run-aether.txt')).split('\n')).toEqual(['.', '..', 'kernel.sock']);
    expect(await fileIn(agent, 'other.txt')).toBe('hidden');
    expect(await fileIn(agent, 'sockets-dir.txt')).toMatch(/No such file or directory/);
    await call('DELETE', `/api/v1/agents/${other.body.pid as number}`);
  });
});

function escape(s: string): string {
  return s.replace(/[{}]/g, '\\$&');
}
