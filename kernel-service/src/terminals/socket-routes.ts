import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { callerOf } from '../socket/index.js';
import type { TerminalManager } from './manager.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * The agent's side of its terminals, on its kernel socket: it opens terminals in its own sandbox,
 * types into any of them (including one a person opened) and reads their output by offset. The
 * process is always the caller's: a sandbox cannot name another process's terminals.
 * `gate` throws while the agent must not use them (a person holds its desktop).
 */
export function terminalSocketRoutes(terminals: TerminalManager, gate: (pid: number) => void = () => undefined) {
  return (app: FastifyInstance): void => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    // A person holding the desktop's control lease works undisturbed and unwatched: no terminal
    // call of the agent (list, open, type, read) goes through meanwhile (LEASE_HELD).
    const pidOf = (req: FastifyRequest) => {
      const { pid } = callerOf(req);
      gate(pid);
      return pid;
    };
    r.get('/v1/terminals', async (req) => ({ terminals: terminals.list(pidOf(req)) }));
    r.post(
      '/v1/terminals',
      {
        schema: {
          body: Type.Object(
            {
              cols: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000 })),
              rows: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
              command: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), { minItems: 1, maxItems: 256 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (req) => {
        const { cols = 120, rows = 32, command } = req.body;
        return terminals.open(pidOf(req), { cols, rows, ...(command ? { command } : {}) }, 'agent');
      },
    );
    r.post(
      '/v1/terminals/:id/input',
      { schema: { params: Id, body: Type.Object({ data: Type.String({ maxLength: 65536 }) }, { additionalProperties: false }) } },
      async (req) => {
        terminals.write(pidOf(req), req.params.id, req.body.data);
        return { ok: true };
      },
    );
    r.get(
      '/v1/terminals/:id/output',
      { schema: { params: Id, querystring: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })) }) } },
      async (req) => terminals.read(pidOf(req), req.params.id, req.query.after ?? 0),
    );
  };
}
