/** What docker-modem attaches to a failed API call. */
interface DockerApiError {
  statusCode?: number;
  json?: unknown;
  code?: string;
  message?: string;
}

/** Docker's own words ("No such image: x"), without docker-modem's "(HTTP code 404) ..." prefix. */
export function dockerMessage(err: unknown): string {
  const e = err as DockerApiError;
  const json = e.json as { message?: unknown } | string | null | undefined;
  if (json && typeof json === 'object' && typeof json.message === 'string') return json.message;
  if (typeof json === 'string' && json.trim() !== '') return json.trim();
  return e.message ?? String(err);
}

export function httpStatus(err: unknown): number | undefined {
  return (err as DockerApiError).statusCode;
}

export function isNotFound(err: unknown): boolean {
  return httpStatus(err) === 404;
}

/** The engine itself is not there (socket missing, refused, not ours to open). */
export function isUnreachable(err: unknown): boolean {
  const code = (err as DockerApiError).code;
  return code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'EACCES' || code === 'ECONNRESET' || code === 'EPIPE';
}

/**
 * Docker's answers to a GPU device request it cannot serve: no driver registered for the
 * "gpu" capability (no NVIDIA container toolkit), or the toolkit's own failures (no driver
 * loaded, no device) and a missing "nvidia" runtime.
 */
export function isGpuFailure(err: unknown): boolean {
  return /could not select device driver|nvidia-container-cli|unknown or invalid runtime name: nvidia|NVIDIA driver|unresolvable CDI devices|error gathering device information/i.test(
    dockerMessage(err),
  );
}
