import { describe, expect, it } from 'vitest';
import { api, homeFile, sh, spawn, waitForFile, waitForState, waitUntil } from './client.js';

const unitActive = async (unit: string) => (await sh(['systemctl', 'is-active', unit], true)).stdout.trim() === 'active';

/** PIDs of the slices that belong to an agent ("Aether process N (agent)"). */
async function slicesOf(agent: string): Promise<number[]> {
  const out = await sh(['systemctl', 'list-units', '--plain', '--no-legend', 'aether-p*.slice']);
  return out.stdout
    .split('\n')
    .filter((l) => l.endsWith(`(${agent})`))
    .map((l) => Number(/aether-p(\d+)\.slice/.exec(l)?.[1]));
}

const kernelLog = async () => (await sh(['journalctl', '-u', 'aether-kernel.service', '--no-pager', '-o', 'cat'])).stdout;

describe('the warm pool', () => {
  it("starts an agent's next run in a sandbox prepared ahead, with its own command, environment and limits", async () => {
    const first = await spawn({ name: 'warm-agent', command: ['/bin/true'] });
    expect(first.sandbox).not.toHaveProperty('prestarted');
    await waitForState(first.pid, ['exited']);
    // After a run the kernel prepares the next one: a unit waits, not yet a process of the API.
    await waitUntil(async () => (await slicesOf('warm-agent')).some((pid) => pid > first.pid), 15_000);
    const [next] = (await slicesOf('warm-agent')).filter((pid) => pid > first.pid);
    // Ready once the kernel took it into its pool (after systemd's start job completed), not when systemd says active.
    await waitUntil(async () => new RegExp(`"warmPid":${next}\\b.*"msg":"warm sandbox ready"`).test(await kernelLog()), 15_000);

    const script = 'echo "$GREETING" > greeting; id -u > uid; echo up > up; exec sleep 600';
    const second = await spawn({
      name: 'warm-agent',
      command: ['/bin/sh', '-c', script],
      environment: { GREETING: "it's warm; $HOME stays literal" },
      limits: { memoryMax: '96M', tasksMax: 40 },
    });
    expect(second.sandbox).toMatchObject({ prestarted: true });
    expect(second.pid).toBeGreaterThan(first.pid);
    await waitForFile(second.agent.id, 'up');
    expect(homeFile(second.agent.id, 'greeting')).toBe("it's warm; $HOME stays literal\n");
    expect(Number(homeFile(second.agent.id, 'uid'))).toBeGreaterThanOrEqual(200_000);
    const slice = await sh(['systemctl', 'show', `aether-p${second.pid}.slice`, '-p', 'MemoryMax', '-p', 'TasksMax']);
    expect(slice.stdout).toContain(`MemoryMax=${96 * 1024 * 1024}`);
    expect(slice.stdout).toContain('TasksMax=40');

    // It is an ordinary process from here: pause, resume, DELETE with SIGTERM.
    expect((await api('POST', `/api/v1/agents/${second.pid}/pause`)).body.state).toBe('paused');
    expect((await api('POST', `/api/v1/agents/${second.pid}/resume`)).body.state).toBe('running');
    const ended = await api('DELETE', `/api/v1/agents/${second.pid}`);
    expect(ended.body).toMatchObject({ state: 'killed', exit: { signal: 'SIGTERM' } });
  });

  it('keeps prestarted sandboxes across a kernel SIGKILL and still removes sandboxes nobody owns', async () => {
    const first = await spawn({ name: 'warm-restart', command: ['/bin/true'] });
    await waitForState(first.pid, ['exited']);
    let warmPid = 0;
    await waitUntil(async () => {
      const log = await kernelLog();
      for (const pid of await slicesOf('warm-restart')) {
        if (pid > first.pid && new RegExp(`"warmPid":${pid}\\b.*"msg":"warm sandbox ready"`).test(log)) warmPid = pid;
      }
      return warmPid > 0;
    }, 15_000);
    // Control: a unit of ours with neither a process row nor a warm marker, which reconcile must remove.
    await sh(['systemd-run', '--quiet', '--unit=aether-p999999', '--slice=aether-p999999.slice', '/bin/sleep', '600']);
    expect(await unitActive('aether-p999999.service')).toBe(true);

    const before = (await api('GET', '/api/v1/system')).body.startedAt as string;
    await sh(['systemctl', 'kill', '--signal=SIGKILL', 'aether-kernel.service']);
    await waitUntil(async () => {
      const now = await api('GET', '/api/v1/system').catch(() => null);
      return now?.status === 200 && now.body.startedAt !== before;
    }, 30_000);

    const reconciled = (await kernelLog())
      .split('\n')
      .filter((l) => l.includes('"msg":"reconciled with systemd"'))
      .map((l) => JSON.parse(l) as { warm: number; orphans: number })
      .at(-1)!;
    expect(reconciled.warm).toBeGreaterThanOrEqual(1);
    expect(reconciled.orphans).toBeGreaterThanOrEqual(1);
    expect(await unitActive(`aether-p${warmPid}.service`)).toBe(true);
    await waitUntil(async () => !(await unitActive('aether-p999999.service')), 10_000);

    // The adopted sandbox serves the agent's next run: same PID, its own program and environment.
    const next = await spawn({
      name: 'warm-restart',
      command: ['/bin/sh', '-c', 'echo "$GREETING" > greeting; id -un > who; exec sleep 600'],
      environment: { GREETING: 'kept warm' },
    });
    expect(next.sandbox).toMatchObject({ prestarted: true });
    expect(next.pid).toBe(warmPid);
    await waitForFile(next.agent.id, 'who');
    expect(homeFile(next.agent.id, 'greeting')).toBe('kept warm\n');
    expect((await api('DELETE', `/api/v1/agents/${next.pid}`)).body.state).toBe('killed');
  });
});
