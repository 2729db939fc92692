import type { Socket } from 'node:net';

/**
 * Why the kernel closed its connection to a desktop's VNC server. The server is the agent's
 * (Xvnc runs as the agent, and the agent can put its own server on the socket), so each is an
 * expected outcome of a hostile or broken server, logged with its code, never a kernel crash.
 */
export type RfbFailure =
  | 'RFB_NOT_RFB' // the greeting or the security exchange is not RFB 3.x with security None
  | 'RFB_SIZE_LIMIT' // a dimension, name, text or update beyond the configured bounds
  | 'RFB_BAD_RECT' // a rectangle outside the framebuffer, or an encoding that was not asked for
  | 'RFB_BAD_MESSAGE' // a server message type the kernel does not speak
  | 'RFB_TIMEOUT' // the handshake or an update did not arrive in time
  | 'RFB_CLOSED'; // the server went away

export class RfbServerError extends Error {
  constructor(
    readonly code: RfbFailure,
    message: string,
  ) {
    super(message);
    this.name = 'RfbServerError';
  }
}

/**
 * Pulls exact byte counts out of a socket's stream, with bounded memory: a single read may ask
 * for at most `maxRead` bytes (the caller checks sizes the server announces before it asks),
 * chunks are joined only when a read is served (no quadratic re-copying), and the socket is
 * paused while more than `highWater` bytes wait unread, so a server that floods cannot make the
 * kernel buffer without limit.
 */
export class RfbReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private want: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
  private failed: Error | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly maxRead: number,
    private readonly highWater = Math.max(maxRead, 1024 * 1024),
  ) {
    socket.on('data', (d: Buffer) => {
      this.chunks.push(d);
      this.buffered += d.length;
      if (this.buffered > this.highWater) socket.pause();
      this.serve();
    });
    socket.on('error', (err) => this.fail(new RfbServerError('RFB_CLOSED', `the VNC connection failed: ${err.message}`)));
    socket.on('close', () => this.fail(new RfbServerError('RFB_CLOSED', 'the VNC server closed the connection')));
  }

  fail(err: Error): void {
    if (this.failed) return;
    this.failed = err;
    this.want?.reject(err);
    this.want = null;
    this.chunks = [];
    this.buffered = 0;
    this.socket.destroy();
  }

  get error(): Error | null {
    return this.failed;
  }

  read(n: number): Promise<Buffer> {
    if (this.failed) return Promise.reject(this.failed);
    if (!Number.isSafeInteger(n) || n < 0 || n > this.maxRead) {
      const err = new RfbServerError('RFB_SIZE_LIMIT', `the VNC server announced ${n} bytes (at most ${this.maxRead})`);
      this.fail(err);
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      this.want = { n, resolve, reject };
      this.serve();
    });
  }

  private serve(): void {
    if (!this.want || this.buffered < this.want.n) return;
    const { n, resolve } = this.want;
    this.want = null;
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    if (this.buffered <= this.highWater && this.socket.isPaused()) this.socket.resume();
    resolve(out);
  }
}
