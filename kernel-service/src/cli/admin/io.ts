/** Output and programs of a process: logs, exec. */
import { constants } from 'node:os';
import type { LogEntry } from '@aether-os/sdk';
import { UsageError, type Io } from '../usage.js';
import { flag, str, type Command } from './command.js';
import { pidArg, positiveInt } from './format.js';
import { attachTerminal } from './attach.js';

function printEntry(io: Io, e: LogEntry, timestamps: boolean): void {
  const line = `${timestamps ? `${e.at} ` : ''}${e.text}${e.text.endsWith('\n') ? '' : '\n'}`;
  (e.stream === 'stderr' ? io.stderr : io.stdout).write(line);
}

export const logs: Command = {
  name: 'logs',
  summary: "A process's stdout and stderr (its journal, or its container's logs); -f follows until it ends",
  synopsis: '[-f] [--tail N] [--since TIME] [-t] PID',
  details: [
    '-f, --follow       keep printing until the process ends',
    '--since TIME       ISO time or unix seconds',
    '-t, --timestamps   prefix each line with its time',
  ],
  options: {
    follow: { type: 'boolean', short: 'f' },
    tail: { type: 'string', short: 'n' },
    since: { type: 'string' },
    timestamps: { type: 'boolean', short: 't' },
  },
  async run(ctx, o, args) {
    const pid = pidArg(args[0], 'logs');
    const tail = positiveInt(str(o, 'tail'), '--tail');
    const since = str(o, 'since');
    const agent = await ctx.aether().agents.get(pid);
    const opts = { ...(tail ? { tail } : {}), ...(since ? { since: /^\d+$/.test(since) ? Number(since) : since } : {}) };
    const ts = flag(o, 'timestamps');
    if (flag(o, 'follow')) {
      for await (const e of agent.logs({ ...opts, follow: true })) printEntry(ctx.io, e, ts);
    } else {
      const r = await agent.logs(opts);
      for (const e of r.entries) printEntry(ctx.io, e, ts);
      if (r.truncated) ctx.io.stderr.write('aether: (older lines left out; use --tail or --since)\n');
    }
    return 0;
  },
};

/** The status a shell would report: the code, or 128+signal, or 124 (timeout's convention) for a timeout. */
export function exitStatus(r: { exitCode: number | null; signal: string | null; timedOut: boolean }): number {
  if (r.timedOut) return 124;
  if (r.exitCode !== null) return r.exitCode;
  const n = r.signal ? (constants.signals as Record<string, number>)[r.signal] : undefined;
  return n ? 128 + n : 1;
}

async function readStdin(io: Io): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of io.stdin) parts.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(parts).toString('utf8');
}

export const exec: Command = {
  name: 'exec',
  summary: "Run a command in a process's sandbox (its user, home, namespaces and limits); its exit code is aether's",
  synopsis: '[-i] [-t] [--timeout SECONDS] [-e K=V]... PID -- CMD ARGS…',
  details: [
    '-i, --interactive  send this stdin to the command',
    '-t, --tty          attach a terminal (with -i: an interactive shell-like session; Ctrl-] detaches)',
    '--timeout S        kill the command after S seconds (default 30, at most 600; not with -t)',
  ],
  options: {
    interactive: { type: 'boolean', short: 'i' },
    tty: { type: 'boolean', short: 't' },
    timeout: { type: 'string' },
    env: { type: 'string', short: 'e', multiple: true },
  },
  argvAfter: 1,
  async run(ctx, o, args, argv) {
    const pid = pidArg(args[0], 'exec');
    if (args.length > 1) throw new UsageError(`unexpected argument "${args[1]}"`, 'exec');
    if (argv.length === 0) throw new UsageError('a command is needed: aether exec PID -- CMD ARGS…', 'exec');
    const timeout = positiveInt(str(o, 'timeout'), '--timeout');
    if (timeout !== undefined && timeout > 600) throw new UsageError('--timeout is at most 600 seconds', 'exec');
    const env = (o.env as string[] | undefined)?.map((kv) => {
      const i = kv.indexOf('=');
      if (i <= 0) throw new UsageError(`--env wants K=V, not "${kv}"`, 'exec');
      return [kv.slice(0, i), kv.slice(i + 1)] as const;
    });
    if (flag(o, 'tty')) return attachTerminal(ctx, pid, argv);
    const agent = await ctx.aether().agents.get(pid);
    const stdin = flag(o, 'interactive') ? await readStdin(ctx.io) : undefined;
    let status = 1;
    for await (const chunk of agent.execStream(argv, {
      ...(stdin !== undefined ? { stdin } : {}),
      ...(timeout ? { timeoutMs: timeout * 1000 } : {}),
      ...(env ? { env: Object.fromEntries(env) } : {}),
    })) {
      if ('stream' in chunk) (chunk.stream === 'stderr' ? ctx.io.stderr : ctx.io.stdout).write(chunk.data);
      else {
        status = exitStatus(chunk);
        if (chunk.timedOut) ctx.io.stderr.write(`aether: the command timed out and was killed\n`);
      }
    }
    return status;
  },
};
