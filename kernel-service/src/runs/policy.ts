import { pluginGrant, pluginOf } from '../runtime/plugins/names.js';

/**
 * Which tool calls wait for a human. Decided in the kernel, not in the sandbox: the runtime
 * asks before every call and obeys, and a runtime that skipped asking would still be held to
 * its template's tool set (the kernel refuses the step).
 */
export interface ApprovalPolicy {
  /** These tools always need approval (`mcp:<plugin>`: every tool of that plugin). */
  tools?: string[];
  /** Commands (run_command, start_background) matching any of these regular expressions need approval. */
  commandPatterns?: string[];
  /** Network tools (fetch_url, download_file) need approval. */
  network?: boolean;
}

const COMMAND_TOOLS = new Set(['run_command', 'start_background']);
const NETWORK_TOOLS = new Set(['fetch_url', 'download_file']);

/** Why this call needs a human, or null when it may go ahead. */
export function approvalNeeded(policy: ApprovalPolicy, tool: string, args: unknown): string | null {
  if (policy.tools?.includes(tool)) return `${tool} always needs approval for this agent`;
  const plugin = pluginOf(tool);
  if (plugin !== null && policy.tools?.includes(pluginGrant(plugin)))
    return `the tools of plugin ${plugin} always need approval for this agent`;
  if (policy.network && NETWORK_TOOLS.has(tool)) return 'network access needs approval for this agent';
  const command = (args as { command?: unknown } | null)?.command;
  if (COMMAND_TOOLS.has(tool) && typeof command === 'string') {
    const hit = (policy.commandPatterns ?? []).find((p) => new RegExp(p).test(command));
    if (hit) return `the command matches /${hit}/, which needs approval`;
  }
  return null;
}

/** A bad pattern is a 400 at spawn, not a crash at the first command. */
export function checkPolicy(policy: ApprovalPolicy): string | null {
  for (const p of policy.commandPatterns ?? []) {
    try {
      new RegExp(p);
    } catch (err) {
      return `approval.commandPatterns: /${p}/ is not a valid regular expression (${(err as Error).message})`;
    }
  }
  return null;
}
