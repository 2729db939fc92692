import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { driverLibraries, findCdiDevices, parseComputeApps, type GpuAttachment } from '../../kernel-service/src/gpu/index.js';
import { cgroupDirsOf, cgroupDirsOfPath, type LaunchSpec } from '../../kernel-service/src/sandbox/index.js';
import { containerCreateOptions } from '../../kernel-service/src/sandbox/docker/container.js';
import { gpuHostConfig, type GpuPassthrough } from '../../kernel-service/src/sandbox/docker/gpu.js';
import { deviceProperties } from '../../kernel-service/src/sandbox/systemd/units.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const read = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');

const H100_0 = 'GPU-0d4a2b7e-91c3-4f58-a6e2-3b8c5d1f9a70';
const attachment: GpuAttachment = {
  gpus: [{ index: 0, uuid: H100_0 }],
  devices: [
    { hostPath: '/dev/nvidia0', sandboxPath: '/dev/nvidia0' },
    { hostPath: '/dev/nvidiactl', sandboxPath: '/dev/nvidiactl' },
  ],
  files: ['/usr/lib/x86_64-linux-gnu/libcuda.so.1', '/usr/bin/nvidia-smi'],
};

describe('nvidia-smi compute processes', () => {
  it('reads PIDs, GPU UUIDs and memory', () => {
    expect(parseComputeApps(read('nvidia-smi/compute-apps-h100.txt'))).toEqual([
      { hostPid: 4012, gpuUuid: H100_0, usedMemoryMiB: 80214 },
      { hostPid: 4188, gpuUuid: H100_0, usedMemoryMiB: 512 },
      { hostPid: 5120, gpuUuid: 'GPU-6e1f3a9c-27b4-4d8a-b5c1-8f2e4a6d0b91', usedMemoryMiB: 998 },
    ]);
  });
  it('takes "[N/A]" memory (MIG) as unknown, and no output as no processes', () => {
    expect(parseComputeApps(read('nvidia-smi/compute-apps-mig.txt'))).toEqual([
      { hostPid: 2231, gpuUuid: 'GPU-a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d', usedMemoryMiB: null },
    ]);
    expect(parseComputeApps(read('nvidia-smi/compute-apps-none.txt'))).toEqual([]);
    expect(parseComputeApps('No running processes found\n')).toEqual([]);
  });
  it('refuses output it does not understand', () => {
    expect(() => parseComputeApps('pid, gpu_uuid, used_gpu_memory [MiB]\n')).toThrow(/not a PID/);
  });
});

describe('driver files for passthrough without a runtime', () => {
  it('picks the 64-bit NVIDIA driver libraries from ldconfig -p, not the CUDA toolkit or 32-bit copies', () => {
    const libs = driverLibraries(read('ldconfig/driver-550.txt'));
    expect(libs).toContain('/lib/x86_64-linux-gnu/libcuda.so.1');
    expect(libs).toContain('/lib/x86_64-linux-gnu/libnvidia-ml.so.1');
    expect(libs).toContain('/lib/x86_64-linux-gnu/libnvidia-ptxjitcompiler.so.1');
    expect(libs.some((l) => l.includes('i386'))).toBe(false);
    expect(libs.some((l) => l.includes('cudart') || l.includes('libz') || l.includes('libc.so'))).toBe(false);
    expect(libs).toHaveLength(15);
  });
});

describe('CDI specs', () => {
  it('lists the nvidia.com/gpu devices of an nvidia-ctk spec and ignores other kinds', async () => {
    const found = await findCdiDevices([join(FIXTURES, 'cdi'), '/nonexistent/cdi']);
    expect([...found]).toEqual([
      ['0', 'nvidia.com/gpu=0'],
      [H100_0, `nvidia.com/gpu=${H100_0}`],
      ['1', 'nvidia.com/gpu=1'],
      ['all', 'nvidia.com/gpu=all'],
    ]);
  });
});

describe('Docker: how assigned GPUs reach the container', () => {
  const mode = (m: GpuPassthrough['mode'], cdi = new Map<string, string>()): GpuPassthrough => ({ mode: m, cdi });

  it('with the NVIDIA runtime: a device request for exactly the assigned GPUs, by UUID', () => {
    expect(gpuHostConfig(attachment, mode('runtime'))).toEqual({
      DeviceRequests: [{ Driver: '', Capabilities: [['gpu']], DeviceIDs: [H100_0] }],
    });
  });

  it('with CDI: the spec’s qualified device names; GPUs it does not name go by device nodes', () => {
    const cdi = new Map([['0', 'nvidia.com/gpu=0']]);
    expect(gpuHostConfig(attachment, mode('cdi', cdi))).toEqual({
      DeviceRequests: [{ Driver: 'cdi', DeviceIDs: ['nvidia.com/gpu=0'] }],
    });
    expect(gpuHostConfig(attachment, mode('cdi'))).toMatchObject({ DeviceRequests: [], Devices: expect.any(Array) });
  });

  it('without either: the device nodes, and the driver files bound read-only at their host paths', () => {
    const spec: LaunchSpec = {
      pid: 7,
      agent: { id: 'agt_x', name: 'x', uid: 299_000, home: '/tmp/h' },
      command: ['/bin/true'],
      environment: {},
      limits: { memoryMax: 1 << 30, cpuQuota: 100, tasksMax: 64 },
      network: 'none',
      gpus: attachment,
    };
    const c = containerCreateOptions(spec, { instance: 'aether', image: 'img', gpu: mode('nodes') });
    expect(c.HostConfig?.Devices).toEqual([
      { PathOnHost: '/dev/nvidia0', PathInContainer: '/dev/nvidia0', CgroupPermissions: 'rw' },
      { PathOnHost: '/dev/nvidiactl', PathInContainer: '/dev/nvidiactl', CgroupPermissions: 'rw' },
    ]);
    expect(c.HostConfig?.DeviceRequests).toEqual([]);
    expect(c.HostConfig?.Mounts).toContainEqual({
      Type: 'bind',
      Source: '/usr/bin/nvidia-smi',
      Target: '/usr/bin/nvidia-smi',
      ReadOnly: true,
    });
    // Still confined: no privileges, no capabilities.
    expect(c.HostConfig).toMatchObject({ Privileged: false, CapDrop: ['ALL'] });
    const none = containerCreateOptions({ ...spec, gpus: undefined }, { instance: 'aether', image: 'img', gpu: mode('nodes') });
    expect(none.HostConfig?.Devices).toBeUndefined();
    expect(none.HostConfig?.DeviceRequests).toEqual([]);
  });
});

describe('systemd: GPU passthrough', () => {
  const props = (gpus?: GpuAttachment) =>
    Object.fromEntries(deviceProperties({ gpus } as LaunchSpec).map(([k, v]) => [k, (v as { value: unknown }).value]));

  it('keeps PrivateDevices without GPUs', () => {
    expect(props()).toEqual({ PrivateDevices: true });
  });
  it('with GPUs: PrivateDevices off, the device cgroup closed but for the GPU nodes, a private /dev/shm', () => {
    expect(props(attachment)).toEqual({
      PrivateDevices: false,
      DevicePolicy: 'closed',
      DeviceAllow: [
        ['/dev/nvidia0', 'rw'],
        ['/dev/nvidiactl', 'rw'],
      ],
      TemporaryFileSystem: [['/dev/shm', 'mode=1777,nosuid,nodev']],
    });
  });
});

describe('cgroup directories of a sandbox', () => {
  it('cgroup v2: one directory', () => {
    const dirs = cgroupDirsOf('0::/system.slice/docker-abc.scope\n', '/sys/fs/cgroup', true);
    expect(dirs).toEqual({
      version: 2,
      memory: '/sys/fs/cgroup/system.slice/docker-abc.scope',
      cpu: dirs!.memory,
      pids: dirs!.memory,
    });
  });
  it('cgroup v1: one per controller, under its mount name', () => {
    const text = [
      '12:pids:/docker/abc',
      '5:cpu,cpuacct:/docker/abc',
      '3:memory:/docker/abc',
      '1:name=systemd:/docker/abc',
      '0::/',
    ].join('\n');
    expect(cgroupDirsOf(text, '/sys/fs/cgroup', false)).toEqual({
      version: 1,
      memory: '/sys/fs/cgroup/memory/docker/abc',
      cpu: '/sys/fs/cgroup/cpu,cpuacct/docker/abc',
      pids: '/sys/fs/cgroup/pids/docker/abc',
    });
  });
  it('from systemd’s ControlGroup', () => {
    expect(cgroupDirsOfPath('/aether.slice/aether-p4.slice', '/sys/fs/cgroup', true).memory).toBe(
      '/sys/fs/cgroup/aether.slice/aether-p4.slice',
    );
  });
});
