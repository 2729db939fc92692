import type { ContainerCreateOptions } from 'dockerode';
import { SANDBOX_CODE_DIR, SANDBOX_KERNEL_DIR, type LaunchSpec } from '../driver.js';
import { AGENT_HOME, sandboxEnvironment } from '../environment.js';
import { gpuHostConfig, gpuMounts, type GpuPassthrough } from './gpu.js';

/** LaunchSpec already carries image and gpus; the name stays for readability here. */
export type DockerLaunchSpec = LaunchSpec;

/**
 * Labels are how the driver finds its containers again after a kernel restart: names
 * can collide with anything on the host, labels of this instance cannot.
 */
export const LABEL = {
  instance: 'aether.instance',
  pid: 'aether.pid',
  agent: 'aether.agent',
  agentName: 'aether.agent-name',
} as const;

export function containerName(instance: string, pid: number): string {
  return `${instance}-p${pid}`;
}

export function pidOfLabels(labels: Record<string, string> | undefined): number | null {
  const value = labels?.[LABEL.pid];
  return value !== undefined && /^[0-9]+$/.test(value) ? Number(value) : null;
}

/** Engine API 1.41 (Docker 20.10); @types/dockerode does not list it yet. */
const CGROUP_NAMESPACE = { CgroupnsMode: 'private' } as Record<string, unknown>;

export interface ContainerOptions {
  instance: string;
  image: string;
  gpu: GpuPassthrough;
}

/**
 * The confinement of an agent's container. Agent code is hostile: its own user, a
 * read-only image, only its own home writable (plus a private /tmp), no capabilities,
 * no privileges to gain, Docker's default seccomp profile and, unless asked, no network.
 */
export function containerCreateOptions(spec: DockerLaunchSpec, opts: ContainerOptions): ContainerCreateOptions {
  const environment = sandboxEnvironment(spec);
  const gpu = gpuHostConfig(spec.gpus, opts.gpu);
  return {
    name: containerName(opts.instance, spec.pid),
    Image: spec.image ?? opts.image,
    // The image's own entrypoint would come between tini and the program; the kernel
    // decides what runs.
    Entrypoint: [],
    Cmd: spec.command,
    Env: Object.entries(environment).map(([k, v]) => `${k}=${v}`),
    // Numeric: the image has no passwd entry for agents, and needs none.
    User: `${spec.agent.uid}:${spec.agent.uid}`,
    WorkingDir: AGENT_HOME,
    // A hostname cannot be set together with the host's network namespace.
    ...(spec.network === 'none' ? { Hostname: containerName(opts.instance, spec.pid) } : {}),
    Labels: {
      [LABEL.instance]: opts.instance,
      [LABEL.pid]: String(spec.pid),
      [LABEL.agent]: spec.agent.id,
      [LABEL.agentName]: spec.agent.name,
    },
    HostConfig: {
      // Docker's tini (docker-init) as PID 1: a PID 1 without handlers ignores SIGTERM, and
      // someone has to reap orphans. It exits with the program's code, or 128+N on signal N.
      Init: true,
      // Kept after exit so its status can be read, also by a kernel that restarts meanwhile;
      // the kernel removes it (destroy) once the status is recorded.
      AutoRemove: false,
      RestartPolicy: { Name: 'no' },
      Memory: spec.limits.memoryMax,
      // Equal to Memory: no swap, so a capped program meets its limit instead of paging.
      MemorySwap: spec.limits.memoryMax,
      // cpuQuota is percent of one CPU; NanoCpus counts 1e9 per CPU.
      NanoCpus: spec.limits.cpuQuota * 10_000_000,
      PidsLimit: spec.limits.tasksMax,
      NetworkMode: spec.network,
      // A mount, not a bind string: for "Binds" Docker creates a missing source directory
      // (as root) and mounts that; a mount refuses to start instead.
      Mounts: [
        { Type: 'bind', Source: spec.agent.home, Target: AGENT_HOME, ReadOnly: false },
        // The kernel socket's directory, as in the systemd driver (read-only: the socket still works).
        ...(spec.kernelSocketDir
          ? [{ Type: 'bind' as const, Source: spec.kernelSocketDir, Target: SANDBOX_KERNEL_DIR, ReadOnly: true }]
          : []),
        // The kernel's code, for the agent runtime (read-only; nothing secret is in it).
        ...(spec.codeDir ? [{ Type: 'bind' as const, Source: spec.codeDir, Target: SANDBOX_CODE_DIR, ReadOnly: true }] : []),
        ...gpuMounts(spec.gpus, gpu),
      ],
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,mode=1777' },
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      IpcMode: 'private',
      // Its own cgroup namespace: /proc/self/cgroup and /sys/fs/cgroup show its own cgroup as the
      // root, not the host's tree with other agents' containers (the default on cgroup v1 is "host").
      ...CGROUP_NAMESPACE,
      Privileged: false,
      // GPUs only as assigned: a device request, CDI devices, or nodes (gpu.ts says which).
      ...gpu,
    },
  };
}
