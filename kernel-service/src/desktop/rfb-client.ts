import type { Socket } from 'node:net';
import { encodePng } from './png.js';

const ENCODING_RAW = 0;
const ENCODING_DESKTOP_SIZE = -223;

/** Pulls exact byte counts out of a socket's stream. */
class Reader {
  private buf: Buffer = Buffer.alloc(0);
  private want: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
  private failed: Error | null = null;

  constructor(socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.serve();
    });
    const fail = (err: Error) => {
      this.failed = err;
      this.want?.reject(err);
      this.want = null;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the VNC server closed the connection')));
  }

  read(n: number): Promise<Buffer> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.want = { n, resolve, reject };
      this.serve();
    });
  }

  private serve(): void {
    if (!this.want || this.buf.length < this.want.n) return;
    const { n, resolve } = this.want;
    this.want = null;
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    resolve(out);
  }
}

/**
 * The kernel's own RFB client on an agent's display: it takes screenshots (for the agent's
 * screenshot tool and the "a human intervened" observation) and sends the agent's clicks and
 * keys. Raw encoding only: the socket is local, so bandwidth is free and decoding trivial.
 * Pixels arrive as R, G, B, unused (32 bpp true colour, little endian, shifts 0/8/16).
 */
export class RfbClient {
  width = 0;
  height = 0;
  private fb = Buffer.alloc(0);
  private readonly waiters: (() => void)[] = [];
  closed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    private readonly reader: Reader,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async handshake(socket: Socket): Promise<RfbClient> {
    const reader = new Reader(socket);
    const client = new RfbClient(socket, reader);
    const version = (await reader.read(12)).toString('latin1');
    if (!version.startsWith('RFB 003.')) throw new Error(`not an RFB server: ${JSON.stringify(version)}`);
    socket.write('RFB 003.008\n');
    const count = (await reader.read(1))[0]!;
    if (count === 0) throw new Error('the VNC server refused the connection');
    const types = [...(await reader.read(count))];
    if (!types.includes(1)) throw new Error(`the VNC server does not offer security type None (offers ${types.join(',')})`);
    socket.write(Buffer.from([1]));
    if ((await reader.read(4)).readUInt32BE(0) !== 0) throw new Error('the VNC server rejected security type None');
    socket.write(Buffer.from([1])); // shared: never disconnect the viewers
    const init = await reader.read(24);
    client.resize(init.readUInt16BE(0), init.readUInt16BE(2));
    await reader.read(init.readUInt32BE(20)); // the desktop's name
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
    socket.write(Buffer.concat([pf, enc]));
    void client.loop().catch(() => socket.destroy());
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

  private update(): Promise<void> {
    const req = Buffer.alloc(10);
    req[0] = 3;
    req[1] = 0; // not incremental: the whole screen
    req.writeUInt16BE(this.width, 6);
    req.writeUInt16BE(this.height, 8);
    const done = new Promise<void>((resolve, reject) => {
      this.waiters.push(resolve);
      void this.closed.then(() => reject(new Error('the desktop closed the connection')));
    });
    this.socket.write(req);
    return done;
  }

  private resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.fb = Buffer.alloc(width * height * 4);
  }

  private async loop(): Promise<void> {
    for (;;) {
      const type = (await this.reader.read(1))[0]!;
      if (type === 0) {
        const rects = (await this.reader.read(3)).readUInt16BE(1);
        for (let i = 0; i < rects; i++) {
          const h = await this.reader.read(12);
          const [x, y, w, hh, enc] = [
            h.readUInt16BE(0),
            h.readUInt16BE(2),
            h.readUInt16BE(4),
            h.readUInt16BE(6),
            h.readInt32BE(8),
          ];
          if (enc === ENCODING_DESKTOP_SIZE) this.resize(w, hh);
          else if (enc === ENCODING_RAW) this.blit(x, y, w, hh, await this.reader.read(w * hh * 4));
          else throw new Error(`unexpected RFB encoding ${enc}`);
        }
        this.waiters.shift()?.();
      } else if (type === 2) {
        // Bell: nothing to read.
      } else if (type === 3) {
        const len = (await this.reader.read(7)).readUInt32BE(3);
        await this.reader.read(len);
      } else {
        throw new Error(`unexpected RFB server message ${type}`);
      }
    }
  }

  private blit(x: number, y: number, w: number, h: number, data: Buffer): void {
    for (let row = 0; row < h; row++) {
      const dst = ((y + row) * this.width + x) * 4;
      if (y + row >= this.height) break;
      data.copy(this.fb, dst, row * w * 4, row * w * 4 + Math.min(w, this.width - x) * 4);
    }
  }
}

function clamp(v: number, max: number): number {
  return Math.max(0, Math.min(Math.round(v), Math.max(0, max - 1)));
}
