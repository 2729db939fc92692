import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { AetherError } from '../errors/index.js';
import { ConfigSchema, type Config } from './schema.js';

export const DEFAULT_CONFIG_FILE = '/etc/aether/config.json';

/**
 * AETHER_* variables that are not configuration keys. The kernel reads AETHER_CONFIG; the rest belong
 * to others and are ignored, so a shell that exports them can still start a kernel: the client's
 * (`aether` and the terminal CLI), the agent's own environment inside a sandbox, and the build's and
 * tests' (Makefile, image/, test/). Any other AETHER_* name is refused: it is most likely a typo.
 */
export const NON_KEY_VARIABLES: ReadonlySet<string> = new Set([
  'AETHER_CONFIG',
  // the client's
  'AETHER_URL',
  'AETHER_TOKEN',
  'AETHER_FINGERPRINT',
  // set for a program inside its sandbox
  'AETHER_PID',
  'AETHER_AGENT',
  'AETHER_KERNEL_SOCKET',
  // the build's and the tests'
  'AETHER_CACHE',
  'AETHER_FLAVOUR',
  'AETHER_IMAGE_T0',
  'AETHER_MIRROR',
  'AETHER_SECURITY_MIRROR',
  'AETHER_MACHINES',
  'AETHER_CHROMIUM',
  'AETHER_BOOT_TIMEOUT',
  'AETHER_BOOT_TEST_KEEP',
  'AETHER_TEST_KEEP_MACHINE',
  'AETHER_TEST_CONSOLE_LOG',
]);

interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Path of the JSON file; a missing file means "all defaults" unless it was named explicitly. */
  file?: string;
}

/** Reads, merges and validates the configuration once; the result is passed down, never re-read. */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const explicit = options.file ?? env.AETHER_CONFIG;
  const fromFile = readConfigFile(explicit ?? DEFAULT_CONFIG_FILE, explicit !== undefined);
  const merged = applyEnvironment(fromFile, env);
  const withDefaults: unknown = Value.Default(ConfigSchema, merged);
  const problems = [...Value.Errors(ConfigSchema, withDefaults)]
    .filter((e) => e.keyword !== 'boolean') // typebox reports each unknown key twice; keep the readable one
    .map(describeProblem);
  if (problems.length > 0) {
    throw new AetherError('CONFIG_INVALID', `Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return withDefaults as Config;
}

function readConfigFile(path: string, mustExist: boolean): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !mustExist) return {};
    throw new AetherError('CONFIG_INVALID', `Cannot read configuration file ${path}: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('the top level must be a JSON object');
    }
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new AetherError('CONFIG_INVALID', `Configuration file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

function describeProblem(e: { instancePath: string; message: string; params: unknown }): string {
  const key = e.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(top level)';
  const extra = (e.params as { additionalProperties?: string[] }).additionalProperties;
  if (extra) return `${key}: unknown key(s) ${extra.map((k) => `"${k}"`).join(', ')}`;
  return `${key}: ${e.message}`;
}

/** api.tls.certFile -> AETHER_API_TLS_CERT_FILE */
export function envName(path: string[]): string {
  return 'AETHER_' + path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
}

interface Leaf {
  path: string[];
  type: string;
}

function leaves(schema: unknown, path: string[] = []): Leaf[] {
  const s = schema as { type?: string; properties?: Record<string, unknown>; anyOf?: { type?: string }[] };
  if (s.type === 'object' && s.properties) {
    return Object.entries(s.properties).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  const type = s.type ?? (s.anyOf?.some((o) => o.type === 'integer') ? 'integer-or-string' : 'string');
  return [{ path, type }];
}

const CONFIG_LEAVES = leaves(ConfigSchema);

function applyEnvironment(base: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const result = structuredClone(base);
  const known = new Map(CONFIG_LEAVES.map((l) => [envName(l.path), l]));
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('AETHER_') || NON_KEY_VARIABLES.has(name) || raw === undefined) continue;
    const leaf = known.get(name);
    if (!leaf) {
      throw new AetherError(
        'CONFIG_INVALID',
        `Unknown environment variable ${name}. Known ones: ${[...known.keys()].sort().join(', ')}`,
      );
    }
    setPath(result, leaf.path, convert(raw, leaf.type));
  }
  return result;
}

function convert(raw: string, type: string): unknown {
  if ((type === 'integer' || type === 'number' || type === 'integer-or-string') && /^-?[0-9]+$/.test(raw)) {
    return Number(raw);
  }
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (type === 'array')
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean); // AETHER_LLM_FALLBACKS=a,b
  return raw; // left as a string: validation then names the key and what it expected
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}
