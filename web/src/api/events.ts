/**
 * The kernel's event stream (WS /api/v1/events). Reconnects by itself with backoff; `connection`
 * says whether the UI is live so the shell can show a banner; every (re)open calls the resync
 * handlers, because events sent while disconnected are gone and stores must re-read state.
 */
import { signal } from '@preact/signals';
import { backoffDelay } from './backoff';
import { wsUrl } from './http';
import type { KernelEvent } from './types';

export type Connection = 'connecting' | 'open' | 'closed';
export const connection = signal<Connection>('connecting');
/** When the next attempt starts (ms since epoch), while closed. */
export const retryAt = signal<number | null>(null);
/** Set once the stream was open at least once in this session: the banner is for losing it. */
export const everConnected = signal(false);

type Listener = (e: KernelEvent) => void;
const listeners = new Set<Listener>();
const resyncs = new Set<() => void>();

let socket: WebSocket | null = null;
let attempt = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let stopped = true;

export function onEvent(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function onResync(r: () => void): () => void {
  resyncs.add(r);
  return () => resyncs.delete(r);
}

export function startEvents(): void {
  stopped = false;
  connect();
}

export function stopEvents(): void {
  stopped = true;
  clearTimeout(timer);
  socket?.close();
  socket = null;
  connection.value = 'connecting';
  everConnected.value = false;
}

/** Retry now (the banner's button) instead of waiting out the backoff. */
export function reconnectNow(): void {
  clearTimeout(timer);
  if (!stopped && connection.value === 'closed') connect();
}

function connect(): void {
  connection.value = 'connecting';
  retryAt.value = null;
  const ws = new WebSocket(wsUrl('/events'));
  socket = ws;
  ws.onopen = () => {
    attempt = 0;
    connection.value = 'open';
    everConnected.value = true;
    for (const r of resyncs) r();
  };
  ws.onmessage = (msg) => {
    let event: KernelEvent;
    try {
      event = JSON.parse(String(msg.data)) as KernelEvent;
    } catch {
      return;
    }
    for (const l of listeners) l(event);
  };
  ws.onclose = () => {
    if (socket !== ws || stopped) return;
    socket = null;
    connection.value = 'closed';
    const delay = backoffDelay(attempt++);
    retryAt.value = Date.now() + delay;
    timer = setTimeout(connect, delay);
  };
}
