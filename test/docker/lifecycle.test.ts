import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupProcesses } from '../../kernel-service/src/sandbox/docker/cgroup.js';
import { TEST_UID, containersOf, docker, sh, sleep, spec, useDockerDriver, waitForFile, waitUntil } from './helpers.js';

const fx = useDockerDriver();

describe('Docker sandboxes: lifecycle', () => {
  it('describes itself', () => {
    expect(fx.driver.describe()).toMatchObject({ driver: 'docker', pauseMethod: 'freezer' });
    expect(fx.driver.describe().version).toMatch(/^Docker [0-9]/);
  });

  it('runs the program as the agent, in its home, labelled with the kernel PID, and records the exit code', async () => {
    const s = spec(sh('id -u > uid; id -g > gid; pwd > pwd; echo "$HOME $AETHER_PID" > env; exit 7'));
    const h = await fx.driver.launch(s);
    expect(h.id).toBe(`${fx.instance}-p${s.pid}`);
    expect(h.pauseMethod).toBe('freezer');
    await expect(h.exited).resolves.toEqual({ code: 7, signal: null, reason: 'exit-code' });

    const home = s.agent.home;
    expect(readFileSync(join(home, 'uid'), 'utf8').trim()).toBe(String(TEST_UID));
    expect(readFileSync(join(home, 'gid'), 'utf8').trim()).toBe(String(TEST_UID));
    expect(readFileSync(join(home, 'pwd'), 'utf8').trim()).toBe('/home/agent');
    expect(readFileSync(join(home, 'env'), 'utf8').trim()).toBe(`/home/agent ${s.pid}`);
    // Written through the bind mount: the host file belongs to the agent's UID.
    expect(statSync(join(home, 'uid')).uid).toBe(TEST_UID);

    // The container stays until destroy, so a restarted kernel could still read the status.
    const [c] = await containersOf(fx.instance).then((l) => l.filter((x) => x.Labels['aether.pid'] === String(s.pid)));
    expect(c?.Labels).toMatchObject({ 'aether.pid': String(s.pid), 'aether.agent': s.agent.id });
    expect(c?.State).toBe('exited');
    await h.destroy();
    await h.destroy(); // idempotent
    expect((await containersOf(fx.instance)).some((x) => x.Labels['aether.pid'] === String(s.pid))).toBe(false);
  });

  it('reports success and a program that exits with 0', async () => {
    const h = await fx.driver.launch(spec(['/bin/true']));
    await expect(h.exited).resolves.toEqual({ code: 0, signal: null, reason: 'success' });
    await h.destroy();
  });

  it('forwards signals to the program through tini, and reports death by signal', async () => {
    const s = spec(sh('trap "echo got-usr1 > usr1" USR1; echo ready > ready; while :; do sleep 0.1; done'));
    const h = await fx.driver.launch(s);
    await waitForFile(s.agent.home, 'ready');
    await h.signal('SIGUSR1');
    expect(await waitForFile(s.agent.home, 'usr1')).toBe('got-usr1');
    // A plain program without handlers: SIGTERM works because tini, not the program, is PID 1.
    await h.signal('SIGTERM');
    await expect(h.exited).resolves.toEqual({ code: null, signal: 'SIGTERM', reason: 'signal' });
    await h.destroy();
  });

  it('signals every process of the sandbox with target "all"', async () => {
    const s = spec(sh('sleep 301 & sleep 302 & echo ready > ready; wait'));
    const h = await fx.driver.launch(s);
    await waitForFile(s.agent.home, 'ready');
    const info = await docker.getContainer(h.id).inspect();
    const pids = await cgroupProcesses(info.State.Pid);
    expect(pids.length).toBe(4); // tini, sh, two sleeps

    await h.signal('SIGSTOP', 'all');
    const state = (pid: number) => /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
    await waitUntil('every process stopped', () => pids.every((p) => state(p) === 'T'));
    await h.signal('SIGKILL', 'all');
    await expect(h.exited).resolves.toEqual({ code: null, signal: 'SIGKILL', reason: 'signal' });
    await h.destroy();
  });

  it('pause really freezes every process, resume thaws them', async () => {
    const s = spec(sh('i=0; while :; do i=$((i+1)); echo $i > count; sleep 0.02; done'));
    const h = await fx.driver.launch(s);
    const count = () => Number(readFileSync(join(s.agent.home, 'count'), 'utf8').trim() || 0);
    await waitUntil('counting', () => count() > 3);

    await h.pause();
    expect((await docker.getContainer(h.id).inspect()).State.Paused).toBe(true);
    await sleep(100); // a write under way when the freezer struck may still land
    const frozen = count();
    await sleep(800);
    expect(count()).toBe(frozen);

    await h.resume();
    await waitUntil('counting again', () => count() > frozen + 3);
    await h.signal('SIGKILL');
    await expect(h.exited).resolves.toMatchObject({ signal: 'SIGKILL' });
    await h.destroy();
  });

  it('confines the program: read-only system, no capabilities, no new privileges, private /tmp', async () => {
    const s = spec(
      sh(
        'touch /etc/aether-x 2>/dev/null && echo writable > etc || echo read-only > etc; ' +
          'echo t > /tmp/t && echo ok > tmp; ' +
          'grep -E "^(CapEff|CapBnd|NoNewPrivs)" /proc/self/status > status',
      ),
    );
    const h = await fx.driver.launch(s);
    await expect(h.exited).resolves.toMatchObject({ code: 0 });
    const home = s.agent.home;
    expect(readFileSync(join(home, 'etc'), 'utf8').trim()).toBe('read-only');
    expect(readFileSync(join(home, 'tmp'), 'utf8').trim()).toBe('ok');
    const status = readFileSync(join(home, 'status'), 'utf8');
    expect(status).toMatch(/CapEff:\s+0+\n/);
    expect(status).toMatch(/CapBnd:\s+0+\n/);
    expect(status).toMatch(/NoNewPrivs:\s+1/);
    await h.destroy();
  });

  it('network "none" has only loopback; "host" sees the host interfaces', async () => {
    const ifaces = (text: string) =>
      text
        .split('\n')
        .slice(2)
        .map((l) => l.split(':')[0]!.trim())
        .filter(Boolean)
        .sort();
    const none = spec(sh('cat /proc/net/dev > net'));
    const h1 = await fx.driver.launch(none);
    await expect(h1.exited).resolves.toMatchObject({ code: 0 });
    expect(ifaces(readFileSync(join(none.agent.home, 'net'), 'utf8'))).toEqual(['lo']);

    const host = spec(sh('cat /proc/net/dev > net'), { network: 'host' });
    const h2 = await fx.driver.launch(host);
    await expect(h2.exited).resolves.toMatchObject({ code: 0 });
    expect(ifaces(readFileSync(join(host.agent.home, 'net'), 'utf8'))).toEqual(ifaces(readFileSync('/proc/net/dev', 'utf8')));
    await h1.destroy();
    await h2.destroy();
  });

  it('operations on an ended sandbox fail with SANDBOX_OPERATION_FAILED', async () => {
    const h = await fx.driver.launch(spec(['/bin/true']));
    await h.exited;
    await expect(h.pause()).rejects.toMatchObject({ code: 'SANDBOX_OPERATION_FAILED' });
    await expect(h.signal('SIGTERM')).rejects.toMatchObject({ code: 'SANDBOX_OPERATION_FAILED' });
    await expect(h.signal('SIGTERM', 'all')).rejects.toMatchObject({ code: 'SANDBOX_OPERATION_FAILED' });
    await h.destroy();
  });
});
