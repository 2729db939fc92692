import { readdir, readFile } from 'node:fs/promises';
import Type from 'typebox';
import { defineTool } from './registry.js';

interface ProcInfo {
  pid: number;
  ppid: number;
  state: string;
  command: string;
}

/** The processes this sandbox can see (its own PID namespace: only its own). */
async function processes(): Promise<ProcInfo[]> {
  const out: ProcInfo[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      // comm may hold spaces and parentheses: the fields after the last ')' are fixed.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0').filter(Boolean).join(' ');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      out.push({ pid: Number(name), ppid: Number(rest[1]), state: rest[0]!, command: cmdline || `[${comm}]` });
    } catch {
      /* it ended meanwhile */
    }
  }
  return out.sort((a, b) => a.pid - b.pid);
}

function isDescendant(all: ProcInfo[], pid: number, of: number): boolean {
  const byPid = new Map(all.map((p) => [p.pid, p]));
  for (let p = byPid.get(pid); p && p.ppid > 0; p = byPid.get(p.ppid)) if (p.ppid === of) return true;
  return false;
}

export const listProcessesTool = defineTool({
  name: 'list_processes',
  category: 'processes',
  description: 'List the processes in your sandbox (pid, parent, state, command). Your own runtime is marked.',
  parameters: Type.Object({}),
  async run() {
    const all = await processes();
    return {
      output: all
        .map(
          (p) =>
            `${String(p.pid).padStart(6)} ${String(p.ppid).padStart(6)} ${p.state} ${p.command}${p.pid === process.pid ? '   <- runtime' : ''}`,
        )
        .join('\n'),
    };
  },
});

const SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGSTOP', 'SIGCONT'] as const;

export const signalProcessTool = defineTool({
  name: 'signal_process',
  category: 'processes',
  description: 'Send a signal to one of your own child processes (started by your commands or background jobs).',
  parameters: Type.Object({
    pid: Type.Integer({ minimum: 1 }),
    signal: Type.Optional(Type.Unsafe<(typeof SIGNALS)[number]>({ type: 'string', enum: [...SIGNALS] })),
  }),
  async run({ pid, signal = 'SIGTERM' }) {
    const all = await processes();
    if (!all.some((p) => p.pid === pid)) return { isError: true, output: `No process ${pid}; list_processes shows yours.` };
    if (!isDescendant(all, pid, process.pid))
      return { isError: true, output: `Process ${pid} is not one of your children; you may only signal processes you started.` };
    process.kill(pid, signal);
    return { output: `Sent ${signal} to ${pid}.` };
  },
});
