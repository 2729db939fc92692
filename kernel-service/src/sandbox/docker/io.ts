import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { AetherError } from '../../errors/index.js';
import type { ExecSession, ExecSpec, LogEntry, LogQuery } from '../driver.js';
import { AGENT_HOME } from '../environment.js';
import { dockerMessage, isNotFound } from './errors.js';

/** What is kept of an ended container's output once the container is removed. */
const SAVED_LOG_CAP = 16 * 1024 * 1024;

/**
 * `docker exec` as the container's user (the agent), in its home, without a TTY so stdout and
 * stderr stay apart (the engine multiplexes them; demuxStream splits them again).
 */
export async function dockerExec(docker: Docker, containerId: string, spec: ExecSpec): Promise<ExecSession> {
  const container = docker.getContainer(containerId);
  let exec: Docker.Exec;
  let stream: NodeJS.ReadWriteStream;
  try {
    const info = await container.inspect();
    exec = await container.exec({
      Cmd: spec.command,
      AttachStdin: spec.stdin !== undefined,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      User: info.Config.User,
      WorkingDir: AGENT_HOME,
      Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    });
    stream = (await exec.start({ hijack: true, stdin: spec.stdin !== undefined })) as NodeJS.ReadWriteStream;
  } catch (err) {
    throw new AetherError('SANDBOX_OPERATION_FAILED', `exec in container ${containerId}: ${dockerMessage(err)}`, { cause: err });
  }
  const listeners: ((s: 'stdout' | 'stderr', d: Buffer) => void)[] = [];
  const pending: ['stdout' | 'stderr', Buffer][] = [];
  const emit = (s: 'stdout' | 'stderr') => (d: Buffer) => {
    if (listeners.length === 0) pending.push([s, d]);
    for (const l of listeners) l(s, d);
  };
  const out = new PassThrough().on('data', emit('stdout'));
  const err = new PassThrough().on('data', emit('stderr'));
  docker.modem.demuxStream(stream, out, err);
  if (spec.stdin !== undefined) stream.end(spec.stdin);
  const closed = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  const done = closed.then(async () => {
    // The stream can end a moment before the engine has reaped the process.
    for (let i = 0; i < 100; i++) {
      const s = await exec.inspect().catch(() => null);
      if (!s) break;
      if (!s.Running) return { exitCode: s.ExitCode ?? null, signal: null };
      await new Promise((r) => setTimeout(r, 20));
    }
    return { exitCode: null, signal: null };
  });
  return {
    onOutput: (l) => {
      listeners.push(l);
      for (const [s, d] of pending.splice(0)) l(s, d);
    },
    done,
    // The engine has no "kill an exec": its process gets SIGKILL by its host pid (the kernel is root).
    kill: async () => {
      const s = await exec.inspect().catch(() => null);
      if (s?.Running && s.Pid > 0) process.kill(s.Pid, 'SIGKILL');
    },
  };
}

/** Splits "2024-05-01T12:00:00.123456789Z text" (timestamps: true) into time and text. */
function entryOf(stream: 'stdout' | 'stderr', raw: string): LogEntry {
  const sp = raw.indexOf(' ');
  const at = Date.parse(raw.slice(0, sp));
  return Number.isFinite(at) ? { at, stream, text: raw.slice(sp + 1) } : { at: Date.now(), stream, text: raw };
}

/** Lines of a live (or not yet removed) container's output, from the engine. */
export async function* engineLogs(docker: Docker, containerId: string, q: LogQuery): AsyncGenerator<LogEntry> {
  const container = docker.getContainer(containerId);
  const opts = {
    stdout: true,
    stderr: true,
    timestamps: true,
    ...(q.tail !== undefined ? { tail: q.tail } : {}),
    ...(q.since !== undefined ? { since: Math.floor(q.since / 1000) } : {}),
  };
  const raw = (q.follow
    ? await container.logs({ ...opts, follow: true })
    : await container.logs({ ...opts, follow: false })) as unknown as Readable | Buffer;
  const queue: LogEntry[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  const push = (stream: 'stdout' | 'stderr') => (input: PassThrough) => {
    const rl = createInterface({ input, crlfDelay: Infinity });
    rl.on('line', (l) => {
      const e = entryOf(stream, l);
      if (q.since === undefined || e.at >= q.since) queue.push(e);
      wake?.();
    });
    return new Promise<void>((r) => rl.on('close', r));
  };
  const out = new PassThrough();
  const err = new PassThrough();
  const closing = Promise.all([push('stdout')(out), push('stderr')(err)]).then(() => {
    ended = true;
    wake?.();
  });
  if (Buffer.isBuffer(raw)) {
    // Without follow the engine answers the whole log at once (still multiplexed).
    demuxBuffer(raw, out, err);
  } else {
    docker.modem.demuxStream(raw, out, err);
    raw.on('end', () => (out.end(), err.end()));
    raw.on('error', () => (out.end(), err.end()));
    q.signal?.addEventListener('abort', () => raw.destroy(), { once: true });
    raw.on('close', () => (out.end(), err.end()));
  }
  while (!ended || queue.length > 0) {
    if (queue.length === 0) await new Promise<void>((r) => (wake = r));
    wake = null;
    // Interleaved by time: the two streams are read apart.
    queue.sort((a, b) => a.at - b.at);
    while (queue.length > 0) yield queue.shift()!;
  }
  await closing;
}

/** The engine's multiplexed format: 8-byte headers (stream, size) before each frame. */
function demuxBuffer(buf: Buffer, out: PassThrough, err: PassThrough): void {
  for (let off = 0; off + 8 <= buf.length;) {
    const size = buf.readUInt32BE(off + 4);
    const frame = buf.subarray(off + 8, off + 8 + size);
    (buf[off] === 2 ? err : out).write(frame);
    off += 8 + size;
  }
  out.end();
  err.end();
}

/**
 * Ended processes keep their logs: before the container is removed its output is saved (one
 * JSON line per entry, at most SAVED_LOG_CAP bytes) in the kernel's root-only logs directory.
 */
export async function saveLogs(docker: Docker, containerId: string, dir: string, name: string): Promise<void> {
  const lines: string[] = [];
  let size = 0;
  try {
    for await (const e of engineLogs(docker, containerId, {})) {
      const l = `${JSON.stringify(e)}\n`;
      size += l.length;
      if (size > SAVED_LOG_CAP) lines.shift();
      lines.push(l);
    }
  } catch (e) {
    if (isNotFound(e)) return;
    throw e;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, `${name}.ndjson`), lines.join(''), { mode: 0o600 });
}

/** What saveLogs kept of a removed container, filtered like the engine would. */
export async function* savedLogs(dir: string, name: string, q: LogQuery): AsyncGenerator<LogEntry> {
  const all: LogEntry[] = [];
  try {
    const rl = createInterface({ input: createReadStream(join(dir, `${name}.ndjson`)), crlfDelay: Infinity });
    for await (const l of rl) if (l) all.push(JSON.parse(l) as LogEntry);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const kept = all.filter((e) => q.since === undefined || e.at >= q.since);
  yield* q.tail !== undefined ? kept.slice(Math.max(kept.length - q.tail, 0)) : kept;
}
