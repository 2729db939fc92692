/**
 * Agent programs Aether runs as processes (the `program` templates): how to start each one
 * non-interactively on a goal, pointed at the kernel's TCP endpoint, with its own permission
 * prompts off (the Aether sandbox is the boundary) and everything that would phone home
 * (telemetry, update checks, error reports) disabled: under network "none" there is no home to
 * phone, and a program that waits on one stalls.
 *
 * Installed pinned in programs/ beside the kernel (programs/package.json), not in the kernel's
 * node_modules: they are native binaries of ~400 MB each.
 */
import { ENDPOINT_HOST, ENDPOINT_PORT } from '../socket/endpoint/forward.js';

export type StepFormat = 'claude-stream-json' | 'codex-json';

export interface ProgramFile {
  /** Relative to the agent's home. */
  path: string;
  content: string;
}

export interface ProgramSpec {
  name: string;
  /** The npm package and the executable under programs/node_modules/.bin. */
  package: string;
  bin: string;
  argv(goal: string, model: string): string[];
  environment(model: string): Record<string, string>;
  /** Configuration written into the agent's home before the start (the program reads it from there). */
  files(model: string): ProgramFile[];
  /** How its standard output turns into run steps (steps.ts). */
  steps: StepFormat;
}

const base = `http://${ENDPOINT_HOST}:${ENDPOINT_PORT}`;

const claudeCode: ProgramSpec = {
  name: 'claude-code',
  package: '@anthropic-ai/claude-code',
  bin: 'claude',
  // -p: one goal, no TTY; stream-json (needs --verbose): one JSON event per line, which become steps.
  argv: (goal, model) => [
    '-p',
    goal,
    '--output-format',
    'stream-json',
    '--verbose',
    '--model',
    model,
    '--dangerously-skip-permissions',
  ],
  environment: (model) => ({
    ANTHROPIC_BASE_URL: base,
    // Every model Claude Code would pick by itself (background tasks, sub-agents) is the run's:
    // the kernel allows only that one.
    ANTHROPIC_MODEL: model,
    ANTHROPIC_SMALL_FAST_MODEL: model,
    ANTHROPIC_DEFAULT_HAIKU_MODEL: model,
    ANTHROPIC_DEFAULT_SONNET_MODEL: model,
    ANTHROPIC_DEFAULT_OPUS_MODEL: model,
    CLAUDE_CODE_SUBAGENT_MODEL: model,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_BUG_COMMAND: '1',
    CLAUDE_CODE_DISABLE_TERMINAL_TITLE: '1',
  }),
  files: () => [],
  steps: 'claude-stream-json',
};

/** A TOML basic string (the config file below). */
const toml = (s: string) => JSON.stringify(s);

const codex: ProgramSpec = {
  name: 'codex',
  package: '@openai/codex',
  bin: 'codex',
  // exec: non-interactive; --json: one event per line. Codex's own sandbox (landlock, seccomp)
  // cannot nest inside ours and would only get in the way: the Aether sandbox is the boundary.
  argv: (goal, model) => [
    'exec',
    '--json',
    '--skip-git-repo-check',
    '--dangerously-bypass-approvals-and-sandbox',
    '--model',
    model,
    goal,
  ],
  environment: () => ({ CODEX_HOME: '/home/agent/.codex' }),
  // The kernel as a Responses-API provider; no update checks, no analytics, no feedback upload.
  files: (model) => [
    {
      path: '.codex/config.toml',
      content: [
        `model = ${toml(model)}`,
        'model_provider = "aether"',
        'check_for_update_on_startup = false',
        '',
        '[model_providers.aether]',
        'name = "Aether kernel"',
        `base_url = ${toml(`${base}/v1`)}`,
        'env_key = "OPENAI_API_KEY"',
        'wire_api = "responses"',
        '',
        '[analytics]',
        'enabled = false',
        '',
        '[feedback]',
        'enabled = false',
        '',
      ].join('\n'),
    },
  ],
  steps: 'codex-json',
};

export const PROGRAMS: Readonly<Record<string, ProgramSpec>> = { 'claude-code': claudeCode, codex };
