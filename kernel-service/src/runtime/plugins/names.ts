/**
 * How plugin tools are named and granted. Shared by the runtime (which registers the tools it
 * lists from each plugin) and the kernel (which decides every call): both must agree on which
 * plugin a tool belongs to, so this file is the one place that says it.
 */

/** A plugin's name: lower case, digits and `_`; it is the prefix of its tools, so no `-` (tool names cannot hold one). */
export const PLUGIN_NAME_PATTERN = '^[a-z][a-z0-9_]{0,23}$';
const PLUGIN_NAME = new RegExp(PLUGIN_NAME_PATTERN);

/** The separator between a plugin's name and its tool's name: `memory__create_entities`. */
export const PLUGIN_SEPARATOR = '__';

/** At most this many plugins per run (each is a process in the sandbox). */
export const MAX_PLUGINS = 16;

/** A tool name as the registry and the step route accept it (runtime/tools/registry.ts). */
const TOOL_NAME_MAX = 64;

/**
 * What a spawn or a template declares: an installed package (with arguments), a command in the
 * sandbox, or only a name, which means the installed plugin of that name (GET /api/v1/plugins).
 */
export interface PluginSpec {
  name: string;
  /** A package of the installed plugins registry (GET /api/v1/plugins). */
  package?: string;
  args?: string[];
  /** argv of a program in the sandbox (instead of `package`). */
  command?: string[];
  env?: Record<string, string>;
}

export function isPluginName(name: string): boolean {
  return PLUGIN_NAME.test(name);
}

/**
 * `<plugin>__<tool>`, the tool's own name lower-cased with anything outside [a-z0-9_] turned
 * into `_`, cut to the registry's 64 characters. Null when nothing usable is left.
 */
export function pluginToolName(plugin: string, tool: string): string | null {
  const clean = tool
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!clean) return null;
  return `${plugin}${PLUGIN_SEPARATOR}${clean}`.slice(0, TOOL_NAME_MAX);
}

/** The plugin a tool name belongs to, or null for a built-in tool (built-ins never hold `__`). */
export function pluginOf(tool: string): string | null {
  const i = tool.indexOf(PLUGIN_SEPARATOR);
  if (i <= 0) return null;
  const plugin = tool.slice(0, i);
  return isPluginName(plugin) ? plugin : null;
}

/** The grant entry that grants every tool of a plugin. */
export const pluginGrant = (plugin: string) => `mcp:${plugin}`;

/** The plugin an `mcp:<plugin>` entry names, or null. */
export function grantedPlugin(entry: string): string | null {
  if (!entry.startsWith('mcp:')) return null;
  const plugin = entry.slice(4);
  return isPluginName(plugin) ? plugin : null;
}

/**
 * Is `tool` in this grant? By its own name, or, for a plugin's tool, by `mcp:<plugin>` when the
 * run declared that plugin (a grant cannot reach a plugin the run does not start).
 */
export function toolGranted(entries: readonly string[], declared: readonly string[], tool: string): boolean {
  if (entries.includes(tool)) return true;
  const plugin = pluginOf(tool);
  return plugin !== null && declared.includes(plugin) && entries.includes(pluginGrant(plugin));
}
