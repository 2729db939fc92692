import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerDriver, SandboxHandle } from '../../kernel-service/src/sandbox/index.js';
import { connect, docker, newInstance, prepare, removeTestContainers, sh, sleep, spec, waitForFile } from './helpers.js';

const instance = newInstance();
const drivers: DockerDriver[] = [];
const open = async (name = instance) => {
  const d = await connect(name);
  drivers.push(d);
  return d;
};

beforeAll(prepare);
afterAll(async () => {
  for (const d of drivers) await d.close();
  await removeTestContainers(instance);
});

describe('Docker sandboxes: re-adoption after a kernel restart', () => {
  it('a new driver finds running, paused and ended containers, and their exit status', async () => {
    const first = await open();
    const running = spec(sh('echo ready > ready; exec sleep 300'));
    const paused = spec(sh('echo ready > ready; exec sleep 300'));
    const ending = spec(sh('sleep 1; exit 5'));
    const hr = await first.launch(running);
    const hp = await first.launch(paused);
    const he = await first.launch(ending);
    await waitForFile(running.agent.home, 'ready');
    await waitForFile(paused.agent.home, 'ready');
    await hp.pause();
    // The "kernel" goes away; the engine keeps the containers. One ends while nobody watches.
    await first.close();
    // Adopted only once it has ended (it exits after 1 s): wait for the engine to say so.
    const ended = async () => !(await docker.getContainer(he.id).inspect()).State.Running;
    for (const deadline = Date.now() + 15_000; !(await ended()); await sleep(50))
      if (Date.now() > deadline) throw new Error('the ending container still runs after 15 s');

    const second = await open();
    const adopted = await second.adoptAll();
    const byPid = new Map(adopted.map((a) => [a.pid, a]));
    expect([...byPid.keys()].sort()).toEqual([running.pid, paused.pid, ending.pid].sort());
    expect(byPid.get(running.pid)).toMatchObject({ paused: false, handle: { id: hr.id } });
    expect(byPid.get(paused.pid)).toMatchObject({ paused: true, handle: { id: hp.id } });
    await expect(byPid.get(ending.pid)!.handle.exited).resolves.toEqual({ code: 5, signal: null, reason: 'exit-code' });

    // The adopted handles work: thaw, signal, and their exit promises settle.
    const p: SandboxHandle = byPid.get(paused.pid)!.handle;
    await p.resume();
    expect((await docker.getContainer(p.id).inspect()).State.Paused).toBe(false);
    await p.signal('SIGTERM');
    await expect(p.exited).resolves.toEqual({ code: null, signal: 'SIGTERM', reason: 'signal' });
    const r = byPid.get(running.pid)!.handle;
    await r.signal('SIGKILL');
    await expect(r.exited).resolves.toMatchObject({ signal: 'SIGKILL' });
    for (const a of adopted) await a.handle.destroy();
    expect(await second.adoptAll()).toEqual([]);
  });

  it('adopts only the containers of its own instance', async () => {
    const mine = await open();
    const h = await mine.launch(spec(['/bin/sleep', '300']));
    const other = await open(`${instance}-other`);
    expect(await other.adoptAll()).toEqual([]);
    const again = await mine.adoptAll();
    expect(again.map((a) => a.handle.id)).toEqual([h.id]);
    // Adopting what the driver already watches keeps one exit promise for both handles.
    await h.signal('SIGTERM');
    const [a, b] = await Promise.all([h.exited, again[0]!.handle.exited]);
    expect(a).toEqual({ code: null, signal: 'SIGTERM', reason: 'signal' });
    expect(b).toEqual(a);
    await h.destroy();
  });

  it('a container removed behind the driver\'s back reads as "lost"', async () => {
    const d = await open();
    const h = await d.launch(spec(['/bin/sleep', '300']));
    await docker.getContainer(h.id).remove({ force: true });
    // Docker kills it (exit by SIGKILL) and removes it; either verdict is honest, never a hang.
    const status = await h.exited;
    expect(status.reason === 'lost' || status.signal === 'SIGKILL').toBe(true);
  });
});
