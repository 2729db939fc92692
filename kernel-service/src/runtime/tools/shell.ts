import { spawn } from 'node:child_process';
import Type from 'typebox';
import { inHome, truncate } from './paths.js';
import { defineTool } from './registry.js';
import { jobs } from './background.js';

const Cwd = Type.Optional(Type.String({ maxLength: 4096, description: 'Working directory; your home by default' }));

export const runCommandTool = defineTool({
  name: 'run_command',
  category: 'shell',
  description:
    'Run a shell command (sh -c) and wait for it. Answers exit code, stdout and stderr. It is killed after timeoutMs (default 120000); use start_background for servers and long jobs.',
  parameters: Type.Object({
    command: Type.String({ minLength: 1, maxLength: 100_000 }),
    cwd: Cwd,
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 3_600_000 })),
    stdin: Type.Optional(Type.String({ maxLength: 1_000_000 })),
  }),
  async run({ command, cwd, timeoutMs = 120_000, stdin }, ctx) {
    // Its own process group, so a timeout or a stop takes the command's children too.
    const child = spawn('/bin/sh', ['-c', command], { cwd: inHome(ctx.home, cwd ?? '.'), detached: true, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    child.stdout.on('data', (d: Buffer) => void (outLen < 4_000_000 && (out.push(d), (outLen += d.length))));
    child.stderr.on('data', (d: Buffer) => void (errLen < 4_000_000 && (err.push(d), (errLen += d.length))));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
    let timedOut = false;
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => ((timedOut = true), kill()), timeoutMs);
    ctx.signal.addEventListener('abort', kill, { once: true });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, s) => resolve([c, s]));
    }).finally(() => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', kill);
    });
    const status = timedOut ? `timed out after ${timeoutMs} ms (killed)` : signal ? `killed by ${signal}` : `exit code ${code}`;
    const stdout = Buffer.concat(out).toString('utf8');
    const stderr = Buffer.concat(err).toString('utf8');
    return {
      isError: timedOut || code !== 0,
      output: truncate(`${status}\n--- stdout ---\n${stdout}${stderr ? `\n--- stderr ---\n${stderr}` : ''}`),
    };
  },
});

export const startBackgroundTool = defineTool({
  name: 'start_background',
  category: 'shell',
  description:
    'Start a long-running command in the background (a server, a build). Answers a job id; read its output with read_background.',
  parameters: Type.Object({ command: Type.String({ minLength: 1, maxLength: 100_000 }), cwd: Cwd }),
  async run({ command, cwd }, ctx) {
    const job = jobs.start(command, inHome(ctx.home, cwd ?? '.'));
    return { output: `Started job ${job.id} (pid ${job.pid}).` };
  },
});

export const readBackgroundTool = defineTool({
  name: 'read_background',
  category: 'shell',
  description: 'Read the output of a background job since a byte offset (0 = from the start), and whether it is still running.',
  parameters: Type.Object({ id: Type.Integer({ minimum: 1 }), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
  async run({ id, offset = 0 }) {
    const job = jobs.get(id);
    if (!job) return { isError: true, output: `No background job ${id}; list_background shows them.` };
    const { text, next } = job.read(offset);
    return { output: `${job.status()}; next offset ${next}\n${truncate(text)}` };
  },
});

export const stopBackgroundTool = defineTool({
  name: 'stop_background',
  category: 'shell',
  description: 'Stop a background job (SIGTERM by default) with all its children.',
  parameters: Type.Object({
    id: Type.Integer({ minimum: 1 }),
    signal: Type.Optional(Type.Union([Type.Literal('SIGTERM'), Type.Literal('SIGKILL'), Type.Literal('SIGINT')])),
  }),
  async run({ id, signal = 'SIGTERM' }) {
    const job = jobs.get(id);
    if (!job) return { isError: true, output: `No background job ${id}.` };
    await job.stop(signal);
    return { output: `Job ${id}: ${job.status()}.` };
  },
});

export const listBackgroundTool = defineTool({
  name: 'list_background',
  category: 'shell',
  description: 'List background jobs with their command and status.',
  parameters: Type.Object({}),
  async run() {
    const all = jobs.list();
    return { output: all.length ? all.map((j) => `${j.id}: ${j.status()} — ${j.command}`).join('\n') : 'No background jobs.' };
  },
});
