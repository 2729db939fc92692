import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { callerOf } from '../socket/index.js';
import type { TerminalManager } from './manager.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * The agent's side of its terminals, on its kernel socket: it opens terminals in its own sandbox,
 * types into any of them (including one a person opened) and reads their output by offset. The
 * process is always the caller's: a sandbox cannot name another process's terminals.
 */
export function terminalSocketRoutes(terminals: TerminalManager) {
  return (app: FastifyInstance): void => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    r.get('/v1/terminals', async (req) => ({ terminals: terminals.list(callerOf(req).pid) }));
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
        return terminals.open(callerOf(req).pid, { cols, rows, ...(command ? { command } : {}) }, 'agent');
      },
    );
    r.post(
      '/v1/terminals/:id/input',
      { schema: { params: Id, body: Type.Object({ data: Type.String({ maxLength: 65536 }) }, { additionalProperties: false }) } },
      async (req) => {
        terminals.write(callerOf(req).pid, req.params.id, req.body.data);
        return { ok: true };
      },
    );
    r.get(
      '/v1/terminals/:id/output',
      { schema: { params: Id, querystring: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })) }) } },
      async (req) => terminals.read(callerOf(req).pid, req.params.id, req.query.after ?? 0),
    );
  };
}
