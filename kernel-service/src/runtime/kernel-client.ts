import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** The kernel socket as the runtime sees it from inside the sandbox. */
export const DEFAULT_KERNEL_SOCKET = '/run/aether/kernel.sock';

/** An error the kernel answered with: its stable code and hint (see docs/ERRORS.md). */
export class KernelCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint = '',
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'KernelCallError';
  }
}

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * Retry while the socket is unreachable (the kernel restarting: the sandbox lives on and a new
   * socket appears at the same path). Only for idempotent calls; the default.
   */
  retryUnreachableMs?: number;
  /**
   * Ask again while the kernel answers STILL_WAITING (a long-poll reached protection.longPollMaxMs
   * undecided). Only for calls idempotent by callId: questions and approvals.
   */
  repollWhileWaiting?: boolean;
}

/**
 * JSON over HTTP over the process's own Unix socket. The socket is the credential: nothing
 * secret is sent. Kept dependency-free: it runs in every sandbox.
 */
export class KernelClient {
  constructor(readonly socketPath = process.env.AETHER_KERNEL_SOCKET ?? DEFAULT_KERNEL_SOCKET) {}

  get<T>(path: string, opts?: CallOptions): Promise<T> {
    return this.call<T>('GET', path, undefined, opts);
  }

  post<T>(path: string, body: unknown, opts?: CallOptions): Promise<T> {
    return this.call<T>('POST', path, body, opts);
  }

  put<T>(path: string, body: unknown, opts?: CallOptions): Promise<T> {
    return this.call<T>('PUT', path, body, opts);
  }

  delete<T>(path: string, opts?: CallOptions): Promise<T> {
    return this.call<T>('DELETE', path, undefined, opts);
  }

  async call<T>(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<T> {
    const deadline = Date.now() + (opts.retryUnreachableMs ?? 30_000);
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      try {
        return await this.once<T>(method, path, body, opts.signal);
      } catch (err) {
        if (opts.repollWhileWaiting && err instanceof KernelCallError && err.code === 'STILL_WAITING' && !opts.signal?.aborted) {
          delay = 25; // the loop's doubling restarts from 50 ms should the kernel then go away
          continue;
        }
        if (!isUnreachable(err) || Date.now() + delay > deadline || opts.signal?.aborted) throw err;
        await sleep(delay, undefined, { signal: opts.signal }).catch(() => undefined);
      }
    }
  }

  private once<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = request(
        {
          socketPath: this.socketPath,
          path,
          method,
          headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
          signal,
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(parts).toString('utf8');
            let parsed: unknown = null;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              return reject(
                new KernelCallError(res.statusCode ?? 0, 'BAD_RESPONSE', `kernel answered non-JSON: ${text.slice(0, 200)}`),
              );
            }
            if ((res.statusCode ?? 500) < 400) return resolve(parsed as T);
            const e = (
              parsed as { error?: { code?: string; message?: string; hint?: string; details?: Record<string, unknown> } } | null
            )?.error;
            reject(new KernelCallError(res.statusCode ?? 0, e?.code ?? 'UNKNOWN', e?.message ?? text, e?.hint, e?.details));
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}

function isUnreachable(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE';
}
