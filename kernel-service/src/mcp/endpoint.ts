import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import Value from 'typebox/value';
import { MCP_TOOL_PERMISSIONS, atLeast, type Role } from '../people/index.js';
import { asAetherError } from '../api/error-handler.js';
import { AetherError, isAetherError } from '../errors/index.js';
import type { KernelMcpTool, McpCaller } from './tools.js';

export interface McpEndpointDeps {
  tools: KernelMcpTool[];
  version: string;
}

/** The protocol's error shape with our stable code in `data`, for anything refused before MCP itself answers. */
function rpcError(e: AetherError) {
  const code =
    e.code === 'BAD_JSON' ? ErrorCode.ParseError : e.status >= 500 ? ErrorCode.InternalError : ErrorCode.InvalidRequest;
  return {
    jsonrpc: '2.0' as const,
    id: null,
    error: { code, message: e.message, data: { code: e.code, hint: e.hint, ...(e.details ? { details: e.details } : {}) } },
  };
}

/** A service's refusal as MCP's tool error result: `isError` with our code first in the text and in structuredContent. */
function toolError(e: AetherError) {
  return {
    isError: true,
    content: [{ type: 'text' as const, text: `${e.code}: ${e.message} (${e.hint})` }],
    structuredContent: { error: e.toJSON() },
  };
}

/** One MCP server per request (stateless Streamable HTTP): no session to hijack, the token checked every time. */
function serverFor(deps: McpEndpointDeps, caller: McpCaller, role: Role): Server {
  const server = new Server({ name: 'aether-kernel', version: deps.version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: deps.tools.map((t) => ({
      name: t.name,
      description: t.description,
      inputSchema: JSON.parse(JSON.stringify(t.input)) as { type: 'object' },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const t = deps.tools.find((x) => x.name === req.params.name);
    if (!t)
      throw new McpError(ErrorCode.InvalidParams, `No tool "${req.params.name}".`, {
        code: 'MCP_TOOL_NOT_FOUND',
        tools: deps.tools.map((x) => x.name),
      });
    // The permission table names every tool's role (people/permissions.ts), as for the REST routes.
    const need = MCP_TOOL_PERMISSIONS[t.name] ?? 'admin';
    if (!atLeast(role, need))
      return toolError(new AetherError('FORBIDDEN', `The tool ${t.name} needs role ${need}; ${caller.label} has role ${role}.`));
    const args = req.params.arguments ?? {};
    if (!Value.Check(t.input, args)) {
      const errors = [...Value.Errors(t.input, args)].slice(0, 5).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
      throw new McpError(ErrorCode.InvalidParams, `Invalid arguments for ${t.name}: ${errors.join('; ')}.`, {
        code: 'VALIDATION_FAILED',
        errors,
      });
    }
    try {
      const result = await t.run(args as never, caller);
      return { content: [{ type: 'text' as const, text: JSON.stringify(result) }] };
    } catch (err) {
      if (isAetherError(err)) return toolError(err);
      throw err;
    }
  });
  return server;
}

/**
 * The kernel as an MCP server (Streamable HTTP, POST /mcp) for agents outside Aether. Its own
 * encapsulated scope: a scoped MCP token (or the admin token) authenticates here, and errors
 * leave in JSON-RPC's shape. The REST API under /api/v1 never accepts an MCP token.
 */
export function mcpEndpoint(deps: McpEndpointDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((err: FastifyError, req, reply) => {
      const e = asAetherError(err, req);
      return reply.status(e.status).send(rpcError(e));
    });
    app.post('/mcp', { schema: { hide: true } }, async (req, reply) => {
      // The guard (people/guard.ts) authenticated the caller: an MCP token, an API token, a user or the admin token.
      const actor = req.actor!;
      const server = serverFor(deps, { label: actor.name }, actor.role as Role);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      await server.connect(transport);
      reply.hijack();
      reply.raw.on('close', () => {
        void transport.close();
        void server.close();
      });
      await transport.handleRequest(req.raw, reply.raw, req.body);
    });

    // Stateless: no server-to-client stream (GET) and no session to end (DELETE).
    const noStream = async (_req: FastifyRequest, reply: FastifyReply) =>
      reply
        .status(405)
        .header('allow', 'POST')
        .send({
          jsonrpc: '2.0',
          id: null,
          error: {
            code: ErrorCode.InvalidRequest,
            message: 'This endpoint is stateless: POST only.',
            data: { code: 'NOT_FOUND' },
          },
        });
    app.get('/mcp', { schema: { hide: true } }, noStream);
    app.delete('/mcp', { schema: { hide: true } }, noStream);
  };
}
