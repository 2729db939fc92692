import { PassThrough } from 'node:stream';
import Type from 'typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { checkEnvironment, ENV_NAME_PATTERN, type Supervisor } from '../../agents/index.js';
import { AetherError } from '../../errors/index.js';
import type { ExecResult, LogEntry } from '../../sandbox/index.js';
import { ErrorBody, PidParams } from '../schemas.js';

/** Each of stdout and stderr is kept up to this much in an exec's answer; `truncated` says when cut. */
export const EXEC_OUTPUT_CAP = 1024 * 1024;
/** Without follow, at most this many log lines are answered (the last ones); `truncated` says so. */
export const MAX_LOG_ENTRIES = 10_000;
/** The journal and the engine flush a program's last lines a moment after it ended. */
const FOLLOW_GRACE_MS = 1000;

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 502: ErrorBody, 503: ErrorBody };

const LogsQuery = Type.Object(
  {
    tail: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_LOG_ENTRIES, description: 'Only the last N lines' })),
    since: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 time or unix seconds: only lines from then on' }),
    ),
    follow: Type.Optional(Type.Boolean({ description: 'Stream application/x-ndjson, one entry a line, until the process ends' })),
  },
  { additionalProperties: false },
);
const LogEntryBody = Type.Object({
  at: Type.String({ format: 'date-time' }),
  stream: Type.Union([Type.Literal('stdout'), Type.Literal('stderr')]),
  text: Type.String(),
});
const LogsBody = Type.Object({
  entries: Type.Array(LogEntryBody),
  truncated: Type.Boolean({ description: `More than ${MAX_LOG_ENTRIES} lines matched; the last ones are sent` }),
});

const ExecBody = Type.Object(
  {
    command: Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), { minItems: 1, maxItems: 256 }),
    stdin: Type.Optional(Type.String({ maxLength: 1024 * 1024, description: 'UTF-8 text given as standard input' })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000, default: 30_000 })),
    env: Type.Optional(
      Type.Record(Type.String({ pattern: ENV_NAME_PATTERN }), Type.String({ maxLength: 32768 }), { maxProperties: 256 }),
    ),
  },
  { additionalProperties: false },
);
const ExecQuery = Type.Object(
  {
    stream: Type.Optional(
      Type.Boolean({
        description:
          'Answer application/x-ndjson: {stream, data (base64)} lines as output comes, then {exitCode, signal, timedOut}',
      }),
    ),
  },
  { additionalProperties: false },
);
const ExecAnswer = Type.Object({
  exitCode: Type.Union([Type.Integer(), Type.Null()]),
  signal: Type.Union([Type.String(), Type.Null()]),
  stdout: Type.String(),
  stderr: Type.String(),
  timedOut: Type.Boolean(),
  truncated: Type.Object(
    { stdout: Type.Boolean(), stderr: Type.Boolean() },
    { description: `Whether each output was cut at ${EXEC_OUTPUT_CAP} bytes` },
  ),
});
const Ndjson = Type.Unsafe<PassThrough>({ type: 'string', description: 'application/x-ndjson' });

/** ?since= as epoch ms: unix seconds ("1700000000", fractions allowed) or an ISO 8601 time. */
export function parseSince(raw: string): number {
  const ms = /^[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
  if (!Number.isFinite(ms))
    throw new AetherError('VALIDATION_FAILED', `since: "${raw}" is neither unix seconds nor an ISO 8601 time.`);
  return ms;
}

const line = (e: LogEntry) => JSON.stringify({ at: new Date(e.at).toISOString(), stream: e.stream, text: e.text });

/** A program's output (logs) and one command run in its sandbox (exec). */
export function agentIoRoutes(app: FastifyInstance, supervisor: Supervisor): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['processes'];

  r.get(
    '/agents/:pid/logs',
    {
      schema: {
        tags,
        operationId: 'getAgentLogs',
        summary:
          "The main program's stdout and stderr (the journal for systemd, the engine's logs for Docker), also after it ended",
        params: PidParams,
        querystring: LogsQuery,
        produces: ['application/json', 'application/x-ndjson'],
        response: { 200: Type.Union([LogsBody, Ndjson]), ...errors },
      },
    },
    async (req, reply) => {
      const { pid } = req.params;
      const since = req.query.since !== undefined ? parseSince(req.query.since) : undefined;
      const rec = supervisor.get(pid);
      const driver = supervisor.driverOf(pid);
      if (!driver?.logs) {
        throw new AetherError('LOGS_UNAVAILABLE', `The ${rec.sandbox.driver} driver keeps no output for process ${pid}.`);
      }
      const source = { pid, sandboxId: rec.sandbox.id };
      const live = ['created', 'starting', 'running', 'paused', 'stopping'].includes(rec.state);
      if (req.query.follow) {
        const abort = new AbortController();
        // An ended process has nothing more to say: its lines are sent and the answer ends.
        const follow = live;
        if (follow) {
          void supervisor.waitForExit(pid).then(() => setTimeout(() => abort.abort(), FOLLOW_GRACE_MS).unref());
        }
        req.raw.on('close', () => abort.abort());
        const body = new PassThrough();
        const entries = driver.logs(source, {
          ...(req.query.tail !== undefined ? { tail: req.query.tail } : {}),
          ...(since !== undefined ? { since } : {}),
          follow,
          signal: abort.signal,
        });
        void (async () => {
          try {
            for await (const e of entries) body.write(`${line(e)}\n`);
          } catch (err) {
            req.log.warn({ err, pid }, 'following logs');
          } finally {
            body.end();
          }
        })();
        return reply.type('application/x-ndjson').send(body);
      }
      const kept: LogEntry[] = [];
      let truncated = false;
      for await (const e of driver.logs(source, {
        ...(req.query.tail !== undefined ? { tail: req.query.tail } : {}),
        ...(since !== undefined ? { since } : {}),
      })) {
        kept.push(e);
        if (kept.length > MAX_LOG_ENTRIES) {
          kept.shift();
          truncated = true;
        }
      }
      return { entries: kept.map((e) => ({ at: new Date(e.at).toISOString(), stream: e.stream, text: e.text })), truncated };
    },
  );

  r.post(
    '/agents/:pid/exec',
    {
      schema: {
        tags,
        operationId: 'execInAgent',
        summary:
          "Run one command in the process's sandbox (its user, home, namespaces and cgroup) and answer its exit status and output",
        params: PidParams,
        querystring: ExecQuery,
        body: ExecBody,
        produces: ['application/json', 'application/x-ndjson'],
        response: { 200: Type.Union([ExecAnswer, Ndjson]), ...errors },
      },
    },
    async (req, reply) => {
      const { pid } = req.params;
      const rec = supervisor.get(pid);
      if (rec.state === 'paused') throw new AetherError('PROCESS_PAUSED', `Process ${pid} is paused.`, { details: { pid } });
      if (rec.state !== 'running') {
        throw new AetherError('PROCESS_NOT_RUNNING', `Process ${pid} is ${rec.state}.`, { details: { pid, state: rec.state } });
      }
      const env = checkEnvironment(req.body.env ?? {});
      const { driver, handle } = supervisor.sandboxOf(pid);
      if (!driver.exec) throw new AetherError('EXEC_UNAVAILABLE', `The ${driver.name} driver cannot run commands in a sandbox.`);
      const session = await driver.exec(handle, {
        command: req.body.command,
        env,
        ...(req.body.stdin !== undefined ? { stdin: Buffer.from(req.body.stdin, 'utf8') } : {}),
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        void session.kill();
      }, req.body.timeoutMs ?? 30_000);
      const finish = session.done.finally(() => clearTimeout(timer));
      if (req.query.stream) return streamExec(reply, req.raw, session, finish, () => timedOut);

      const out = { stdout: new Capped(), stderr: new Capped() };
      session.onOutput((stream, data) => out[stream].add(data));
      const result = await finish;
      return {
        ...result,
        stdout: out.stdout.text(),
        stderr: out.stderr.text(),
        timedOut,
        truncated: { stdout: out.stdout.cut, stderr: out.stderr.cut },
      };
    },
  );
}

/** The streaming form: one ndjson line per chunk of output, the status as the last; a client that goes stops the command. */
function streamExec(
  reply: FastifyReply,
  raw: NodeJS.EventEmitter,
  session: { onOutput: (l: (s: 'stdout' | 'stderr', d: Buffer) => void) => void; kill(): Promise<void> },
  finish: Promise<ExecResult>,
  timedOut: () => boolean,
) {
  const body = new PassThrough();
  session.onOutput((stream, data) => body.write(`${JSON.stringify({ stream, data: data.toString('base64') })}\n`));
  let ended = false;
  raw.on('close', () => {
    if (!ended) void session.kill();
  });
  void finish.then(
    (result) => {
      ended = true;
      body.end(`${JSON.stringify({ ...result, timedOut: timedOut() })}\n`);
    },
    () => body.end(),
  );
  return reply.type('application/x-ndjson').send(body);
}

/** Keeps the first EXEC_OUTPUT_CAP bytes of a stream and whether more came. */
class Capped {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  cut = false;

  add(data: Buffer): void {
    const room = EXEC_OUTPUT_CAP - this.size;
    if (data.length > room) this.cut = true;
    if (room <= 0) return;
    const kept = data.subarray(0, room);
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
