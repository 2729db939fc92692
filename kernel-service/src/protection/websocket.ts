import type { WebSocket } from 'ws';

/**
 * Sends on a WebSocket unless its client has fallen behind: once more than `maxBuffered` bytes
 * wait unsent (protection.websocketMaxBufferedBytes), the connection is terminated instead, so a
 * slow or stalled client never makes the kernel hold its backlog. Terminated, not closed: a close
 * frame would queue behind the very backlog it is meant to free. The client reconnects and
 * resynchronises (events: from the API; terminals: from the scrollback). Returns whether it sent.
 */
export function sendBounded(ws: WebSocket, data: string | Buffer, maxBuffered: number, onDrop?: () => void): boolean {
  if (ws.readyState !== ws.OPEN) return false;
  if (ws.bufferedAmount > maxBuffered) {
    ws.terminate();
    onDrop?.();
    return false;
  }
  ws.send(data, { binary: typeof data !== 'string' });
  return true;
}
