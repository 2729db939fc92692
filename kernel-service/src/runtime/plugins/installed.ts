import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The plugins this installation ships: MCP servers installed with the kernel's own
 * node_modules (so they exist inside every sandbox, at /opt/aether/node_modules on the
 * appliance) and the probe, Aether's own test plugin. A sandbox has no network to fetch
 * packages with, so a spawn may name only these (`command` runs anything else in the sandbox).
 */
export interface InstalledPlugin {
  /** The name a declaration gets it by when it gives only a name (`{"name": "memory"}`); its tools' prefix. */
  name: string;
  package: string;
  description: string;
  /** Arguments given when the declaration has none (the filesystem server needs its root). */
  defaultArgs: string[];
  /** Environment it needs in a sandbox (the installation is read-only: state goes to the home). */
  defaultEnv?: (home: string) => Record<string, string>;
  /** The tools it offers when known without starting it (the probe's are ours). */
  tools: string[] | null;
  /** Where its entry point is: an npm package's bin, or a file next to this one. */
  entry: { bin: string } | { file: string };
}

export const INSTALLED_PLUGINS: readonly InstalledPlugin[] = [
  {
    name: 'filesystem',
    package: '@modelcontextprotocol/server-filesystem',
    description: "Reads, writes and searches files under the directories it is given (default: the agent's home).",
    defaultArgs: ['.'],
    tools: null,
    entry: { bin: 'mcp-server-filesystem' },
  },
  {
    name: 'memory',
    package: '@modelcontextprotocol/server-memory',
    description: 'A knowledge graph of entities, relations and observations, kept in a file in the home.',
    defaultArgs: [],
    // Its default file is next to its code, which is read-only in every sandbox.
    defaultEnv: (home) => ({ MEMORY_FILE_PATH: join(home, '.mcp-memory.jsonl') }),
    tools: null,
    entry: { bin: 'mcp-server-memory' },
  },
  {
    name: 'probe',
    package: 'aether-probe',
    description: "Aether's test plugin: reports who and where it runs (uid, cgroup, home), echoes, writes a file.",
    defaultArgs: [],
    tools: ['whoami', 'echo', 'write_note'],
    entry: { file: 'probe.js' },
  },
];

export function findInstalled(pkg: string): InstalledPlugin | undefined {
  return INSTALLED_PLUGINS.find((p) => p.package === pkg);
}

/** The installed plugin a declaration means: its package, or (with neither package nor command) its name. */
export function installedFor(spec: { name: string; package?: string; command?: string[] }): InstalledPlugin | undefined {
  if (spec.command) return undefined;
  return spec.package !== undefined ? findInstalled(spec.package) : INSTALLED_PLUGINS.find((p) => p.name === spec.name);
}

// This file's folder (dist/runtime/plugins), also when it is bundled into dist/runtime/agent.mjs
// (runs/runtime-command.ts), where import.meta.url is the bundle's, one folder up.
const moduleDir = dirname(fileURLToPath(import.meta.url));
const here = basename(moduleDir) === 'plugins' ? moduleDir : join(moduleDir, 'plugins');
const require = createRequire(import.meta.url);

/** The package's directory, from the node_modules this code runs with; null when absent. */
function packageDir(pkg: string): string | null {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return null;
  }
}

/** The file node runs for this plugin; null when the package is not installed here. */
export function entryOf(p: InstalledPlugin): string | null {
  if ('file' in p.entry) return join(here, p.entry.file);
  const dir = packageDir(p.package);
  if (!dir) return null;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[p.entry.bin];
  return bin ? join(dir, bin) : null;
}

/** The installed version (the kernel's own for the probe), or null when it is not installed. */
export function versionOf(p: InstalledPlugin, kernelVersion: string): string | null {
  if ('file' in p.entry) return kernelVersion;
  const dir = packageDir(p.package);
  if (!dir) return null;
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? null;
}
