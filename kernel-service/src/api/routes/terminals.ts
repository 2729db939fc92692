import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RawData, WebSocket } from 'ws';
import type { TerminalManager } from '../../terminals/index.js';
import { sendBounded } from '../../protection/index.js';
import { ErrorBody, PidParams } from '../schemas.js';

const Size = {
  cols: Type.Integer({ minimum: 2, maximum: 1000 }),
  rows: Type.Integer({ minimum: 1, maximum: 1000 }),
};

const OpenBody = Type.Object(
  {
    ...Size,
    command: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), {
        minItems: 1,
        maxItems: 256,
        description: 'argv inside the sandbox (argv[0] absolute); a login shell when absent',
      }),
    ),
  },
  { additionalProperties: false },
);

export const TerminalBody = Type.Object({
  id: Type.String(),
  pid: Type.Integer(),
  cols: Type.Integer(),
  rows: Type.Integer(),
  command: Type.Union([Type.Array(Type.String()), Type.Null()]),
  openedBy: Type.String({ description: '"api" (a person) or "agent" (its own kernel socket)' }),
  attached: Type.Integer({ description: 'WebSocket clients attached now' }),
  offset: Type.Integer({ description: 'Bytes printed since it opened' }),
  exitCode: Type.Union([Type.Integer(), Type.Null()]),
  state: Type.String({ enum: ['open', 'ended'] }),
  createdAt: Type.String({ format: 'date-time' }),
});

const TerminalParams = Type.Object({ ...PidParams.properties, id: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 502: ErrorBody, 503: ErrorBody };

/** A text frame that is a control message; anything else a client sends is keyboard input. */
function control(frame: string): { type: 'resize'; cols: number; rows: number } | null {
  if (!frame.startsWith('{')) return null;
  try {
    const msg = JSON.parse(frame) as { type?: unknown; cols?: unknown; rows?: unknown };
    if (msg.type !== 'resize') return null;
    const ok = (n: unknown, max: number): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max;
    return ok(msg.cols, 1000) && ok(msg.rows, 1000) ? { type: 'resize', cols: msg.cols, rows: msg.rows } : null;
  } catch {
    return null;
  }
}

/**
 * Terminals of a process. WS /agents/:pid/terminals/:id: binary frames from the server are the
 * terminal's output (the scrollback first, so a late joiner sees the screen's history); from the
 * client, binary frames and text frames are input, except a text frame holding
 * {"type":"resize","cols":C,"rows":R}. When the program ends the server sends
 * {"type":"exit","code":N} as text and closes with 1000.
 */
export function terminalRoutes(app: FastifyInstance, terminals: TerminalManager, maxBuffered = 8 * 1024 * 1024): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['terminals'];

  r.post(
    '/agents/:pid/terminals',
    {
      schema: {
        tags,
        operationId: 'openAgentTerminal',
        summary: "Open a terminal in the process's sandbox (same user, home, slice and namespaces as its program)",
        params: PidParams,
        body: OpenBody,
        response: { 201: TerminalBody, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await terminals.open(req.params.pid, req.body, 'api')),
  );

  r.get(
    '/agents/:pid/terminals',
    {
      schema: {
        tags,
        operationId: 'listAgentTerminals',
        summary: 'Terminals of a process',
        params: PidParams,
        response: { 200: Type.Object({ terminals: Type.Array(TerminalBody) }), ...errors },
      },
    },
    async (req) => ({ terminals: terminals.list(req.params.pid) }),
  );

  r.delete(
    '/agents/:pid/terminals/:id',
    {
      schema: {
        tags,
        operationId: 'closeAgentTerminal',
        summary: 'End the program in a terminal',
        params: TerminalParams,
        response: { 200: TerminalBody, ...errors },
      },
    },
    async (req) => {
      terminals.close(req.params.pid, req.params.id);
      return terminals.get(req.params.pid, req.params.id);
    },
  );

  r.route({
    method: 'GET',
    url: '/agents/:pid/terminals/:id',
    schema: {
      tags,
      operationId: 'getAgentTerminal',
      summary: 'One terminal; with a WebSocket upgrade (?token=), attach to it',
      params: TerminalParams,
      response: { 200: TerminalBody, ...errors },
    },
    // Unknown terminals are refused before the upgrade, with a normal HTTP error.
    preValidation: async (req) => {
      const { pid, id } = req.params;
      terminals.get(Number(pid), id);
    },
    handler: async (req) => terminals.get(req.params.pid, req.params.id),
    wsHandler: (socket: WebSocket, req) => {
      const { pid, id } = req.params;
      const session = terminals.attach(Number(pid), id, {
        send: (data) => {
          // A viewer that falls behind is dropped (its close detaches it); reattached, it gets the scrollback.
          sendBounded(socket, data, maxBuffered);
        },
        end: (code) => {
          if (socket.readyState !== socket.OPEN) return;
          socket.send(JSON.stringify({ type: 'exit', code }));
          socket.close(1000, 'terminal ended');
        },
      });
      socket.on('message', (data: RawData, isBinary: boolean) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        const ctl = isBinary ? null : control(bytes.toString('utf8'));
        try {
          if (ctl) session.resize(ctl.cols, ctl.rows);
          else session.write(bytes);
        } catch {
          socket.close(1011, 'terminal gone');
        }
      });
      socket.on('close', () => session.detach());
    },
  });
}
