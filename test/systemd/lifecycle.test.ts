import { describe, expect, it } from 'vitest';
import { api, homeFile, sh, sleep, spawn, waitForFile, waitForState, waitUntil } from './client.js';

describe('processes as systemd units', () => {
  it('spawns a program in its own slice and unit, as its own user, and records its exit code', async () => {
    const p = await spawn({
      name: 'exit-seven',
      command: ['/bin/sh', '-c', 'id -u > uid; sleep 0.5; exit 7'],
      limits: { memoryMax: '64M', tasksMax: 32, cpuQuota: 50 },
    });
    expect(p.state).toBe('running');
    expect(p.sandbox.id).toBe(`aether-p${p.pid}.service`);

    const show = await sh([
      'systemctl',
      'show',
      `aether-p${p.pid}.service`,
      '-p',
      'ActiveState',
      '-p',
      'Slice',
      '-p',
      'User',
      '-p',
      'PrivatePIDs',
      '-p',
      'ProtectSystem',
    ]);
    expect(show.stdout).toContain('ActiveState=active');
    expect(show.stdout).toContain(`Slice=aether-p${p.pid}.slice`);
    expect(show.stdout).toMatch(/User=aether-u\d+/);
    expect(show.stdout).toContain('ProtectSystem=strict');
    const slice = await sh([
      'systemctl',
      'show',
      `aether-p${p.pid}.slice`,
      '-p',
      'MemoryMax',
      '-p',
      'TasksMax',
      '-p',
      'CPUQuotaPerSecUSec',
    ]);
    expect(slice.stdout).toContain(`MemoryMax=${64 * 1024 * 1024}`);
    expect(slice.stdout).toContain('TasksMax=32');
    expect(slice.stdout).toContain('CPUQuotaPerSecUSec=500ms');

    const uid = Number((await waitForFile(p.agent.id, 'uid')).trim());
    expect(uid).toBeGreaterThanOrEqual(200_000);

    const done = await waitForState(p.pid, ['exited']);
    expect(done.exit).toEqual({ code: 7, signal: null, reason: 'exit-code' });
    // The ended process's units are removed once its status is recorded.
    await expectUnitGone(p.pid);
  });

  it('records a clean exit as exited with code 0', async () => {
    const p = await spawn({ name: 'clean', command: ['/bin/true'] });
    const done = await waitForState(p.pid, ['exited']);
    expect(done.exit).toEqual({ code: 0, signal: null, reason: 'success' });
  });

  it('delivers signals the program can see: SIGUSR1 then SIGTERM', async () => {
    const script =
      'trap "echo usr1 >> log" USR1; trap "echo term >> log; exit 3" TERM; echo ready > log; while :; do sleep 0.05; done';
    const p = await spawn({ name: 'trapper', command: ['/bin/sh', '-c', script] });
    await waitForFile(p.agent.id, 'log');
    expect((await api('POST', `/api/v1/agents/${p.pid}/signal`, { signal: 'SIGUSR1' })).status).toBe(200);
    await waitUntil(() => homeFile(p.agent.id, 'log').includes('usr1'));
    expect((await api('POST', `/api/v1/agents/${p.pid}/signal`, { signal: 'TERM' })).status).toBe(200);
    const done = await waitForState(p.pid, ['exited']);
    expect(done.exit?.code).toBe(3);
    expect(homeFile(p.agent.id, 'log')).toBe('ready\nusr1\nterm\n');
  });

  it('reports SIGKILL as killed', async () => {
    const p = await spawn({ name: 'victim', command: ['/bin/sleep', '600'] });
    expect((await api('POST', `/api/v1/agents/${p.pid}/signal`, { signal: 9 })).status).toBe(200);
    const done = await waitForState(p.pid, ['killed']);
    expect(done.exit).toMatchObject({ code: null, signal: 'SIGKILL' });
  });

  it('pauses with the cgroup freezer (memory kept) and resumes', async () => {
    const script = 'i=0; while :; do i=$((i+1)); echo $i > counter; sleep 0.02; done';
    const p = await spawn({ name: 'counter', command: ['/bin/sh', '-c', script] });
    expect(p.sandbox.pauseMethod).toBe('freezer');
    await waitForFile(p.agent.id, 'counter');
    const paused = await api('POST', `/api/v1/agents/${p.pid}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body.state).toBe('paused');
    const frozen = await sh(['systemctl', 'show', `aether-p${p.pid}.slice`, '-p', 'FreezerState']);
    expect(frozen.stdout.trim()).toBe('FreezerState=frozen');
    const at = homeFile(p.agent.id, 'counter');
    await sleep(400);
    expect(homeFile(p.agent.id, 'counter')).toBe(at);

    // Pausing twice is a state error, not a silent success.
    const again = await api('POST', `/api/v1/agents/${p.pid}/pause`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE_TRANSITION');

    expect((await api('POST', `/api/v1/agents/${p.pid}/resume`)).body.state).toBe('running');
    await waitUntil(() => Number(homeFile(p.agent.id, 'counter')) > Number(at));
    await api('DELETE', `/api/v1/agents/${p.pid}`);
  });

  it('terminates with SIGTERM, and with SIGKILL after the grace period when TERM is ignored', async () => {
    const polite = await spawn({ name: 'polite', command: ['/bin/sleep', '600'] });
    const a = await api('DELETE', `/api/v1/agents/${polite.pid}`);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ state: 'killed', exit: { signal: 'SIGTERM' } });

    const stubborn = await spawn({
      name: 'stubborn',
      command: ['/bin/sh', '-c', 'trap "" TERM; echo up > up; while :; do sleep 0.05; done'],
    });
    await waitForFile(stubborn.agent.id, 'up');
    const started = Date.now();
    const b = await api('DELETE', `/api/v1/agents/${stubborn.pid}`);
    expect(b.body).toMatchObject({ state: 'killed', exit: { signal: 'SIGKILL' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400); // grace is 1500 ms in this machine
    await expectUnitGone(stubborn.pid);

    // DELETE of an ended process returns its final record.
    expect((await api('DELETE', `/api/v1/agents/${polite.pid}`)).body.state).toBe('killed');
  });

  it('terminates a paused process', async () => {
    const p = await spawn({ name: 'frozen-stop', command: ['/bin/sleep', '600'] });
    await api('POST', `/api/v1/agents/${p.pid}/pause`);
    const res = await api('DELETE', `/api/v1/agents/${p.pid}`);
    expect(res.body.state).toBe('killed');
  });

  it('keeps kernel PIDs monotonic and the agent identity across runs', async () => {
    const a = await spawn({ name: 'again', command: ['/bin/sh', '-c', 'echo one >> runs'] });
    await waitForState(a.pid, ['exited']);
    const b = await spawn({ name: 'again', command: ['/bin/sh', '-c', 'echo two >> runs'] });
    await waitForState(b.pid, ['exited']);
    expect(b.pid).toBeGreaterThan(a.pid);
    expect(b.agent.id).toBe(a.agent.id);
    expect(homeFile(a.agent.id, 'runs')).toBe('one\ntwo\n');
  });

  it('leaves no unit behind when a spawn is refused', async () => {
    for (const body of [
      { name: 'refused', command: ['/no/such/program'] },
      { name: 'refused', command: ['/bin/true'], limits: { memoryMax: '1000T' } },
      { name: 'refused', command: ['/bin/true'], network: 'bridge' },
    ]) {
      const res = await api('POST', '/api/v1/agents', body);
      expect(res.status).toBe(400);
    }
    // Slices are described "Aether process N (agent)": none may exist for the refused agent.
    const units = await sh(['systemctl', 'list-units', '--all', '--plain', '--no-legend', 'aether-p*']);
    expect(units.stdout).not.toContain('(refused)');
    const processes = (await api('GET', '/api/v1/agents')).body.processes as { agent: { name: string } }[];
    expect(processes.some((p) => p.agent.name === 'refused')).toBe(false);
  });
});

async function expectUnitGone(pid: number): Promise<void> {
  await waitUntil(async () => {
    const out = await sh(['systemctl', 'list-units', '--all', '--plain', '--no-legend', `aether-p${pid}.*`]);
    return out.stdout.trim() === '';
  });
}
