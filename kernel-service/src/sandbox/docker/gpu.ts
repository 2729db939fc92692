import type Docker from 'dockerode';
import type { DeviceRequest, HostConfig, MountSettings } from 'dockerode';
import { findCdiDevices, type GpuAttachment } from '../../gpu/index.js';

/**
 * How GPUs reach a container:
 *  - runtime: the engine has NVIDIA's runtime registered; a device request by UUID, as `--gpus`.
 *  - cdi: the engine reads CDI specs (Docker 25+ with CDI on) and there is an nvidia.com/gpu spec.
 *  - nodes: neither (NVIDIA's container toolkit is not in Debian): the device nodes, plus the
 *    driver's libraries and nvidia-smi bound read-only at their host paths.
 */
export type DockerGpuMode = 'runtime' | 'cdi' | 'nodes';

export interface GpuPassthrough {
  mode: DockerGpuMode;
  /** CDI device name ("0", "GPU-<uuid>") to its qualified name, in cdi mode. */
  cdi: Map<string, string>;
}

/** Decided once at connect: what the engine offers does not change while it runs. */
export async function detectGpuPassthrough(docker: Docker, forced?: DockerGpuMode): Promise<GpuPassthrough> {
  const info = (await docker.info()) as { Runtimes?: Record<string, unknown>; CDISpecDirs?: string[] };
  const cdiDirs = info.CDISpecDirs ?? [];
  const cdi = cdiDirs.length > 0 ? await findCdiDevices(cdiDirs) : new Map<string, string>();
  if (forced) return { mode: forced, cdi };
  if (info.Runtimes && 'nvidia' in info.Runtimes) return { mode: 'runtime', cdi };
  if (cdi.size > 0) return { mode: 'cdi', cdi };
  return { mode: 'nodes', cdi };
}

/** The HostConfig fields that pass `gpus` in; in cdi mode falls back to nodes for GPUs the specs do not name. */
export function gpuHostConfig(gpus: GpuAttachment | undefined, p: GpuPassthrough): Partial<HostConfig> {
  if (!gpus) return { DeviceRequests: [] };
  if (p.mode === 'runtime') {
    const request: DeviceRequest = { Driver: '', Capabilities: [['gpu']], DeviceIDs: gpus.gpus.map((g) => g.uuid) };
    return { DeviceRequests: [request] };
  }
  if (p.mode === 'cdi') {
    const names = gpus.gpus.map((g) => p.cdi.get(g.uuid) ?? p.cdi.get(String(g.index)));
    if (names.every((n): n is string => n !== undefined)) {
      return { DeviceRequests: [{ Driver: 'cdi', DeviceIDs: names }] };
    }
  }
  return {
    DeviceRequests: [],
    Devices: gpus.devices.map((d) => ({ PathOnHost: d.hostPath, PathInContainer: d.sandboxPath, CgroupPermissions: 'rw' })),
  };
}

/** Read-only binds of the driver's files (nodes mode only: the runtime and CDI bring their own). */
export function gpuMounts(gpus: GpuAttachment | undefined, config: Partial<HostConfig>): MountSettings[] {
  if (!gpus || !config.Devices) return [];
  return gpus.files.map((f) => ({ Type: 'bind' as const, Source: f, Target: f, ReadOnly: true }));
}
