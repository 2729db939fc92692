import { describe, expect, it } from 'vitest';
import { api, machine, sh, spawn, waitForFile, waitUntil } from './client.js';

/** Resource stats from the real cgroups systemd makes for each sandbox, and GPU requests on a host without GPUs. */
describe('resource stats (systemd driver)', () => {
  it('memory, CPU and tasks of the slice, per process, in /stats and in /metrics', async () => {
    const script = 'x=$(head -c 40000000 /dev/zero | tr "\\0" a); (while :; do :; done) & echo ready > ready; sleep 600';
    const p = await spawn({
      name: 'stats-busy',
      command: ['/bin/sh', '-c', script],
      limits: { memoryMax: '256M', cpuQuota: 100 },
    });
    await waitForFile(p.agent.id, 'ready');
    // Until the loop has run half a CPU-second and two stats passes (1 s apart) gave a CPU percent.
    let s = (await api('GET', `/api/v1/agents/${p.pid}/stats`)).body;
    await waitUntil(async () => {
      s = (await api('GET', `/api/v1/agents/${p.pid}/stats`)).body;
      return s.cpuUsageNs > 500_000_000 && typeof s.cpuPercent === 'number';
    }, 15_000);
    expect(s).toMatchObject({ pid: p.pid, agent: 'stats-busy', driver: 'systemd', state: 'running', gpus: [] });
    // Nested on a cgroup v1 host, the machine's v2 tree has no memory controller (systemd says
    // MemoryCurrent=[not set]); then memory is null, never a made-up number.
    const controllers = (await sh(['cat', '/sys/fs/cgroup/cgroup.controllers'])).stdout.split(/\s+/);
    if (controllers.includes('memory')) {
      expect(s.memoryBytes).toBeGreaterThan(40_000_000);
      expect(s.memoryBytes).toBeLessThan(256 * 1024 * 1024);
    } else {
      expect(s.memoryBytes).toBeNull();
    }
    // pids.current, or without the pids controller the threads of the slice's cgroups: tini, sh, the loop's subshell, sleep.
    expect(s.tasks).toBeGreaterThanOrEqual(4);
    expect(s.tasks).toBeLessThan(10);
    expect(s.cpuUsageNs).toBeGreaterThan(500_000_000);
    expect(s.cpuPercent).toBeGreaterThan(30);
    expect(s.cpuPercent).toBeLessThan(130);

    const all = (await api('GET', '/api/v1/stats')).body;
    expect(all.processes[String(p.pid)]).toMatchObject({ pid: p.pid, tasks: expect.any(Number) });

    const res = await fetch(`${machine().url}/metrics`, { headers: { authorization: `Bearer ${machine().token}` } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(
      new RegExp(`^aether_process_tasks\\{pid="${p.pid}",agent="stats-busy",driver="systemd"\\} [0-9]+$`, 'm'),
    );
    expect(text).toMatch(/^aether_processes\{state="running",driver="systemd"\} [1-9][0-9]*$/m);
    expect(text).toMatch(/^aether_kernel_resident_memory_bytes [0-9]+$/m);
    expect((await fetch(`${machine().url}/metrics`)).status).toBe(401);

    await api('DELETE', `/api/v1/agents/${p.pid}`);
    expect((await api('GET', `/api/v1/agents/${p.pid}/stats`)).body.code).toBe('PROCESS_NOT_RUNNING');
  });

  it('host figures: CPU, memory, disk of the state directory, the kernel process', async () => {
    const body = (await api('GET', '/api/v1/system/stats')).body;
    expect(body.host.memory.totalBytes).toBeGreaterThan(0);
    expect(body.host.disk.path).toBe('/var/lib/aether');
    expect(body.kernel.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(body.kernel.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });
});

describe('GPU requests on a host without GPUs (systemd driver)', () => {
  it('the inventory is empty with the reason; a request is GPU_UNAVAILABLE and leaves no process', async () => {
    const gpus = (await api('GET', '/api/v1/gpus')).body;
    expect(gpus).toMatchObject({ gpus: [], assignments: [], passthrough: { systemd: 'nodes' } });
    expect(gpus.reason).toMatch(/nvidia-smi/);

    const before = (await api('GET', '/api/v1/agents')).body.processes.length as number;
    const res = await api('POST', '/api/v1/agents', {
      name: 'gpu-wanted',
      command: ['/bin/true'],
      sandbox: { gpus: { count: 1 } },
    });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('GPU_UNAVAILABLE');
    expect((await api('GET', '/api/v1/agents')).body.processes.length).toBe(before);
  });
});
