import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { McpToken, McpTokens } from './tokens.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const view = (t: McpToken) => ({ ...t, createdAt: iso(t.createdAt), expiresAt: iso(t.expiresAt), revokedAt: iso(t.revokedAt) });

/** Admin routes for the MCP endpoint's scoped tokens (under /api/v1: the admin token only). */
export function mcpTokenRoutes(app: FastifyInstance, tokens: McpTokens): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['mcp'];
  r.post(
    '/mcp/tokens',
    {
      schema: {
        tags,
        summary: 'A token that drives /mcp only; its secret is in this answer and nowhere else',
        body: Type.Object(
          {
            name: Type.String({ pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$' }),
            expiresInSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 366 * 86_400 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const { token, secret } = tokens.create(req.body.name, req.body.expiresInSeconds);
      return reply.status(201).send({ ...view(token), token: secret });
    },
  );
  r.get('/mcp/tokens', { schema: { tags, summary: 'MCP tokens (never their secrets)' } }, async () => ({
    tokens: tokens.list().map(view),
  }));
  r.delete(
    '/mcp/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke: the token fails at its next request',
        params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{12}$' }) }),
      },
    },
    async (req) => view(tokens.revoke(req.params.id)),
  );
}
