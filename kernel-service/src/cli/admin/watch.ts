/** Live views: top (a refreshing table from /stats) and events (the event stream, replayed with --after). */
import type { KernelEvent, ProcessRecord, ProcessStats } from '@aether-os/sdk';
import { UsageError } from '../usage.js';
import { str, type Command } from './command.js';
import { bytes, duration, outputFormat, positiveInt, table } from './format.js';

export function topTable(stats: Record<string, ProcessStats>, records: ProcessRecord[]): string {
  const byPid = new Map(records.map((p) => [p.pid, p]));
  const rows = Object.values(stats)
    .sort((a, b) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0) || a.pid - b.pid)
    .map((s) => {
      const limit = byPid.get(s.pid)?.limits.memoryMax;
      return [
        String(s.pid),
        s.agent,
        s.state,
        s.cpuPercent === null ? '-' : s.cpuPercent.toFixed(1),
        `${bytes(s.memoryBytes)}${limit ? ` / ${bytes(limit)}` : ''}`,
        s.tasks === null ? '-' : String(s.tasks),
        s.driver,
      ];
    });
  return table(['PID', 'NAME', 'STATE', 'CPU%', 'MEMORY', 'TASKS', 'DRIVER'], rows);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const top: Command = {
  name: 'top',
  summary: 'CPU, memory and tasks of every live process, refreshed (Ctrl-C stops)',
  synopsis: '[--interval 2s] [-n COUNT]',
  details: ['-n COUNT   stop after COUNT screens (default: until Ctrl-C on a terminal, 1 otherwise)'],
  options: { interval: { type: 'string' }, count: { type: 'string', short: 'n' } },
  async run(ctx, o) {
    const every = duration(str(o, 'interval') ?? '2s', '--interval');
    const count = positiveInt(str(o, 'count'), '-n') ?? (ctx.io.stdout.isTTY ? Infinity : 1);
    const aether = ctx.aether();
    for (let i = 0; i < count; i++) {
      if (i > 0) await sleep(every * 1000);
      const [stats, page] = await Promise.all([aether.stats(), aether.agents.list()]);
      const text = topTable(
        stats,
        page.agents.map((a) => a.record),
      );
      ctx.io.stdout.write(ctx.io.stdout.isTTY ? `\x1b[H\x1b[2J${new Date().toISOString()}\n${text}\n` : `${text}\n`);
    }
    return 0;
  },
};

export function eventLine(e: KernelEvent): string {
  const { seq, type, pid, at, ...rest } = e as KernelEvent & { pid?: unknown; at?: unknown };
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
  return `${seq}\t${typeof at === 'string' ? `${at}\t` : ''}${type}${typeof pid === 'number' || typeof pid === 'string' ? `\tpid=${pid}` : ''}${extra}`;
}

export const events: Command = {
  name: 'events',
  summary: "The kernel's events as they happen; --after SEQ replays stored ones first (reconnects without losing any)",
  synopsis: '[--after SEQ] [-n COUNT] [-o json]',
  options: { after: { type: 'string' }, count: { type: 'string', short: 'n' }, output: { type: 'string', short: 'o' } },
  async run(ctx, o) {
    const a = str(o, 'after');
    if (a !== undefined && !/^\d+$/.test(a))
      throw new UsageError(`--after wants an event seq (an integer), not "${a}"`, 'events');
    const count = positiveInt(str(o, 'count'), '-n') ?? Infinity;
    const json = outputFormat(str(o, 'output'), 'events') === 'json';
    let n = 0;
    if (count === 0) return 0;
    for await (const e of ctx.aether().events(a !== undefined ? { after: Number(a) } : {})) {
      ctx.io.stdout.write(`${json ? JSON.stringify(e) : eventLine(e)}\n`);
      if (++n >= count) break;
    }
    return 0;
  },
};
