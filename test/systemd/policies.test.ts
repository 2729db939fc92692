import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { api, get, machine, restartKernel, sleep, spawn, waitForFile, waitForState, waitUntil } from './client.js';

interface Restarting {
  type: string;
  pid?: number;
  count?: number;
  reason?: string;
  delayMs?: number;
}

/** Collects the kernel's process.restarting events while `fn` runs. */
async function watchRestarts<T>(fn: (seen: Restarting[]) => Promise<T>): Promise<T> {
  const ws = new WebSocket(`${machine().url.replace('http', 'ws')}/api/v1/events?token=${machine().token}`);
  const seen: Restarting[] = [];
  ws.on('message', (data: Buffer) => {
    const e = JSON.parse(data.toString('utf8')) as Restarting;
    if (e.type === 'process.restarting') seen.push(e);
  });
  await new Promise((r) => ws.once('open', r));
  try {
    return await fn(seen);
  } finally {
    ws.close();
  }
}

type Rec = Awaited<ReturnType<typeof get>> & {
  restarts: { count: number; lastReason: string | null; lastAt: string | null };
  startedAt: string | null;
};

describe('restart policies on systemd units', () => {
  it('on-failure restarts a program that exits 1, in the same PID, with doubling backoff, then stays exited', async () => {
    await watchRestarts(async (seen) => {
      const t0 = Date.now();
      const p = await spawn({
        name: 'restart-fail',
        command: ['/bin/sh', '-c', 'date +%s%N >> runs; exit 1'],
        restart: { policy: 'on-failure', maxRestarts: 3, backoffMs: 300 },
      });
      await waitUntil(async () => {
        const r = (await get(p.pid)) as Rec;
        return r.restarts.count === 3 && r.state === 'exited';
      }, 30_000);
      const r = (await get(p.pid)) as Rec;
      expect(r.exit).toMatchObject({ code: 1 });
      expect(r.restarts).toMatchObject({ count: 3, lastReason: 'exit 1' });
      const mine = seen.filter((e) => e.pid === p.pid);
      expect(mine.map((e) => [e.count, e.delayMs, e.reason])).toEqual([
        [1, 300, 'exit 1'],
        [2, 600, 'exit 1'],
        [3, 1200, 'exit 1'],
      ]);
      expect((await waitForFile(p.agent.id, 'runs')).split('\n').filter(Boolean)).toHaveLength(4);
      // Four runs took at least the sum of the delays.
      expect(Date.now() - t0).toBeGreaterThanOrEqual(2100);
      // It stays ended: no fourth restart.
      await sleep(2600);
      expect(((await get(p.pid)) as Rec).restarts.count).toBe(3);
      expect(seen.filter((e) => e.pid === p.pid)).toHaveLength(3);
    });
  });

  it('"always" restarts exit 0; "no" (the control) does not', async () => {
    const always = await spawn({
      name: 'restart-always',
      command: ['/bin/true'],
      restart: { policy: 'always', maxRestarts: 2, backoffMs: 100 },
    });
    const never = await spawn({ name: 'restart-no', command: ['/bin/true'], restart: { policy: 'no' } });
    const onFailure = await spawn({
      name: 'restart-onfail-ok',
      command: ['/bin/true'],
      restart: { policy: 'on-failure', maxRestarts: 2, backoffMs: 100 },
    });
    await waitUntil(async () => ((await get(always.pid)) as Rec).restarts.count === 2, 20_000);
    await waitForState(always.pid, ['exited'], 10_000);
    await sleep(1000);
    for (const pid of [never.pid, onFailure.pid]) {
      const r = (await get(pid)) as Rec;
      expect(r.state).toBe('exited');
      expect(r.restarts.count).toBe(0);
    }
    expect(((await get(always.pid)) as Rec).exit).toMatchObject({ code: 0 });
  });

  it('a stop during the backoff calls the restart off; a requested stop is never undone', async () => {
    const p = await spawn({
      name: 'restart-cancel',
      command: ['/bin/sh', '-c', 'exit 3'],
      restart: { policy: 'always', maxRestarts: 5, backoffMs: 5000 },
    });
    await waitUntil(async () => ((await get(p.pid)) as Rec).restarts.count === 1, 10_000);
    expect((await get(p.pid)).state).toBe('starting');
    const del = await api('DELETE', `/api/v1/agents/${p.pid}`);
    expect(del.status).toBeLessThan(300);
    const r = (await waitForState(p.pid, ['failed'], 5000)) as Rec;
    expect(r.exit?.reason).toBe('restart-cancelled: exit 3');
    await sleep(5500);
    expect(((await get(p.pid)) as Rec).restarts.count).toBe(1);

    // A program stopped through the API while running stays stopped under "always".
    const q = await spawn({ name: 'restart-stop', command: ['/bin/sleep', '60'], restart: { policy: 'always', backoffMs: 100 } });
    await api('DELETE', `/api/v1/agents/${q.pid}`);
    await waitForState(q.pid, ['exited', 'killed'], 10_000);
    await sleep(800);
    expect(((await get(q.pid)) as Rec).restarts.count).toBe(0);
  });

  it('a restart pending when the kernel restarts is re-armed at reconcile and happens', async () => {
    const p = await spawn({
      name: 'restart-reconcile',
      command: ['/bin/sh', '-c', 'echo run >> runs; exit 2'],
      restart: { policy: 'on-failure', maxRestarts: 1, backoffMs: 4000 },
    });
    await waitUntil(async () => ((await get(p.pid)) as Rec).restarts.count === 1, 10_000);
    expect((await get(p.pid)).state).toBe('starting');
    await restartKernel();
    // Reconcile did not mark the sandbox-less process lost ...
    expect((await get(p.pid)).state).toBe('starting');
    // ... and the re-armed timer started its second run, which ended it for good (maxRestarts 1).
    const r = (await waitForState(p.pid, ['exited'], 15_000)) as Rec;
    expect(r.exit).toMatchObject({ code: 2 });
    expect(r.restarts).toMatchObject({ count: 1, lastReason: 'exit 2' });
    // Two runs of the program, in the same home and PID.
    expect((await waitForFile(p.agent.id, 'runs')).split('\n').filter(Boolean)).toEqual(['run', 'run']);
  });
});

type IdleRec = Rec & { endReason: string | null; pausedBy: string | null; idleSince: string | null };

describe('idle policies on systemd units', () => {
  it('stops a process idle for afterSeconds (no CPU use); a busy one (the control) keeps running', async () => {
    const idle = { afterSeconds: 5, action: 'stop' };
    const quiet = await spawn({ name: 'idle-stop', command: ['/bin/sleep', '120'], idle });
    const busy = await spawn({ name: 'idle-busy', command: ['/bin/sh', '-c', 'while :; do :; done'], idle });
    const t0 = Date.now();
    const r = (await waitForState(quiet.pid, ['exited', 'killed'], 20_000)) as IdleRec;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4000);
    expect(r.endReason).toBe('idle');
    expect(r.idleSince).not.toBeNull();
    expect((await get(busy.pid)).state).toBe('running');
    await sleep(2000);
    expect((await get(busy.pid)).state).toBe('running');
    await api('DELETE', `/api/v1/agents/${busy.pid}`);
  });

  it('pauses an idle process (pausedBy "idle"); resuming it clears the mark', async () => {
    const p = await spawn({ name: 'idle-pause', command: ['/bin/sleep', '120'], idle: { afterSeconds: 5, action: 'pause' } });
    const r = (await waitForState(p.pid, ['paused'], 20_000)) as IdleRec;
    expect(r.pausedBy).toBe('idle');
    const res = await api('POST', `/api/v1/agents/${p.pid}/resume`);
    expect(res.status).toBe(200);
    await waitUntil(async () => ((await get(p.pid)) as IdleRec).pausedBy === null, 5000);
    expect((await get(p.pid)).state).toBe('running');
    await api('DELETE', `/api/v1/agents/${p.pid}`);
  });

  it('autoResume onMessage: a message wakes the idle-paused process; without autoResume (the control) it stays paused', async () => {
    const idle = { afterSeconds: 5, action: 'pause' };
    const waking = await spawn({ name: 'idle-wake', command: ['/bin/sleep', '120'], idle, autoResume: { onMessage: true } });
    const sleeping = await spawn({ name: 'idle-nowake', command: ['/bin/sleep', '120'], idle });
    await waitForState(waking.pid, ['paused'], 20_000);
    await waitForState(sleeping.pid, ['paused'], 20_000);
    for (const pid of [waking.pid, sleeping.pid]) {
      const sent = await api('POST', `/api/v1/agents/${pid}/messages`, { text: 'wake up' });
      expect(sent.status).toBe(201);
    }
    const woke = (await waitForState(waking.pid, ['running'], 5000)) as IdleRec;
    expect(woke.pausedBy).toBeNull();
    await sleep(1500);
    const still = (await get(sleeping.pid)) as IdleRec;
    expect(still.state).toBe('paused');
    expect(still.pausedBy).toBe('idle');
    for (const pid of [waking.pid, sleeping.pid]) await api('DELETE', `/api/v1/agents/${pid}`);
  });
  it('autoResume onApi: an exec wakes the idle-paused process first and runs; without onApi (the control) it is refused as paused', async () => {
    const idle = { afterSeconds: 5, action: 'pause' };
    const waking = await spawn({ name: 'idle-api', command: ['/bin/sleep', '120'], idle, autoResume: { onApi: true } });
    const sleeping = await spawn({ name: 'idle-api-no', command: ['/bin/sleep', '120'], idle, autoResume: { onMessage: true } });
    await waitForState(waking.pid, ['paused'], 20_000);
    await waitForState(sleeping.pid, ['paused'], 20_000);
    // Reads are not contacts: Mission Control watching a record does not wake it.
    await get(waking.pid);
    expect(((await get(waking.pid)) as IdleRec).pausedBy).toBe('idle');
    const ran = await api('POST', `/api/v1/agents/${waking.pid}/exec`, { command: ['/bin/echo', 'awake'] });
    expect(ran.status).toBe(200);
    expect((ran.body as { stdout: string }).stdout).toContain('awake');
    expect(((await get(waking.pid)) as IdleRec).state).toBe('running');
    const refused = await api('POST', `/api/v1/agents/${sleeping.pid}/exec`, { command: ['/bin/echo', 'awake'] });
    expect(refused.status).toBe(409);
    expect((refused.body as { code: string }).code).toBe('PROCESS_PAUSED');
    for (const pid of [waking.pid, sleeping.pid]) await api('DELETE', `/api/v1/agents/${pid}`);
  });
});
