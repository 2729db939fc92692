/** Latency statistics for the benchmarks: median and p99 from raw samples (milliseconds). */
export interface Stats {
  n: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { n: s.length, p50: at(0.5), p99: at(0.99), min: s[0]!, max: s.at(-1)! };
}

export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

export function row(label: string, st: Stats, target?: string): string {
  const f = (x: number) => x.toFixed(1).padStart(7);
  return `  ${label.padEnd(56)} n=${String(st.n).padStart(4)}  p50=${f(st.p50)} ms  p99=${f(st.p99)} ms  max=${f(st.max)} ms${target ? `   (target ${target})` : ''}`;
}
