import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import type { AnyTool, Tool, ToolContext, ToolResult } from './types.js';

/** Keeps the parameter type of a tool's schema in its run() without spelling it twice. */
export function defineTool<P extends TSchema>(tool: Tool<P>): Tool<P> {
  return tool;
}

/** A tool as the model is told about it (OpenAI's function-tool shape; the gateway converts per provider). */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/**
 * The open set of tools: the built-ins register here, and so do later subsystems (memory,
 * IPC, desktop) and plugins. A run sees only the tools its template grants.
 */
export class ToolRegistry {
  private readonly tools = new Map<string, AnyTool>();

  register(...tools: AnyTool[]): this {
    for (const tool of tools) {
      if (!/^[a-z][a-z0-9_]{1,63}$/.test(tool.name)) throw new Error(`bad tool name ${JSON.stringify(tool.name)}`);
      if (this.tools.has(tool.name)) throw new Error(`tool ${tool.name} registered twice`);
      this.tools.set(tool.name, tool);
    }
    return this;
  }

  get(name: string): AnyTool | undefined {
    return this.tools.get(name);
  }

  list(): AnyTool[] {
    return [...this.tools.values()];
  }

  /** The definitions sent to the model for the granted tools (unknown names are skipped). */
  definitions(names: readonly string[]): ToolDefinition[] {
    return names
      .map((n) => this.tools.get(n))
      .filter((t): t is AnyTool => t !== undefined)
      .map((t) => ({
        type: 'function',
        function: {
          name: t.name,
          description: t.description,
          parameters: JSON.parse(JSON.stringify(t.parameters)) as Record<string, unknown>,
        },
      }));
  }

  /**
   * Runs one call: checks the arguments against the schema first. Every failure (unknown tool,
   * bad JSON, schema mismatch, a thrown error) comes back as an error observation the model can
   * act on, never as an exception that ends the run.
   */
  async invoke(name: string, rawArguments: string, ctx: ToolContext): Promise<ToolResult> {
    const tool = this.tools.get(name);
    if (!tool) return { isError: true, output: `Unknown tool "${name}". Available tools are listed in your tool definitions.` };
    let args: unknown;
    try {
      args = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
    } catch (err) {
      return {
        isError: true,
        output: `The arguments for ${name} are not valid JSON (${(err as Error).message}). Send a JSON object.`,
      };
    }
    if (!Value.Check(tool.parameters, args)) {
      const problems = [...Value.Errors(tool.parameters, args)]
        .slice(0, 5)
        .map((e) => `${e.instancePath || '(root)'} ${e.message}`)
        .join('; ');
      return { isError: true, output: `Invalid arguments for ${name}: ${problems}.` };
    }
    try {
      return await tool.run(args, ctx);
    } catch (err) {
      // The kernel's stable code and hint reach the model: it can act on TREE_SIZE_EXCEEDED, not only read it.
      const e = err as Error & { code?: unknown; hint?: unknown };
      const code = typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code) ? `${e.code}: ` : '';
      const hint = typeof e.hint === 'string' && e.hint ? ` (${e.hint})` : '';
      return { isError: true, output: `${name} failed: ${code}${e.message}${hint}` };
    }
  }
}
