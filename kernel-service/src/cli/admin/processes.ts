/** Process commands: ps, inspect, run, pause, resume, kill, rm. */
import { ENDED_STATES, type Agent, type ProcessRecord, type SpawnOptions } from '@aether-os/sdk';
import { UsageError } from '../usage.js';
import { flag, list, str, type Command, type Ctx } from './command.js';
import { age, bytes, cpus, duration, keyValue, keyValues, memory, outputFormat, pidArg, table } from './format.js';

const labelsText = (l: Record<string, string> | undefined) =>
  Object.entries(l ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',') || '-';

/** What ps shows for a process: its goal for an agent run, its argv for a program. */
const what = (p: ProcessRecord) => (p.run ? `goal: ${p.run.goal}` : p.command.join(' '));

export function psTable(ps: ProcessRecord[], now = Date.now()): string {
  return table(
    ['PID', 'NAME', 'STATE', 'DRIVER', 'NETWORK', 'AGE', 'LABELS', 'COMMAND'],
    ps.map((p) => [
      String(p.pid),
      p.agent.name,
      p.exit && ENDED_STATES.includes(p.state) ? `${p.state}(${p.exit.code ?? p.exit.signal ?? '?'})` : p.state,
      p.sandbox.driver,
      p.network,
      age(p.createdAt, now),
      labelsText(p.labels),
      what(p),
    ]),
  );
}

export function inspectText(p: ProcessRecord): string {
  const rows: [string, string][] = [
    ['pid', String(p.pid)],
    ['agent', `${p.agent.name} (${p.agent.id})`],
    ['state', p.state],
    ['command', what(p)],
    ['driver', `${p.sandbox.driver}${p.sandbox.id ? ` ${p.sandbox.id}` : ''}`],
    ['network', p.network],
    ['limits', `memory ${bytes(p.limits.memoryMax)}, cpu ${p.limits.cpuQuota}%, tasks ${p.limits.tasksMax}`],
    ['labels', labelsText(p.labels)],
    ['created', p.createdAt ?? '-'],
    ['started', p.startedAt ?? '-'],
    ['ended', p.endedAt ?? '-'],
  ];
  if (p.expiresAt) rows.push(['expires', p.expiresAt]);
  if (p.exit) rows.push(['exit', `code ${p.exit.code ?? '-'}, signal ${p.exit.signal ?? '-'}, ${p.exit.reason}`]);
  if (p.endReason) rows.push(['end reason', p.endReason]);
  if (p.run) rows.push(['run', `step ${p.run.step}/${p.run.maxSteps}, ${p.run.status}`]);
  return rows.map(([k, v]) => `${`${k}:`.padEnd(12)}${v}`).join('\n');
}

export const ps: Command = {
  name: 'ps',
  summary: 'List processes (live ones; -a: ended ones too)',
  synopsis: '[-a] [-l key=value]... [-o json|table]',
  details: [
    '-a, --all          ended processes too',
    '-l, --label k=v    only those with this label (repeatable: all must match)',
  ],
  options: {
    all: { type: 'boolean', short: 'a' },
    label: { type: 'string', short: 'l', multiple: true },
    output: { type: 'string', short: 'o' },
  },
  async run(ctx, o, args) {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`, 'ps');
    const format = outputFormat(str(o, 'output'), 'ps');
    const labels = list(o, 'label');
    labels?.forEach((l) => keyValue(l, '--label'));
    const all: ProcessRecord[] = [];
    for await (const a of ctx.aether().agents.list(labels ? { label: labels } : {})) all.push(a.record);
    const shown = flag(o, 'all') ? all : all.filter((p) => !ENDED_STATES.includes(p.state));
    ctx.io.stdout.write(`${format === 'json' ? JSON.stringify(shown, null, 2) : psTable(shown)}\n`);
    return 0;
  },
};

export const inspect: Command = {
  name: 'inspect',
  summary: "One process's record",
  synopsis: 'PID [-o json|table]',
  options: { output: { type: 'string', short: 'o' } },
  async run(ctx, o, args) {
    const format = outputFormat(str(o, 'output'), 'inspect');
    const agent = await ctx.aether().agents.get(pidArg(args[0], 'inspect'));
    ctx.io.stdout.write(`${format === 'json' ? JSON.stringify(agent.record, null, 2) : inspectText(agent.record)}\n`);
    return 0;
  },
};

/** The spawn body `aether run` sends, from its options: pure, so the unit tier checks it. */
export function spawnBody(o: Record<string, unknown>, argv: string[]): SpawnOptions {
  const s = (k: string) => (typeof o[k] === 'string' ? o[k] : undefined);
  const goal = s('goal');
  if (goal === undefined && argv.length === 0)
    throw new UsageError('a program to run is needed: aether run [options] -- CMD ARGS…', 'run');
  if (goal !== undefined && argv.length > 0) throw new UsageError('give either --goal TEXT or -- CMD ARGS…, not both', 'run');
  const network = s('network');
  if (network !== undefined && !['none', 'host', 'egress'].includes(network)) {
    throw new UsageError(`--network wants none, host or egress, not "${network}"`, 'run');
  }
  const driver = s('driver');
  if (driver !== undefined && !['systemd', 'docker'].includes(driver)) {
    throw new UsageError(`--driver wants systemd or docker, not "${driver}"`, 'run');
  }
  const limits = {
    ...(s('memory') ? { memoryMax: memory(s('memory')!) } : {}),
    ...(s('cpus') ? { cpuQuota: cpus(s('cpus')!) } : {}),
  };
  const labels = keyValues(o.label as string[] | undefined, '--label');
  const environment = keyValues(o.env as string[] | undefined, '--env');
  const sandbox = {
    ...(driver ? { driver: driver as 'systemd' | 'docker' } : {}),
    ...(s('image') ? { image: s('image')! } : {}),
  };
  // Without --name the agent is named after the program (docker's names are random; ours are identities).
  const fallback = goal !== undefined ? 'agent' : (argv[0]!.split('/').pop() ?? 'run').toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return {
    name: s('name') ?? (/^[a-z]/.test(fallback) ? fallback : `run-${fallback}`),
    ...(goal !== undefined ? { goal } : { command: argv }),
    ...(s('model') ? { model: s('model')! } : {}),
    ...(s('template') ? { template: s('template')! } : {}),
    ...(network ? { network: network as 'none' | 'host' | 'egress' } : {}),
    ...(Object.keys(limits).length ? { limits } : {}),
    ...(labels ? { labels } : {}),
    ...(environment ? { environment } : {}),
    ...(s('ttl') ? { ttlSeconds: duration(s('ttl')!, '--ttl') } : {}),
    ...(Object.keys(sandbox).length ? { sandbox } : {}),
  };
}

export const run: Command = {
  name: 'run',
  summary: 'Start a program (or, with --goal, an agent run) in a new sandbox; prints its pid',
  synopsis:
    '[--name N] [--network none|host|egress] [--memory 256M] [--cpus 0.5] [--label k=v]... [--env K=V]... [--ttl 1h] [--driver systemd|docker] [--image I] -- CMD ARGS… | --goal TEXT [--model M] [--template T]',
  options: {
    name: { type: 'string' },
    network: { type: 'string' },
    memory: { type: 'string', short: 'm' },
    cpus: { type: 'string' },
    label: { type: 'string', short: 'l', multiple: true },
    env: { type: 'string', short: 'e', multiple: true },
    ttl: { type: 'string' },
    driver: { type: 'string' },
    image: { type: 'string' },
    goal: { type: 'string' },
    model: { type: 'string' },
    template: { type: 'string' },
  },
  argvAfter: 0,
  async run(ctx, o, args, argv) {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`, 'run');
    const agent = await ctx.aether().agents.spawn(spawnBody(o, argv));
    ctx.io.stdout.write(`${agent.pid}\n`);
    return 0;
  },
};

/** pause/resume/kill/rm take several pids; each is tried, and any refusal makes the exit status 1. */
async function each(ctx: Ctx, name: string, pids: string[], act: (a: Agent) => Promise<unknown>): Promise<number> {
  if (pids.length === 0) throw new UsageError('a PID is needed', name);
  const nums = pids.map((p) => pidArg(p, name));
  let status = 0;
  for (const pid of nums) {
    try {
      await act(await ctx.aether().agents.get(pid));
      ctx.io.stdout.write(`${pid}\n`);
    } catch (err) {
      if (nums.length === 1) throw err;
      const e = err as { code?: string; message: string };
      ctx.io.stderr.write(`aether: ${pid}: ${e.code ? `${e.code}: ` : ''}${e.message}\n`);
      status = 1;
    }
  }
  return status;
}

export const pause: Command = {
  name: 'pause',
  summary: 'Freeze every program of the sandboxes (memory kept)',
  synopsis: 'PID...',
  options: {},
  run: (ctx, _o, args) => each(ctx, 'pause', args, (a) => a.pause()),
};

export const resume: Command = {
  name: 'resume',
  summary: 'Thaw paused sandboxes',
  synopsis: 'PID...',
  options: {},
  run: (ctx, _o, args) => each(ctx, 'resume', args, (a) => a.resume()),
};

export const kill: Command = {
  name: 'kill',
  summary: 'Send a signal to the main programs (SIGKILL unless -s)',
  synopsis: '[-s SIGNAL] PID...',
  options: { signal: { type: 'string', short: 's' } },
  run: (ctx, o, args) => {
    const sig = str(o, 'signal') ?? 'SIGKILL';
    const signal = /^\d+$/.test(sig)
      ? Number(sig)
      : sig.toUpperCase().startsWith('SIG')
        ? sig.toUpperCase()
        : `SIG${sig.toUpperCase()}`;
    return each(ctx, 'kill', args, (a) => a.kill(signal));
  },
};

export const rm: Command = {
  name: 'rm',
  summary: 'Terminate processes (SIGTERM, SIGKILL after the grace period); -f for live ones. Records and logs stay.',
  synopsis: '[-f] PID...',
  options: { force: { type: 'boolean', short: 'f' } },
  run: (ctx, o, args) =>
    each(ctx, 'rm', args, async (a) => {
      if (!flag(o, 'force') && !ENDED_STATES.includes(a.state)) {
        throw Object.assign(new Error(`pid ${a.pid} is ${a.state}; stop it first (aether kill ${a.pid}) or use rm -f`), {
          code: 'PROCESS_LIVE',
        });
      }
      if (!ENDED_STATES.includes(a.state)) await a.remove();
    }),
};
