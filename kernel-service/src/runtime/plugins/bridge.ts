import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import Type, { type TSchema } from 'typebox';
import Value from 'typebox/value';
import type { AnyTool, ToolImage, ToolRegistry, ToolResult } from '../tools/index.js';
import { entryOf, installedFor } from './installed.js';
import { pluginToolName, type PluginSpec } from './names.js';

/** Why a plugin is missing from the run: a stable code (docs/ERRORS.md) and what happened. */
export interface PluginFailure {
  plugin: string;
  code: 'PLUGIN_START_FAILED' | 'PLUGIN_TIMEOUT';
  message: string;
}

export interface PluginHostOptions {
  /** The plugins' working directory: the agent's home. */
  cwd: string;
  /** Starting a plugin and listing its tools must finish within this (a hung plugin is a failure, not a hang). */
  startTimeoutMs?: number;
  /** One tool call's limit. */
  callTimeoutMs?: number;
}

/** Tools per plugin kept (the model's context is finite; a plugin listing thousands is cut). */
const MAX_TOOLS_PER_PLUGIN = 128;
const MAX_OUTPUT = 100_000;

/**
 * The runtime's side of MCP plugins: each declared plugin is a child process of the runtime
 * (same sandbox, same user, working in the home), spoken to over stdio with the SDK's client.
 * Its tools join the registry as `<plugin>__<tool>`, so the loop asks the kernel before each
 * call exactly as for a built-in tool: grants and approvals apply unchanged.
 */
export class PluginHost {
  private readonly clients: { name: string; client: Client }[] = [];

  private constructor(private readonly opts: Required<PluginHostOptions>) {}

  static async start(
    specs: readonly PluginSpec[],
    registry: ToolRegistry,
    opts: PluginHostOptions,
  ): Promise<{ host: PluginHost; failures: PluginFailure[] }> {
    const host = new PluginHost({ startTimeoutMs: 20_000, callTimeoutMs: 120_000, ...opts });
    const failures: PluginFailure[] = [];
    // In parallel: n slow plugins cost one start timeout, not n.
    const started = await Promise.all(
      specs.map((s) => host.startOne(s).catch((err: unknown) => (err as PluginStartError).failure)),
    );
    for (const [i, r] of started.entries()) {
      if (!Array.isArray(r)) failures.push(r);
      else
        for (const tool of r) {
          try {
            registry.register(tool);
          } catch (err) {
            failures.push({ plugin: specs[i]!.name, code: 'PLUGIN_START_FAILED', message: (err as Error).message });
          }
        }
    }
    return { host, failures };
  }

  /** Closes every plugin (the SDK ends stdin, then SIGTERM, then SIGKILL). */
  async stop(): Promise<void> {
    await Promise.all(this.clients.splice(0).map(({ client }) => client.close().catch(() => undefined)));
  }

  private async startOne(spec: PluginSpec): Promise<AnyTool[]> {
    const fail = (code: PluginFailure['code'], message: string) => new PluginStartError({ plugin: spec.name, code, message });
    const argv = resolveArgv(spec);
    if (typeof argv === 'string') throw fail('PLUGIN_START_FAILED', argv);
    const transport = new StdioClientTransport({
      command: argv[0]!,
      args: argv.slice(1),
      env: { ...getDefaultEnvironment(), ...(installedFor(spec)?.defaultEnv?.(this.opts.cwd) ?? {}), ...(spec.env ?? {}) },
      cwd: this.opts.cwd,
      stderr: 'pipe',
    });
    // The last of what it wrote on stderr explains most failures to start.
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
    const client = new Client({ name: 'aether-agent', version: '1.0.0' });
    const timeout = this.opts.startTimeoutMs;
    try {
      const listed = await withTimeout(
        (async () => {
          await client.connect(transport, { timeout });
          const tools = [];
          let cursor: string | undefined;
          do {
            const page = await client.listTools(cursor ? { cursor } : undefined, { timeout });
            tools.push(...page.tools);
            cursor = page.nextCursor;
          } while (cursor && tools.length < MAX_TOOLS_PER_PLUGIN);
          return tools.slice(0, MAX_TOOLS_PER_PLUGIN);
        })(),
        timeout,
      );
      this.clients.push({ name: spec.name, client });
      return listed.flatMap((t) => {
        const name = pluginToolName(spec.name, t.name);
        return name ? [this.tool(spec.name, name, t, client)] : [];
      });
    } catch (err) {
      await client.close().catch(() => undefined);
      const why = stderr.trim() ? `; its stderr: ${stderr.trim().slice(-500)}` : '';
      if (err instanceof TimedOut) throw fail('PLUGIN_TIMEOUT', `did not start and list its tools within ${timeout} ms${why}`);
      throw fail('PLUGIN_START_FAILED', `failed before listing its tools: ${(err as Error).message}${why}`);
    }
  }

  private tool(
    plugin: string,
    name: string,
    t: { name: string; description?: string; inputSchema: Record<string, unknown> },
    client: Client,
  ): AnyTool {
    const callTimeoutMs = this.opts.callTimeoutMs;
    return {
      name,
      category: `mcp:${plugin}`,
      description: `[plugin ${plugin}] ${t.description ?? t.name}`.slice(0, 4000),
      parameters: usableSchema(t.inputSchema),
      async run(args, ctx): Promise<ToolResult> {
        const r = await client.callTool({ name: t.name, arguments: args as Record<string, unknown> }, undefined, {
          timeout: callTimeoutMs,
          signal: ctx.signal,
        });
        return toResult(r as { content?: unknown[]; structuredContent?: unknown; isError?: boolean });
      },
    };
  }
}

/** The program and its arguments: a command as given, or node on an installed package's entry point. */
function resolveArgv(spec: PluginSpec): string[] | string {
  if (spec.command?.length) return [...spec.command, ...(spec.args ?? [])];
  const installed = installedFor(spec);
  if (!installed) return `is not an installed plugin (${spec.package ?? spec.name})`;
  const entry = entryOf(installed);
  if (!entry) return `is not installed in this sandbox's node_modules (${installed.package})`;
  return [process.execPath, entry, ...(spec.args ?? installed.defaultArgs)];
}

/** The plugin's JSON schema as the registry checks arguments; one TypeBox cannot check becomes "any object". */
function usableSchema(schema: Record<string, unknown>): TSchema {
  try {
    const typed = schema as unknown as TSchema;
    Value.Check(typed, {});
    return typed;
  } catch {
    return Type.Object({});
  }
}

/** MCP content -> what the model reads: text parts joined, images carried, anything else as JSON. */
function toResult(r: { content?: unknown[]; structuredContent?: unknown; isError?: boolean }): ToolResult {
  const texts: string[] = [];
  const images: ToolImage[] = [];
  for (const part of r.content ?? []) {
    const p = part as { type?: string; text?: string; data?: string; mimeType?: string };
    if (p.type === 'text' && typeof p.text === 'string') texts.push(p.text);
    else if (p.type === 'image' && typeof p.data === 'string' && (p.mimeType === 'image/png' || p.mimeType === 'image/jpeg'))
      images.push({ mediaType: p.mimeType, base64: p.data });
    else texts.push(JSON.stringify(p));
  }
  if (texts.length === 0 && r.structuredContent !== undefined) texts.push(JSON.stringify(r.structuredContent));
  const output = texts.join('\n').slice(0, MAX_OUTPUT) || '(no output)';
  return { output, isError: r.isError === true, ...(images.length ? { images } : {}) };
}

class TimedOut extends Error {}

/** Thrown by startOne, caught by start(): the failure becomes an error step, never an exception of the run. */
class PluginStartError extends Error {
  constructor(readonly failure: PluginFailure) {
    super(`${failure.code}: ${failure.message}`);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TimedOut()), ms)))]).finally(
    () => clearTimeout(timer),
  );
}
