import { execFile } from 'node:child_process';

/** One NVIDIA GPU as nvidia-smi reports it. Sizes in MiB; null where the driver says "[N/A]". */
export interface Gpu {
  index: number;
  uuid: string;
  /** The model, e.g. "NVIDIA H200". */
  name: string;
  memoryTotalMiB: number | null;
  memoryUsedMiB: number | null;
  /** Percent of the last sample period a kernel ran; null on MIG-partitioned GPUs, which do not report it. */
  utilizationPercent: number | null;
}

export interface GpuInventory {
  gpus: Gpu[];
  /** Why the list is empty when it is (no driver, no devices); absent when GPUs were found. */
  reason?: string;
}

/** The exact query: CSV without header or units, one line per GPU, fields in this order. */
export const NVIDIA_SMI_ARGS = [
  '--query-gpu=index,uuid,name,memory.total,memory.used,utilization.gpu',
  '--format=csv,noheader,nounits',
] as const;

/** nvidia-smi writes these in place of a value the GPU or driver cannot report. */
const UNAVAILABLE = /^\[?(N\/A|Not Supported|Insufficient Permissions|Unknown Error|GPU requires reset|GPU is lost)\]?$/i;

export class GpuInventoryParseError extends Error {}

/**
 * Parses `nvidia-smi ${NVIDIA_SMI_ARGS}` output. Fields are separated by ", "; the name is
 * taken as everything between the UUID and the last three fields, so a model name with a
 * comma in it cannot shift the numbers. Units ("MiB", "%") are accepted in case the
 * output was produced without `nounits`.
 */
export function parseNvidiaSmi(stdout: string): Gpu[] {
  const gpus: Gpu[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length < 6) throw new GpuInventoryParseError(`nvidia-smi: expected 6 fields, got "${line}"`);
    const [index, uuid] = fields as [string, string];
    const [total, used, util] = fields.slice(-3) as [string, string, string];
    if (!/^[0-9]+$/.test(index)) throw new GpuInventoryParseError(`nvidia-smi: "${index}" is not a GPU index in "${line}"`);
    gpus.push({
      index: Number(index),
      uuid,
      name: fields.slice(2, -3).join(', '),
      memoryTotalMiB: quantity(total, 'MiB', line),
      memoryUsedMiB: quantity(used, 'MiB', line),
      utilizationPercent: quantity(util, '%', line),
    });
  }
  return gpus;
}

function quantity(value: string, unit: string, line: string): number | null {
  if (UNAVAILABLE.test(value)) return null;
  const m = new RegExp(`^([0-9]+(?:\\.[0-9]+)?)(?:\\s*${unit})?$`).exec(value);
  if (!m) throw new GpuInventoryParseError(`nvidia-smi: "${value}" is not a number of ${unit} in "${line}"`);
  return Number(m[1]);
}

export interface ReadGpuInventoryOptions {
  /** The nvidia-smi binary (a path or a name on PATH). */
  command?: string;
  timeoutMs?: number;
}

/**
 * Asks nvidia-smi. A host without the driver or without GPUs is a normal answer (an empty
 * list with the reason), not an error: the inventory is shown, GPU requests are refused at
 * launch. Output that cannot be parsed is an error: it means the format changed.
 */
export function readGpuInventory(opts: ReadGpuInventoryOptions = {}): Promise<GpuInventory> {
  const command = opts.command ?? 'nvidia-smi';
  return new Promise((resolve, reject) => {
    execFile(command, NVIDIA_SMI_ARGS, { timeout: opts.timeoutMs ?? 10_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) {
        const e = err as NodeJS.ErrnoException & { code?: string | number };
        if (e.code === 'ENOENT') return resolve({ gpus: [], reason: `${command} not found: no NVIDIA driver on this host` });
        // nvidia-smi explains itself on stdout ("No devices were found", "NVIDIA-SMI has failed ...").
        const said = `${stdout}\n${stderr}`.trim().split('\n')[0] || e.message;
        return resolve({ gpus: [], reason: `${command} failed (exit ${String(e.code)}): ${said}` });
      }
      try {
        const gpus = parseNvidiaSmi(stdout);
        resolve(gpus.length > 0 ? { gpus } : { gpus, reason: `${command} listed no GPUs` });
      } catch (parseErr) {
        reject(parseErr instanceof Error ? parseErr : new Error(String(parseErr)));
      }
    });
  });
}
