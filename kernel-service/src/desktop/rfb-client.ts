import type { Socket } from 'node:net';
import { encodePng } from './png.js';
import { RfbReader, RfbServerError } from './rfb-reader.js';

const ENCODING_RAW = 0;
const ENCODING_DESKTOP_SIZE = -223;
const SECURITY_NONE = 1;

/** What the kernel accepts from a desktop's VNC server (config protection.rfb). */
export interface RfbLimits {
  maxWidth: number;
  maxHeight: number;
  /** The handshake, and each requested update, must arrive within this. */
  timeoutMs: number;
}

export const DEFAULT_RFB_LIMITS: RfbLimits = { maxWidth: 4096, maxHeight: 4096, timeoutMs: 10_000 };
/** Longest desktop name and clipboard text read (and dropped: the kernel needs neither). */
const MAX_NAME = 4096;
const MAX_CUT_TEXT = 1024 * 1024;
const MAX_REASON = 4096;

/**
 * The kernel's own RFB client on an agent's display: it takes screenshots (for the agent's
 * screenshot tool and the "a human intervened" observation) and sends the agent's clicks and
 * keys. Raw encoding only: the socket is local, so bandwidth is free and decoding trivial.
 * Pixels arrive as R, G, B, unused (32 bpp true colour, little endian, shifts 0/8/16).
 *
 * The server is hostile (the agent owns the socket's folder and can serve its own RFB there):
 * every size it announces is checked before anything is allocated or read (framebuffer at most
 * maxWidth x maxHeight, names and texts a few KiB, rectangles inside the framebuffer, one
 * update at most twice the screen's pixels), only the encodings asked for are accepted, and the
 * handshake and every update have a deadline. Any breach closes the connection with an
 * RfbServerError whose code the manager logs; the next screenshot connects afresh.
 */
export class RfbClient {
  width = 0;
  height = 0;
  private fb = Buffer.alloc(0);
  private readonly waiters: { resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  readonly closed: Promise<void>;
  /** Why the connection ended, once it has (null while open, or when the kernel closed it). */
  failure: RfbServerError | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly reader: RfbReader,
    private readonly limits: RfbLimits,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => {
      const err = reader.error ?? new RfbServerError('RFB_CLOSED', 'the desktop closed the connection');
      for (const w of this.waiters.splice(0)) {
        clearTimeout(w.timer);
        w.reject(err);
      }
    });
  }

  static async handshake(socket: Socket, limits: RfbLimits = DEFAULT_RFB_LIMITS): Promise<RfbClient> {
    const maxRead = Math.max(limits.maxWidth * limits.maxHeight * 4, MAX_CUT_TEXT);
    const reader = new RfbReader(socket, maxRead);
    const client = new RfbClient(socket, reader, limits);
    const timer = setTimeout(
      () => reader.fail(new RfbServerError('RFB_TIMEOUT', `no RFB handshake within ${limits.timeoutMs} ms`)),
      limits.timeoutMs,
    );
    try {
      await client.greet();
    } catch (err) {
      client.fail(err);
      throw err;
    } finally {
      clearTimeout(timer);
    }
    void client.loop().catch((err: unknown) => client.fail(err));
    return client;
  }

  /** A fresh full frame as PNG. */
  async screenshot(): Promise<{ png: Buffer; width: number; height: number }> {
    await this.update();
    return { png: encodePng(this.width, this.height, this.fb), width: this.width, height: this.height };
  }

  /** The raw frame (R, G, B, unused per pixel) after a fresh full update. */
  async frame(): Promise<{ pixels: Buffer; width: number; height: number }> {
    await this.update();
    return { pixels: Buffer.from(this.fb), width: this.width, height: this.height };
  }

  pointer(x: number, y: number, buttons: number): void {
    const m = Buffer.alloc(6);
    m[0] = 5;
    m[1] = buttons;
    m.writeUInt16BE(clamp(x, this.width), 2);
    m.writeUInt16BE(clamp(y, this.height), 4);
    this.socket.write(m);
  }

  key(keysym: number, down: boolean): void {
    const m = Buffer.alloc(8);
    m[0] = 4;
    m[1] = down ? 1 : 0;
    m.writeUInt32BE(keysym, 4);
    this.socket.write(m);
  }

  close(): void {
    this.socket.destroy();
  }

  private async greet(): Promise<void> {
    const r = this.reader;
    const version = (await r.read(12)).toString('latin1');
    if (!/^RFB 003\.00[3-8]\n$/.test(version))
      throw new RfbServerError('RFB_NOT_RFB', `not an RFB server: ${JSON.stringify(version)}`);
    this.socket.write('RFB 003.008\n');
    const count = (await r.read(1))[0]!;
    if (count === 0) {
      const len = (await r.read(4)).readUInt32BE(0);
      if (len > MAX_REASON) throw new RfbServerError('RFB_SIZE_LIMIT', `refusal reason of ${len} bytes`);
      throw new RfbServerError('RFB_NOT_RFB', `the VNC server refused the connection: ${(await r.read(len)).toString('utf8')}`);
    }
    const types = [...(await r.read(count))];
    if (!types.includes(SECURITY_NONE)) {
      throw new RfbServerError('RFB_NOT_RFB', `the VNC server does not offer security type None (offers ${types.join(',')})`);
    }
    this.socket.write(Buffer.from([SECURITY_NONE]));
    if ((await r.read(4)).readUInt32BE(0) !== 0)
      throw new RfbServerError('RFB_NOT_RFB', 'the VNC server rejected security type None');
    this.socket.write(Buffer.from([1])); // shared: never disconnect the viewers
    const init = await r.read(24);
    this.resize(init.readUInt16BE(0), init.readUInt16BE(2));
    const nameLength = init.readUInt32BE(20);
    if (nameLength > MAX_NAME)
      throw new RfbServerError('RFB_SIZE_LIMIT', `desktop name of ${nameLength} bytes (at most ${MAX_NAME})`);
    await r.read(nameLength);
    const pf = Buffer.alloc(20);
    pf[0] = 0; // SetPixelFormat
    pf.set([32, 24, 0, 1], 4); // bpp, depth, big-endian: no, true colour: yes
    pf.writeUInt16BE(255, 8);
    pf.writeUInt16BE(255, 10);
    pf.writeUInt16BE(255, 12);
    pf.set([0, 8, 16], 14);
    const enc = Buffer.alloc(12);
    enc[0] = 2; // SetEncodings
    enc.writeUInt16BE(2, 2);
    enc.writeInt32BE(ENCODING_RAW, 4);
    enc.writeInt32BE(ENCODING_DESKTOP_SIZE, 8);
    this.socket.write(Buffer.concat([pf, enc]));
  }

  private update(): Promise<void> {
    if (this.reader.error) return Promise.reject(this.reader.error);
    const req = Buffer.alloc(10);
    req[0] = 3;
    req[1] = 0; // not incremental: the whole screen
    req.writeUInt16BE(this.width, 6);
    req.writeUInt16BE(this.height, 8);
    const done = new Promise<void>((resolve, reject) => {
      // A server that never answers must not hold the caller (nor its connection) for ever.
      const timer = setTimeout(
        () => this.fail(new RfbServerError('RFB_TIMEOUT', `no framebuffer update within ${this.limits.timeoutMs} ms`)),
        this.limits.timeoutMs,
      );
      this.waiters.push({ resolve, reject, timer });
    });
    this.socket.write(req);
    return done;
  }

  private fail(err: unknown): void {
    const e = err instanceof RfbServerError ? err : new RfbServerError('RFB_CLOSED', (err as Error).message);
    this.failure ??= e;
    this.reader.fail(e);
  }

  private resize(width: number, height: number): void {
    if (width < 1 || height < 1 || width > this.limits.maxWidth || height > this.limits.maxHeight) {
      throw new RfbServerError(
        'RFB_SIZE_LIMIT',
        `framebuffer of ${width}x${height} (at most ${this.limits.maxWidth}x${this.limits.maxHeight})`,
      );
    }
    this.width = width;
    this.height = height;
    this.fb = Buffer.alloc(width * height * 4);
  }

  private async loop(): Promise<void> {
    const r = this.reader;
    for (;;) {
      const type = (await r.read(1))[0]!;
      if (type === 0) {
        await this.framebufferUpdate();
        const w = this.waiters.shift();
        if (w) {
          clearTimeout(w.timer);
          w.resolve();
        }
      } else if (type === 2) {
        // Bell: nothing to read.
      } else if (type === 3) {
        const len = (await r.read(7)).readUInt32BE(3);
        if (len > MAX_CUT_TEXT)
          throw new RfbServerError('RFB_SIZE_LIMIT', `clipboard text of ${len} bytes (at most ${MAX_CUT_TEXT})`);
        await r.read(len);
      } else {
        throw new RfbServerError('RFB_BAD_MESSAGE', `unexpected RFB server message ${type}`);
      }
    }
  }

  /** One FramebufferUpdate: every rectangle inside the screen, at most twice its pixels in all. */
  private async framebufferUpdate(): Promise<void> {
    const r = this.reader;
    const rects = (await r.read(3)).readUInt16BE(1);
    let budget = 2 * this.width * this.height;
    for (let i = 0; i < rects; i++) {
      const h = await r.read(12);
      const [x, y, w, hh, enc] = [h.readUInt16BE(0), h.readUInt16BE(2), h.readUInt16BE(4), h.readUInt16BE(6), h.readInt32BE(8)];
      if (enc === ENCODING_DESKTOP_SIZE) {
        this.resize(w, hh);
        budget = 2 * this.width * this.height;
        continue;
      }
      if (enc !== ENCODING_RAW) throw new RfbServerError('RFB_BAD_RECT', `unexpected RFB encoding ${enc}`);
      if (x + w > this.width || y + hh > this.height) {
        throw new RfbServerError(
          'RFB_BAD_RECT',
          `rectangle ${w}x${hh}+${x}+${y} outside the ${this.width}x${this.height} screen`,
        );
      }
      budget -= Math.max(1, w * hh); // empty rectangles count too: 65535 of them are no update
      if (budget < 0) throw new RfbServerError('RFB_SIZE_LIMIT', 'a framebuffer update larger than twice the screen');
      if (w * hh > 0) this.blit(x, y, w, hh, await r.read(w * hh * 4));
    }
  }

  private blit(x: number, y: number, w: number, h: number, data: Buffer): void {
    for (let row = 0; row < h; row++) {
      data.copy(this.fb, ((y + row) * this.width + x) * 4, row * w * 4, (row + 1) * w * 4);
    }
  }
}

function clamp(v: number, max: number): number {
  return Math.max(0, Math.min(Math.round(v), Math.max(0, max - 1)));
}
