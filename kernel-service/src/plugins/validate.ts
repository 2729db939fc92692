import { AetherError } from '../errors/index.js';
import { installedFor } from '../runtime/plugins/installed.js';
import { grantedPlugin, MAX_PLUGINS, pluginOf, type PluginSpec } from '../runtime/plugins/names.js';

/**
 * The checks a declaration needs beyond its schema (api/schemas.ts PluginsBody): package or command (or
 * neither: the installed plugin of that name), an installed package, names unique. Run at spawn, before any
 * sandbox exists: a bad declaration is a 400 and nothing starts.
 */
export function checkPlugins(plugins: readonly PluginSpec[]): void {
  if (plugins.length > MAX_PLUGINS)
    throw new AetherError('VALIDATION_FAILED', `At most ${MAX_PLUGINS} plugins per run; ${plugins.length} were declared.`);
  const seen = new Set<string>();
  for (const p of plugins) {
    if (seen.has(p.name)) throw new AetherError('VALIDATION_FAILED', `The plugin name "${p.name}" is declared twice.`);
    seen.add(p.name);
    if (p.package !== undefined && p.command !== undefined)
      throw new AetherError('VALIDATION_FAILED', `Plugin "${p.name}": give package (an installed plugin) or command, not both.`);
    if (p.command === undefined && !installedFor(p))
      throw new AetherError('PLUGIN_NOT_FOUND', `No installed plugin "${p.package ?? p.name}".`, {
        details: { plugin: p.name, ...(p.package !== undefined ? { package: p.package } : {}) },
      });
  }
}

/**
 * Grant entries that name plugin tools: `mcp:<plugin>` (all its tools) or `<plugin>__<tool>`.
 * Kept out of the known-tool check (plugin tools are listed inside the sandbox, at start), but
 * only for a plugin the run declares: anything else is TOOL_NOT_FOUND like an unknown tool.
 */
export function isPluginEntry(entry: string, declared: readonly string[]): boolean {
  const plugin = grantedPlugin(entry) ?? pluginOf(entry);
  return plugin !== null && declared.includes(plugin);
}
