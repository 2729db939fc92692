/** Parsing of option values and the text the admin commands print. */
import { UsageError } from '../usage.js';

/** Columns padded to their widest cell; the last column is not padded (commands can be long). */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** "12s", "5m", "3h", "2d" since an ISO time (now - then). */
export function age(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

/** 268435456 → "256M". */
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '-';
  const units = ['B', 'K', 'M', 'G', 'T'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 10 || u === 0 ? Math.round(v) : v.toFixed(1)}${units[u]}`;
}

export function keyValue(s: string, flag: string): [string, string] {
  const i = s.indexOf('=');
  if (i <= 0) throw new UsageError(`${flag} wants key=value, not "${s}"`);
  return [s.slice(0, i), s.slice(i + 1)];
}

export function keyValues(list: string[] | undefined, flag: string): Record<string, string> | undefined {
  if (!list || list.length === 0) return undefined;
  return Object.fromEntries(list.map((s) => keyValue(s, flag)));
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "90", "90s", "30m", "1h", "2d", "1h30m" → seconds. */
export function duration(s: string, flag: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const parts = [...s.matchAll(/(\d+)([smhd])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== s) {
    throw new UsageError(`${flag} wants a duration such as 90s, 30m, 1h or 2d, not "${s}"`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]!]!, 0);
}

/** "256M", "1G", "512k" → the kernel's size form ("256M"); bytes as a number stay a number. */
export function memory(s: string): string | number {
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^(\d+(?:\.\d+)?)([kKmMgGtT])[bB]?$/.exec(s);
  if (!m) throw new UsageError(`--memory wants a size such as 256M or 1G, not "${s}"`);
  return `${m[1]}${m[2]!.toUpperCase()}`;
}

/** CPUs as docker spells them ("0.5", "2") → the kernel's percent of one CPU. */
export function cpus(s: string): number {
  const n = Number(s);
  if (!/^\d+(\.\d+)?$/.test(s) || n <= 0) throw new UsageError(`--cpus wants a number of CPUs such as 0.5 or 2, not "${s}"`);
  return Math.max(1, Math.round(n * 100));
}

export function positiveInt(s: string | undefined, flag: string): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) < 1) throw new UsageError(`${flag} wants a positive integer, not "${s}"`);
  return Number(s);
}

export function pidArg(s: string | undefined, command: string): number {
  if (s === undefined) throw new UsageError('a PID is needed', command);
  if (!/^[1-9]\d*$/.test(s)) throw new UsageError(`"${s}" is not a PID (a positive integer)`, command);
  return Number(s);
}

export function outputFormat(o: string | undefined, command: string): 'json' | 'table' {
  if (o === undefined || o === 'table' || o === 'wide') return 'table';
  if (o === 'json') return 'json';
  throw new UsageError(`-o wants json or table, not "${o}"`, command);
}
