import { execFile } from 'node:child_process';
import { GpuInventoryParseError } from './inventory.js';

/** One process using a GPU, as nvidia-smi lists it: a host PID, never a kernel PID. */
export interface GpuComputeApp {
  hostPid: number;
  gpuUuid: string;
  /** null where the driver cannot say (MIG instances without permission, "[N/A]"). */
  usedMemoryMiB: number | null;
}

export const NVIDIA_SMI_APPS_ARGS = ['--query-compute-apps=pid,gpu_uuid,used_memory', '--format=csv,noheader,nounits'] as const;

const UNAVAILABLE = /^\[?(N\/A|Not Supported|Insufficient Permissions|Unknown Error)\]?$/i;

/**
 * Parses `nvidia-smi ${NVIDIA_SMI_APPS_ARGS}`. "No running processes found" (older drivers
 * print it even with noheader) is an empty list, as is empty output.
 */
export function parseComputeApps(stdout: string): GpuComputeApp[] {
  const apps: GpuComputeApp[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || /^no running (compute )?processes found/i.test(line)) continue;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length !== 3) throw new GpuInventoryParseError(`nvidia-smi: expected pid, gpu_uuid, used_memory in "${line}"`);
    const [pid, uuid, mem] = fields as [string, string, string];
    if (!/^[0-9]+$/.test(pid)) throw new GpuInventoryParseError(`nvidia-smi: "${pid}" is not a PID in "${line}"`);
    const m = /^([0-9]+)(?:\s*MiB)?$/.exec(mem);
    if (!m && !UNAVAILABLE.test(mem)) throw new GpuInventoryParseError(`nvidia-smi: "${mem}" is not MiB in "${line}"`);
    apps.push({ hostPid: Number(pid), gpuUuid: uuid, usedMemoryMiB: m ? Number(m[1]) : null });
  }
  return apps;
}

/** Asks nvidia-smi for the compute processes; a host without the driver has none (not an error). */
export function readComputeApps(command: string, timeoutMs = 10_000): Promise<GpuComputeApp[]> {
  return new Promise((resolve, reject) => {
    execFile(command, NVIDIA_SMI_APPS_ARGS, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout) => {
      if (err) return resolve([]);
      try {
        resolve(parseComputeApps(stdout));
      } catch (parseErr) {
        reject(parseErr instanceof Error ? parseErr : new Error(String(parseErr)));
      }
    });
  });
}
