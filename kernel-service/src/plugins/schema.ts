import Type from 'typebox';
import { ENV_NAME_PATTERN } from '../agents/index.js';
import { MAX_PLUGINS, PLUGIN_NAME_PATTERN } from '../runtime/plugins/names.js';

/** `plugins` in a spawn body: the shape; plugins/validate.ts checks what a schema cannot. */
export const PluginsBody = Type.Array(
  Type.Object(
    {
      name: Type.String({
        pattern: PLUGIN_NAME_PATTERN,
        description: "Its tools' prefix (`<name>__<tool>`); alone, the installed plugin of that name",
      }),
      package: Type.Optional(
        Type.String({ minLength: 1, maxLength: 214, description: 'An installed plugin (GET /api/v1/plugins)' }),
      ),
      args: Type.Optional(Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 64 })),
      command: Type.Optional(
        Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), {
          minItems: 1,
          maxItems: 64,
          description: 'argv of an MCP server (stdio) to run in the sandbox, as the agent',
        }),
      ),
      env: Type.Optional(
        Type.Record(Type.String({ pattern: ENV_NAME_PATTERN }), Type.String({ maxLength: 32768 }), { maxProperties: 64 }),
      ),
    },
    { additionalProperties: false },
  ),
  {
    maxItems: MAX_PLUGINS,
    description: "MCP servers started inside the sandbox; their tools join the run's (replaces the template's plugins)",
  },
);
