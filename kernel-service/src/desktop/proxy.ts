import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import { ClientMessageFilter } from './rfb-filter.js';

/**
 * WebSocket <-> VNC for one viewer (noVNC). The server's bytes go to the browser untouched; the
 * browser's bytes go through the RFB message filter, which drops input unless `mayInput()` (the
 * viewer presented the current control lease's key) at the moment each message arrives.
 */
export function proxyVnc(ws: WebSocket, vnc: Socket, mayInput: () => boolean, onDrop?: () => void): void {
  const filter = new ClientMessageFilter(mayInput, onDrop);
  const end = () => {
    vnc.destroy();
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
  };
  let waiting: NodeJS.Timeout | null = null;
  vnc.on('data', (d: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(d, { binary: true });
    // Backpressure: a slow browser pauses the VNC socket rather than filling the kernel's memory
    // (one watcher at a time: chunks already read still arrive after pause()).
    if (ws.bufferedAmount > 8 * 1024 * 1024 && !waiting) {
      vnc.pause();
      waiting = setInterval(() => {
        if (ws.readyState !== ws.OPEN || ws.bufferedAmount < 1024 * 1024) {
          clearInterval(waiting!);
          waiting = null;
          vnc.resume();
        }
      }, 20);
    }
  });
  vnc.on('close', end);
  vnc.on('error', end);
  ws.on('message', (data: RawData) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    try {
      const pass = filter.push(bytes);
      if (pass.length) vnc.write(pass);
    } catch {
      ws.close(1008, 'RFB protocol violation');
      vnc.destroy();
    }
  });
  ws.on('close', end);
  ws.on('error', end);
}
