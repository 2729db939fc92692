/**
 * Reads the client-to-server half of an RFB 3.8 session (RFC 6143) as it passes through the
 * kernel's proxy, message by message, so input can be dropped on the server side: keyboard,
 * pointer, clipboard and screen-size messages from anyone who does not hold the control lease
 * never reach Xvnc, whatever the browser does. A message it cannot frame ends the session:
 * passing bytes it does not understand would let input slip through.
 */

export type ClientMessageKind = 'handshake' | 'control' | 'input' | 'forbidden';

export class RfbProtocolError extends Error {}

/** Message types noVNC and TigerVNC's viewer send, with their sizes and whether they are input. */
function frame(buf: Buffer): { size: number; kind: ClientMessageKind } | null {
  const type = buf[0]!;
  const need = (n: number) => (buf.length >= n ? n : -1);
  let size: number;
  let kind: ClientMessageKind = 'control';
  switch (type) {
    case 0: // SetPixelFormat
      size = need(20);
      break;
    case 2: // SetEncodings
      size = buf.length < 4 ? -1 : need(4 + 4 * buf.readUInt16BE(2));
      break;
    case 3: // FramebufferUpdateRequest
      size = need(10);
      break;
    case 4: // KeyEvent
      size = need(8);
      kind = 'input';
      break;
    case 5: // PointerEvent
      size = need(6);
      kind = 'input';
      break;
    case 6: {
      // ClientCutText: a negative length is the extended-clipboard form; either way it is pasting.
      if (buf.length < 8) return null;
      const len = Math.abs(buf.readInt32BE(4));
      if (len > 16 * 1024 * 1024) throw new RfbProtocolError('clipboard message too large');
      size = need(8 + len);
      kind = 'input';
      break;
    }
    case 150: // EnableContinuousUpdates
      size = need(10);
      break;
    case 248: // ClientFence
      size = buf.length < 9 ? -1 : need(9 + buf[8]!);
      break;
    case 251: // SetDesktopSize: changes the agent's screen
      size = buf.length < 8 ? -1 : need(8 + 16 * buf[6]!);
      kind = 'input';
      break;
    case 250: // xvp (shutdown, reboot): never from a browser
      size = need(4);
      kind = 'forbidden';
      break;
    case 255: // QEMU extended key event (subtype 0) only
      if (buf.length < 2) return null;
      if (buf[1] !== 0) throw new RfbProtocolError(`unsupported QEMU client message subtype ${buf[1]}`);
      size = need(12);
      kind = 'input';
      break;
    default:
      throw new RfbProtocolError(`unknown RFB client message type ${type}`);
  }
  return size < 0 ? null : { size, kind };
}

/**
 * Splits the client's byte stream into whole messages. The handshake (version, the security
 * type, ClientInit) is checked: only RFB 3.8 with security type None (the socket behind the
 * proxy is reachable by the kernel alone; people authenticate at the WebSocket), and ClientInit
 * is forced to "shared" so no viewer can disconnect the others or the kernel's own client.
 */
export class ClientMessageFilter {
  private pending: Buffer = Buffer.alloc(0);
  private phase: 'version' | 'security' | 'init' | 'messages' = 'version';

  constructor(
    private readonly mayInput: () => boolean,
    private readonly onDrop?: () => void,
  ) {}

  /** Feeds bytes from the client; returns what may go on to the server. Throws RfbProtocolError. */
  push(data: Buffer): Buffer {
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    const out: Buffer[] = [];
    for (;;) {
      const msg = this.next();
      if (!msg) break;
      if (msg.kind === 'forbidden') throw new RfbProtocolError('the client sent a forbidden message');
      if (msg.kind !== 'input' || this.mayInput()) out.push(msg.bytes);
      else this.onDrop?.();
    }
    return Buffer.concat(out);
  }

  private next(): { bytes: Buffer; kind: ClientMessageKind } | null {
    const buf = this.pending;
    if (buf.length === 0) return null;
    if (this.phase === 'version') {
      if (buf.length < 12) return null;
      if (buf.subarray(0, 12).toString('latin1') !== 'RFB 003.008\n') {
        throw new RfbProtocolError('only RFB 3.8 clients are served');
      }
      this.phase = 'security';
      return this.take(12, 'handshake');
    }
    if (this.phase === 'security') {
      if (buf[0] !== 1) throw new RfbProtocolError('only security type None is offered behind the proxy');
      this.phase = 'init';
      return this.take(1, 'handshake');
    }
    if (this.phase === 'init') {
      this.phase = 'messages';
      const msg = this.take(1, 'handshake');
      return { ...msg, bytes: Buffer.from([1]) };
    }
    const f = frame(buf);
    return f ? this.take(f.size, f.kind) : null;
  }

  private take(n: number, kind: ClientMessageKind): { bytes: Buffer; kind: ClientMessageKind } {
    const bytes = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    return { bytes, kind };
  }
}
