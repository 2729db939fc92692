import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorBody } from '../api/schemas.js';
import { INSTALLED_PLUGINS, versionOf } from '../runtime/plugins/installed.js';

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);
const PluginList = Type.Object({
  plugins: Type.Array(
    Type.Object({
      name: Type.String(),
      package: Type.String(),
      version: Nullable(Type.String()),
      description: Type.String(),
      defaultArgs: Type.Array(Type.String()),
      tools: Nullable(Type.Array(Type.String())),
      installed: Type.Boolean(),
    }),
  ),
});

/** GET /api/v1/plugins: the installed plugins registry (what a spawn's `plugins[].package` may name). */
export function pluginRoutes(app: FastifyInstance, kernelVersion: string): void {
  app.get(
    '/plugins',
    {
      schema: {
        tags: ['runs'],
        operationId: 'listPlugins',
        summary: 'Installed MCP plugins a run may declare',
        response: { 200: PluginList, 401: ErrorBody },
      },
    },
    async () => ({
      plugins: INSTALLED_PLUGINS.map((p) => ({
        name: p.name,
        package: p.package,
        version: versionOf(p, kernelVersion),
        description: p.description,
        defaultArgs: p.defaultArgs,
        tools: p.tools,
        installed: versionOf(p, kernelVersion) !== null,
      })),
    }),
  );
}
