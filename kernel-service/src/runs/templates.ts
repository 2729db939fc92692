import type { LimitsInput, NetworkMode } from '../sandbox/index.js';
import type { ApprovalPolicy } from './policy.js';
import type { EgressPolicyInput } from '../network/index.js';
import type { PluginSpec } from '../runtime/plugins/names.js';

/**
 * A kind of agent: its prompt, the tools it is granted (enforced by the kernel on every call),
 * its default limits and approval policy. `@category` grants every registered tool of that
 * category, so tools that later subsystems and plugins register reach the templates that want them.
 */
export interface Template {
  name: string;
  description: string;
  prompt: string;
  tools: string[];
  limits: LimitsInput;
  /** Never "host": a template cannot hand out the host's network (only an administrator's spawn can). */
  network: Exclude<NetworkMode, 'host'>;
  /** Default egress policy for network "egress" (a spawn's own `egress` replaces it). */
  egress?: EgressPolicyInput;
  maxSteps: number;
  tokenBudget: number;
  /** Above this estimated size the conversation is compacted (older turns summarised). */
  contextTokens: number;
  approval: ApprovalPolicy;
  model: string | null;
  /**
   * A program template: the run is this agent program (programs/catalogue.ts) instead of the
   * Aether runtime, started on the goal behind the sandbox's TCP endpoint. `prompt` and `tools`
   * are then the program's business; `tools` still bounds what it may do on the kernel socket.
   */
  program?: string;
  /** MCP plugins its runs start in the sandbox; their tools are granted (`mcp:<name>`) unless a spawn names its tools. */
  plugins?: PluginSpec[];
}

/** What GET /api/v1/templates says a template is: the Aether runtime, or an agent program. */
export const templateKind = (t: Template): 'agent' | 'program' => (t.program ? 'program' : 'agent');

const READ = ['read_file', 'list_directory', 'find_files', 'search_text', 'file_info'];
const ALWAYS = ['@planning', '@human', '@completion', '@memory', '@ipc'];

const BASE = `You are an autonomous agent running in Aether OS, in your own sandbox: a Linux process with a home
directory (your working directory), limits on memory and CPU, and the tools below. Work step by step: plan,
act with tools, read what they return, and adapt. Prefer small verifiable steps. When the goal is met (or
cannot be), call finish with a clear result that says what you did and where the output is.`;

const template = (t: Omit<Template, 'contextTokens' | 'model' | 'tokenBudget'> & Partial<Template>): Template => ({
  contextTokens: 24_000,
  model: null,
  tokenBudget: 400_000,
  ...t,
  prompt: `${BASE}\n\n${t.prompt}`,
});

export const TEMPLATES: readonly Template[] = [
  template({
    name: 'general',
    description: 'Every built-in tool; for goals that fit no specialist.',
    prompt: 'You are a capable generalist.',
    tools: ['@files', '@shell', '@processes', '@web', '@agents', ...ALWAYS],
    limits: { memoryMax: '1G', cpuQuota: 100, tasksMax: 256 },
    network: 'none',
    maxSteps: 60,
    approval: {},
  }),
  template({
    name: 'coder',
    description: 'Writes and changes code, runs builds and tests.',
    prompt: 'You are a senior software engineer. Read before you edit, keep changes minimal, run the tests you touch.',
    tools: ['@files', '@shell', '@processes', '@agents', ...ALWAYS],
    limits: { memoryMax: '2G', cpuQuota: 200, tasksMax: 512 },
    network: 'none',
    maxSteps: 80,
    approval: { commandPatterns: ['\\bgit\\s+push\\b', '\\brm\\s+-[a-zA-Z]*r[a-zA-Z]*f?\\s+/(\\s|$)', '\\bnpm\\s+publish\\b'] },
  }),
  template({
    name: 'reviewer',
    description: 'Reviews code and documents; reads and runs checks, changes nothing.',
    prompt: 'You are a meticulous reviewer. Read the work, run its checks, and report concrete findings with file and line.',
    tools: [...READ, 'run_command', ...ALWAYS],
    limits: { memoryMax: '1G', cpuQuota: 100, tasksMax: 256 },
    network: 'none',
    maxSteps: 40,
    approval: {},
  }),
  template({
    name: 'tester',
    description: 'Writes and runs tests, reports failures with reproductions.',
    prompt: 'You are a test engineer. Write focused tests, run them, and report failures with a minimal reproduction.',
    tools: [...READ, 'write_file', 'edit_file', 'make_directory', '@shell', '@processes', ...ALWAYS],
    limits: { memoryMax: '2G', cpuQuota: 200, tasksMax: 512 },
    network: 'none',
    maxSteps: 60,
    approval: {},
  }),
  template({
    name: 'researcher',
    description: 'Gathers information from the web and writes it up with sources.',
    prompt: 'You are a researcher. Gather from primary sources, note each source, and write findings to files.',
    tools: [...READ, 'write_file', 'append_file', '@web', ...ALWAYS],
    limits: { memoryMax: '1G', cpuQuota: 100, tasksMax: 128 },
    // The public web on HTTP(S) only, a bounded number of connections; nothing private.
    network: 'egress',
    egress: { ports: [80, 443], maxConnections: 64 },
    maxSteps: 60,
    approval: {},
  }),
  template({
    name: 'data',
    description: 'Data analysis and ML: scripts, notebooks-as-files, training jobs in the background.',
    prompt:
      'You are a data scientist and ML engineer. Inspect data before modelling; log metrics; keep long jobs in the background.',
    tools: ['@files', '@shell', '@processes', 'download_file', '@agents', ...ALWAYS],
    limits: { memoryMax: '8G', cpuQuota: 400, tasksMax: 1024 },
    network: 'none',
    maxSteps: 100,
    tokenBudget: 800_000,
    approval: {},
  }),
  template({
    name: 'ops',
    description: 'Operations: inspects services and logs, runs maintenance with approval for risky commands.',
    prompt: 'You are a careful site reliability engineer. Observe first, change second, and explain every risky step.',
    tools: [...READ, 'write_file', 'edit_file', '@shell', '@processes', ...ALWAYS],
    limits: { memoryMax: '1G', cpuQuota: 100, tasksMax: 256 },
    network: 'none',
    maxSteps: 60,
    approval: {
      commandPatterns: [
        '\\b(systemctl|service)\\s+(stop|restart|disable|mask)\\b',
        '\\brm\\s+-',
        '\\b(kill|pkill|killall)\\b',
        '\\breboot\\b|\\bshutdown\\b',
      ],
    },
  }),
  template({
    name: 'creative',
    description: 'Writing and design: drafts, revisions, structured documents. No shell.',
    prompt: 'You are a creative writer and designer. Draft, critique your own draft, and revise; save your work as files.',
    tools: [...READ, 'write_file', 'append_file', 'edit_file', 'make_directory', 'move_path', 'copy_path', ...ALWAYS],
    limits: { memoryMax: '512M', cpuQuota: 100, tasksMax: 64 },
    network: 'none',
    maxSteps: 40,
    approval: {},
  }),
  // Agent programs from npm (programs/package.json), their models through the kernel.
  programTemplate({
    name: 'claude-code',
    description:
      "Anthropic's Claude Code (npm @anthropic-ai/claude-code), on the run's model through the kernel; the sandbox is its boundary.",
    program: 'claude-code',
  }),
  programTemplate({
    name: 'codex',
    description:
      "OpenAI's Codex CLI (npm @openai/codex, codex exec), on the run's model through the kernel; the sandbox is its boundary.",
    program: 'codex',
  }),
];

/**
 * Coding programs want room: a Bun or Rust binary of ~400 MB, a prompt of tens of thousands of
 * tokens per call (their system prompt and tool list), a shell and builds.
 */
function programTemplate(t: { name: string; description: string; program: string }): Template {
  return {
    ...t,
    prompt: '',
    tools: ALWAYS,
    limits: { memoryMax: '4G', cpuQuota: 200, tasksMax: 1024 },
    network: 'none',
    maxSteps: 1000,
    tokenBudget: 2_000_000,
    contextTokens: 0,
    approval: {},
    model: null,
  };
}

export function findTemplate(name: string): Template | undefined {
  return TEMPLATES.find((t) => t.name === name);
}

/** Expands `@category` entries against the registered tools; names stay as given (checked by the caller). */
export function expandTools(entries: readonly string[], registered: readonly { name: string; category: string }[]): string[] {
  const out = new Set<string>();
  for (const e of entries) {
    if (e.startsWith('@')) for (const t of registered) if (t.category === e.slice(1)) out.add(t.name);
    if (!e.startsWith('@')) out.add(e);
  }
  return [...out];
}
