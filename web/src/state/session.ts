/**
 * Who is logged in. The admin token lives in sessionStorage (gone when the tab closes) unless the
 * operator ticks "remember", then localStorage; it is never put in a URL except the WebSocket query.
 */
import { computed, signal } from '@preact/signals';

const KEY = 'aether.token';
const stored = sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY);

export const token = signal<string | null>(stored);
export const loggedIn = computed(() => token.value !== null);
/** Why the last session ended (shown on the login page). */
export const sessionNote = signal<string | null>(null);

export function logIn(value: string, remember: boolean): void {
  (remember ? localStorage : sessionStorage).setItem(KEY, value);
  sessionNote.value = null;
  token.value = value;
}

export function logOut(note: string | null = null): void {
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
  sessionNote.value = note;
  token.value = null;
}

/** A 401 on a logged-in request: the token was rotated or the kernel's state was reset. */
export function expireSession(): void {
  if (token.value !== null) logOut('The kernel refused the token; log in again.');
}
