import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mknodArgs, OPEN_PROBE, SMI_FIXTURES } from '../helpers/gpu.js';
import { api, homeFile, machine, restartKernel, sh, spawn, waitForFile, waitForState } from './client.js';

/**
 * GPU passthrough by the systemd driver, on a machine without a GPU: the kernel is pointed
 * (gpu.nvidiaSmi) at an nvidia-smi printing a real capture, and /dev gets stand-in device nodes
 * with the NVIDIA driver's numbers (helpers/gpu.ts). What this checks is systemd's side: that it
 * takes the unit with DeviceAllow=, DevicePolicy=closed, no PrivateDevices and a private
 * /dev/shm, that the program's open of its own node passes the device policy (ENXIO: no driver
 * here) while its open of another agent's node is refused (EPERM). `make gpu-check` does the
 * same on a host with a real GPU.
 */
const FAKE = '/opt/aether-fake-gpu';
const NODES = ['nvidia0', 'nvidia1', 'nvidiactl', 'nvidia-uvm'];

beforeAll(async () => {
  const root = join(machine().root, FAKE.slice(1));
  mkdirSync(root, { recursive: true });
  copyFileSync(join(SMI_FIXTURES, 'h100-busy.txt'), join(root, 'gpus.txt'));
  writeFileSync(join(root, 'nvidia-smi'), `#!/bin/sh\ncase "$1" in --query-compute-apps*) ;; *) cat ${FAKE}/gpus.txt ;; esac\n`, {
    mode: 0o755,
  });
  // systemd's DeviceAllow= takes only nodes under /dev: the stand-ins go into the machine's own /dev.
  for (const n of NODES) await sh(['mknod', ...mknodArgs(`/dev/${n}`)]);
  await sh(['sh', '-c', `echo AETHER_GPU_NVIDIA_SMI=${FAKE}/nvidia-smi >> /etc/aether/environment`]);
  await restartKernel();
});

afterAll(async () => {
  await sh(['sed', '-i', '/^AETHER_GPU_/d', '/etc/aether/environment']);
  await sh(['rm', '-f', ...NODES.map((n) => `/dev/${n}`)]);
  await restartKernel();
});

describe('GPU passthrough (systemd driver, stand-in nodes)', () => {
  it('starts the unit with the GPU nodes allowed, PrivateDevices off, a private /dev/shm; frees the GPU at the end', async () => {
    const gpus = (await api('GET', '/api/v1/gpus')).body;
    expect((gpus.gpus as { name: string }[]).map((g) => g.name)).toEqual(['NVIDIA H100 80GB HBM3', 'NVIDIA H100 80GB HBM3']);

    await sh(['sh', '-c', 'echo host > /dev/shm/aether-gpu-test']);
    const script = [
      'python3 -c "$0" /dev/nvidia1 /dev/nvidiactl > opened',
      '(cat /dev/shm/aether-gpu-test 2>/dev/null || echo private) > shm',
      'echo ready > ready',
      'exec sleep 600',
    ].join('; ');
    const p = await spawn({
      name: 'gpu-systemd',
      command: ['/bin/sh', '-c', script, OPEN_PROBE],
      sandbox: { gpus: { deviceIds: ['1'] } },
    });
    expect(await waitForFile(p.agent.id, 'ready')).toBe('ready\n');
    // ENXIO: the device policy let the open through to the (absent) driver.
    expect(JSON.parse(homeFile(p.agent.id, 'opened'))).toEqual({ '/dev/nvidia1': 'ENXIO', '/dev/nvidiactl': 'ENXIO' });
    expect(await waitForFile(p.agent.id, 'shm')).toBe('private\n');

    const show = await sh(['systemctl', 'show', '-p', 'PrivateDevices', '-p', 'DevicePolicy', '-p', 'DeviceAllow', p.sandbox.id]);
    expect(show.stdout).toContain('PrivateDevices=no');
    expect(show.stdout).toContain('DevicePolicy=closed');
    expect(show.stdout).toContain('DeviceAllow=/dev/nvidia1 rw');
    expect(show.stdout).toContain('DeviceAllow=/dev/nvidiactl rw');
    expect(show.stdout).not.toContain('nvidia0');

    expect((await api('GET', '/api/v1/gpus')).body.gpus[1].heldBy).toEqual([{ pid: p.pid, shared: false }]);
    const busy = await api('POST', '/api/v1/agents', {
      name: 'gpu-late',
      command: ['/bin/true'],
      sandbox: { gpus: { deviceIds: ['1'] } },
    });
    expect(busy.body.code).toBe('GPU_BUSY');

    await api('DELETE', `/api/v1/agents/${p.pid}`);
    await waitForState(p.pid, ['killed', 'exited']);
    expect((await api('GET', '/api/v1/gpus')).body.assignments).toEqual([]);
    await sh(['rm', '-f', '/dev/shm/aether-gpu-test']);
  });

  // Ended after the test whatever its outcome: a GPU left held would fail the next test with GPU_BUSY.
  const spawned: { pid: number }[] = [];
  afterEach(async () => {
    for (const p of spawned.splice(0)) {
      await api('DELETE', `/api/v1/agents/${p.pid}`);
      await waitForState(p.pid, ['killed', 'exited']);
    }
  });

  it("keeps each agent from the other's GPU node: its own opens (ENXIO, no driver here), the other's is refused (EPERM)", async (ctx) => {
    const nodes = ['/dev/nvidia0', '/dev/nvidia1'];
    // Whether this machine's systemd can enforce a device policy at all: inside nspawn it may get no
    // device cgroup (no BPF device programs), and then no unit's DevicePolicy= holds. The QEMU boot
    // test (image/boot-test.sh) makes the same check where systemd runs on a real kernel.
    const closed = await sh(
      ['systemd-run', '--wait', '--pipe', '--quiet', '-p', 'DevicePolicy=closed', 'python3', '-c', OPEN_PROBE, nodes[0]!],
      true,
    );
    const plain = (JSON.parse(closed.stdout || '{}') as Record<string, string | number>)[nodes[0]!];
    if (plain !== 'EPERM')
      ctx.skip(
        `this machine's systemd does not enforce DevicePolicy= (a plain DevicePolicy=closed unit got ${String(plain)} opening ${nodes[0]}, not EPERM): the QEMU boot test checks it`,
      );
    const probe = async (name: string, gpu: string) => {
      const p = await spawn({
        name,
        // Written whole, then renamed: the test reads it as soon as it exists.
        command: [
          '/bin/sh',
          '-c',
          'python3 -c "$0" "$@" > opened.tmp && mv opened.tmp opened; exec sleep 600',
          OPEN_PROBE,
          ...nodes,
        ],
        sandbox: { gpus: { deviceIds: [gpu] } },
      });
      return { p, opened: JSON.parse(await waitForFile(p.agent.id, 'opened')) as Record<string, string | number> };
    };
    const a = await probe('gpu-a', '0');
    spawned.push(a.p);
    const b = await probe('gpu-b', '1');
    spawned.push(b.p);
    expect(a.opened).toEqual({ '/dev/nvidia0': 'ENXIO', '/dev/nvidia1': 'EPERM' });
    expect(b.opened).toEqual({ '/dev/nvidia0': 'EPERM', '/dev/nvidia1': 'ENXIO' });
    // Control: outside any sandbox both opens reach the (absent) driver; the EPERMs are the device policy's.
    expect(JSON.parse((await sh(['python3', '-c', OPEN_PROBE, ...nodes])).stdout)).toEqual({
      '/dev/nvidia0': 'ENXIO',
      '/dev/nvidia1': 'ENXIO',
    });
  });

  it('keeps the assignment across a kernel restart, and frees it when the process ended while the kernel was away', async () => {
    const p = await spawn({ name: 'gpu-systemd', command: ['/bin/sleep', '600'], sandbox: { gpus: { count: 2 } } });
    await restartKernel();
    expect((await api('GET', `/api/v1/agents/${p.pid}`)).body.state).toBe('running');
    expect((await api('GET', '/api/v1/gpus')).body.assignments).toMatchObject([
      { pid: p.pid, gpus: [{ index: 0 }, { index: 1 }] },
    ]);

    // The kernel goes away; the program is killed meanwhile; the restarted kernel reconciles.
    await restartKernel({ meanwhile: () => sh(['systemctl', 'kill', '--signal=SIGKILL', p.sandbox.id]).then(() => undefined) });
    expect((await waitForState(p.pid, ['killed'])).state).toBe('killed');
    expect((await api('GET', '/api/v1/gpus')).body.assignments).toEqual([]);
  });
});
