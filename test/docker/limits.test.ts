import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docker, sh, sleep, spec, useDockerDriver, waitForFile } from './helpers.js';

const MiB = 1024 ** 2;
const fx = useDockerDriver();

// Unlike systemd-nspawn on this machine, Docker gets real cgroup controllers: limits hold.
describe('Docker sandboxes: limits are enforced', () => {
  it('a memory hog is OOM-killed and reported as "oom-kill"', async () => {
    const hog = 'import sys\na = []\nwhile True:\n    a.append(bytearray(1 << 20))\n    sys.stdout.flush()';
    const s = spec(['/usr/bin/python3', '-c', hog], { limits: { memoryMax: 48 * MiB, cpuQuota: 100, tasksMax: 64 } });
    const h = await fx.driver.launch(s);
    const info = await docker.getContainer(h.id).inspect();
    expect(info.HostConfig.Memory).toBe(48 * MiB);
    expect(info.HostConfig.MemorySwap).toBe(48 * MiB);
    await expect(h.exited).resolves.toEqual({ code: null, signal: 'SIGKILL', reason: 'oom-kill' });
    await h.destroy();
  });

  it('the pids limit stops a fork loop', async () => {
    const s = spec(
      sh('exec 2>err; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do sleep 60 & done; echo all-forked > done'),
      {
        limits: { memoryMax: 64 * MiB, cpuQuota: 100, tasksMax: 8 },
      },
    );
    const h = await fx.driver.launch(s);
    // tini + sh + 6 sleeps fill the 8 slots; the next fork fails and dash gives up.
    await expect(h.exited).resolves.toEqual({ code: 2, signal: null, reason: 'exit-code' });
    expect(readFileSync(join(s.agent.home, 'err'), 'utf8')).toMatch(/fork/i);
    await expect(waitForFile(s.agent.home, 'done', 200)).rejects.toThrow(/timed out/);
    expect((await docker.getContainer(h.id).inspect()).HostConfig.PidsLimit).toBe(8);
    await h.destroy();
  });

  it('the CPU quota caps a busy loop', async () => {
    const s = spec(sh('echo ready > ready; while :; do :; done'), {
      limits: { memoryMax: 64 * MiB, cpuQuota: 20, tasksMax: 16 },
    });
    const h = await fx.driver.launch(s);
    await waitForFile(s.agent.home, 'ready');
    const c = docker.getContainer(h.id);
    expect((await c.inspect()).HostConfig.NanoCpus).toBe(200_000_000);
    const usage = async () => ({
      cpu: (await c.stats({ stream: false })).cpu_stats.cpu_usage.total_usage,
      at: process.hrtime.bigint(),
    });
    await sleep(500);
    const a = await usage();
    await sleep(2000);
    const b = await usage();
    const share = (b.cpu - a.cpu) / Number(b.at - a.at);
    // 20% of one CPU, measured by the kernel's own accounting; generous margin for sampling.
    expect(share).toBeGreaterThan(0.02); // it did run (a loaded host may starve it somewhat)
    expect(share).toBeLessThan(0.3);
    await h.signal('SIGKILL');
    await h.exited;
    await h.destroy();
  });
});
