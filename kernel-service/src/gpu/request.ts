/**
 * GPUs a sandbox asks for: a number of any GPUs, every GPU, or particular ones by index or
 * UUID (as nvidia-smi lists them). Exclusive unless `shared`: shared GPUs go only to other
 * shared requests. The allocator turns it into particular GPUs; drivers get those.
 */
export type GpuRequest = ({ count: number | 'all' } | { deviceIds: string[] }) & { shared?: boolean };

/** A short human form for messages: "all GPUs", "2 GPUs", "GPUs 0, GPU-8f1c...". */
export function describeGpuRequest(req: GpuRequest): string {
  const shared = req.shared ? ' (shared)' : '';
  if ('deviceIds' in req) return `GPUs ${req.deviceIds.join(', ')}${shared}`;
  return (req.count === 'all' ? 'all GPUs' : `${req.count} GPU${req.count === 1 ? '' : 's'}`) + shared;
}
