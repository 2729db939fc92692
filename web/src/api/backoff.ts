/** Reconnect delays: quick first retries (a kernel restart takes a second or two), capped, jittered. */
export function backoffDelay(attempt: number, random = Math.random): number {
  const base = Math.min(250 * 2 ** attempt, 8000);
  return Math.round(base * (0.75 + random() * 0.5));
}
