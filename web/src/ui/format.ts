/** Small formatting helpers shared by the views. */
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function ago(at: string | number | null | undefined, now = Date.now()): string {
  if (at === null || at === undefined) return '—';
  const t = typeof at === 'number' ? at : Date.parse(at);
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export function clock(at: string | number | null | undefined): string {
  if (at === null || at === undefined) return '';
  const d = new Date(at);
  return d.toLocaleTimeString(undefined, { hour12: false });
}

export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

export const usd = (n: number | undefined) => (n === undefined ? '—' : `$${n.toFixed(n < 1 ? 4 : 2)}`);
export const int = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString('en-US'));
