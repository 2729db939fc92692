import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ClientMessageFilter, encodePng, LeaseBook, RfbProtocolError } from '../../kernel-service/src/desktop/index.js';
import { EventBus } from '../../kernel-service/src/events/index.js';
import { Scrollback } from '../../kernel-service/src/terminals/index.js';

const handshake = Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1]), Buffer.from([0])]);
const key = (down: boolean, sym: number) => {
  const b = Buffer.alloc(8);
  b[0] = 4;
  b[1] = down ? 1 : 0;
  b.writeUInt32BE(sym, 4);
  return b;
};
const pointer = (x: number, y: number) => Buffer.from([5, 0, x >> 8, x & 255, y >> 8, y & 255]);
const update = Buffer.from([3, 1, 0, 0, 0, 0, 5, 0, 3, 32]);
const encodings = Buffer.from([2, 0, 0, 2, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x21]);

describe('the RFB input filter', () => {
  it('passes the handshake (forcing a shared session) and control messages, and input only with the lease', () => {
    let lease = false;
    let dropped = 0;
    const f = new ClientMessageFilter(
      () => lease,
      () => dropped++,
    );
    const first = f.push(handshake);
    // ClientInit asked for an exclusive session (0): the proxy turns it into a shared one.
    expect([...first.subarray(12)]).toEqual([1, 1]);
    const stream = Buffer.concat([encodings, update, key(true, 0x61), pointer(10, 20), update]);
    expect(f.push(stream)).toEqual(Buffer.concat([encodings, update, update]));
    expect(dropped).toBe(2);
    lease = true;
    expect(f.push(Buffer.concat([key(true, 0x61), pointer(1, 2)]))).toEqual(Buffer.concat([key(true, 0x61), pointer(1, 2)]));
  });

  it('frames messages split across WebSocket frames, and clipboard and screen-size messages as input', () => {
    const f = new ClientMessageFilter(() => false);
    f.push(handshake);
    const cut = Buffer.concat([Buffer.from([6, 0, 0, 0, 0, 0, 0, 5]), Buffer.from('hello')]);
    const resize = Buffer.concat([Buffer.from([251, 0, 0x05, 0x00, 0x03, 0x20, 1, 0]), Buffer.alloc(16)]);
    const all = Buffer.concat([cut, resize, update]);
    const out: Buffer[] = [];
    for (let i = 0; i < all.length; i += 3) out.push(f.push(all.subarray(i, i + 3)));
    expect(Buffer.concat(out)).toEqual(update);
  });

  it('ends sessions it cannot frame or that try anything but RFB 3.8 with security None', () => {
    expect(() => new ClientMessageFilter(() => true).push(Buffer.from('RFB 003.003\n'))).toThrow(RfbProtocolError);
    expect(() =>
      new ClientMessageFilter(() => true).push(Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([2])])),
    ).toThrow(/security type None/);
    const f = new ClientMessageFilter(() => true);
    f.push(handshake);
    expect(() => f.push(Buffer.from([99, 0, 0, 0]))).toThrow(/unknown RFB client message type 99/);
    const g = new ClientMessageFilter(() => true);
    g.push(handshake);
    expect(() => g.push(Buffer.from([250, 0, 1, 2]))).toThrow(/forbidden/);
  });
});

describe('PNG encoding', () => {
  it('writes a valid RGB PNG of the framebuffer', () => {
    const rgbx = Buffer.from([255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 9, 9, 9, 0]);
    const png = encodePng(2, 2, rgbx);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(2);
    const idatAt = png.indexOf('IDAT');
    const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + png.readUInt32BE(idatAt - 4)));
    expect([...raw]).toEqual([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 9, 9, 9]);
  });
});

describe('terminal scrollback', () => {
  it('keeps the last bytes by absolute offset', () => {
    const s = new Scrollback(10);
    s.push(Buffer.from('0123456'));
    s.push(Buffer.from('789abc'));
    expect(s.end).toBe(13);
    expect(s.since(0)).toEqual({ data: Buffer.from('3456789abc'), from: 3, next: 13 });
    expect(s.since(11).data.toString()).toBe('bc');
    expect(s.since(13).data.length).toBe(0);
  });
});

describe('control leases', () => {
  it('are exclusive, renewable with their key, visible as events, and end by release or expiry', async () => {
    const events = new EventBus();
    const seen: unknown[] = [];
    events.subscribe((e) => seen.push([e.change, (e.lease as { owner?: string } | null)?.owner ?? null]));
    const calls: string[] = [];
    const book = new LeaseBook(
      events,
      {
        taken: async (pid) => void calls.push(`pause ${pid}`),
        ended: async (pid, _l, why) => void calls.push(`resume ${pid} ${why}`),
      },
      60_000,
    );
    const { key, lease } = await book.take(7, 'alice', 30_000);
    expect(lease.owner).toBe('alice');
    expect(book.holds(7, key)).toBe(true);
    expect(book.holds(7, 'guess')).toBe(false);
    await expect(book.take(7, 'bob', 30_000)).rejects.toMatchObject({ code: 'LEASE_HELD' });
    const renewed = await book.take(7, 'alice', 30_000, key);
    expect(renewed.key).toBe(key);
    await expect(book.release(7, 'guess')).rejects.toMatchObject({ code: 'LEASE_NOT_HELD' });
    await book.release(7, key);
    expect(book.get(7)).toBeNull();
    await book.take(8, 'carol', 20);
    await new Promise((r) => setTimeout(r, 60));
    expect(book.get(8)).toBeNull();
    expect(calls).toEqual(['pause 7', 'resume 7 released', 'pause 8', 'resume 8 expired']);
    expect(seen).toEqual([
      ['taken', 'alice'],
      ['renewed', 'alice'],
      ['released', null],
      ['taken', 'carol'],
      ['expired', null],
    ]);
  });
});
