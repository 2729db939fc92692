/**
 * GPUs a sandbox asks for: a number of any GPUs, every GPU, or particular ones by index or
 * UUID (as nvidia-smi lists them). Drivers translate it (Docker: a device request).
 */
export type GpuRequest = { count: number | 'all' } | { deviceIds: string[] };

/** A short human form for messages: "all GPUs", "2 GPUs", "GPUs 0, GPU-8f1c...". */
export function describeGpuRequest(req: GpuRequest): string {
  if ('deviceIds' in req) return `GPUs ${req.deviceIds.join(', ')}`;
  return req.count === 'all' ? 'all GPUs' : `${req.count} GPU${req.count === 1 ? '' : 's'}`;
}
