import type { FastifyInstance } from 'fastify';
import { INSTALLED_PLUGINS, versionOf } from '../runtime/plugins/installed.js';

/** GET /api/v1/plugins: the installed plugins registry (what a spawn's `plugins[].package` may name). */
export function pluginRoutes(app: FastifyInstance, kernelVersion: string): void {
  app.get('/plugins', { schema: { tags: ['runs'], summary: 'Installed MCP plugins a run may declare' } }, async () => ({
    plugins: INSTALLED_PLUGINS.map((p) => ({
      name: p.name,
      package: p.package,
      version: versionOf(p, kernelVersion),
      description: p.description,
      defaultArgs: p.defaultArgs,
      tools: p.tools,
      installed: versionOf(p, kernelVersion) !== null,
    })),
  }));
}
