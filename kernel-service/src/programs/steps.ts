/**
 * A program's JSON-lines output as run steps, so Mission Control shows what Claude Code or
 * Codex did as it shows the runtime's own steps: its text as thoughts, its tool uses as notes
 * (the program ran them inside the sandbox; they are not kernel tools and need no grant), tool
 * results as observations, the end as the final step. Lines that are not JSON, or events with
 * nothing to show, give no step.
 */
import type { StepFormat } from './catalogue.js';

export interface StepOut {
  kind: 'thought' | 'observation' | 'final' | 'error' | 'note';
  text?: string;
  tool?: string;
  arguments?: unknown;
  output?: string;
  isError?: boolean;
  callId?: string;
}

type Json = Record<string, unknown>;
const s = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const MAX = 100_000; // well inside a step's 200 kB fields
const cut = (s: string) => (s.length > MAX ? `${s.slice(0, MAX)}… (${s.length - MAX} more characters)` : s);
const asText = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : Array.isArray(v)
      ? v.map((p: Json) => (typeof p?.text === 'string' ? p.text : '')).join('')
      : JSON.stringify(v ?? '');

export interface StepParser {
  /** Steps of one output line. */
  line(line: string): StepOut[];
  /** The program's own summary of the outcome, when it gave one. */
  result(): { text: string; isError: boolean } | null;
}

function parse(line: string): Json | null {
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

/** Claude Code's `--output-format stream-json` (system init, assistant and user messages, result). */
class ClaudeSteps implements StepParser {
  #result: { text: string; isError: boolean } | null = null;

  line(line: string): StepOut[] {
    const e = parse(line);
    if (!e) return [];
    if (e.type === 'system' && e.subtype === 'init') {
      return [{ kind: 'note', text: `claude-code ${s(e.claude_code_version)} started (model ${s(e.model, '?')})` }];
    }
    const content = (e.message as Json | undefined)?.content;
    if ((e.type === 'assistant' || e.type === 'user') && Array.isArray(content)) {
      return (content as Json[]).flatMap((b): StepOut[] => {
        if (b.type === 'text' && typeof b.text === 'string' && b.text && e.type === 'assistant')
          return [{ kind: 'thought', text: cut(b.text) }];
        if (b.type === 'tool_use') {
          return [
            {
              kind: 'note',
              text: `${String(b.name)} (run by claude-code)`,
              tool: String(b.name).slice(0, 64),
              arguments: b.input,
              callId: String(b.id).slice(0, 128),
            },
          ];
        }
        if (b.type === 'tool_result') {
          return [
            {
              kind: 'observation',
              output: cut(asText(b.content)),
              isError: b.is_error === true,
              callId: String(b.tool_use_id).slice(0, 128),
            },
          ];
        }
        return [];
      });
    }
    if (e.type === 'result') {
      this.#result = { text: typeof e.result === 'string' ? e.result : s(e.subtype), isError: e.is_error === true };
      return [{ kind: this.#result.isError ? 'error' : 'final', text: cut(this.#result.text) }];
    }
    return [];
  }

  result() {
    return this.#result;
  }
}

/** Codex's `exec --json` events (thread/turn/item). */
class CodexSteps implements StepParser {
  #last: string | null = null;
  #failed: string | null = null;

  line(line: string): StepOut[] {
    const e = parse(line);
    if (!e) return [];
    if (e.type === 'turn.failed' || e.type === 'error') {
      this.#failed = asText((e.error as Json | undefined)?.message ?? e.message);
      return [{ kind: 'error', text: cut(this.#failed) }];
    }
    if (e.type !== 'item.completed') return [];
    const item = (e.item ?? {}) as Json;
    switch (item.type) {
      case 'agent_message':
        this.#last = asText(item.text);
        return [{ kind: 'thought', text: cut(this.#last) }];
      case 'reasoning':
        return [{ kind: 'thought', text: cut(asText(item.text)) }];
      case 'command_execution':
        return [
          { kind: 'note', text: 'shell (run by codex)', tool: 'shell', arguments: { command: item.command } },
          {
            kind: 'observation',
            output: cut(asText(item.aggregated_output)),
            isError: typeof item.exit_code === 'number' && item.exit_code !== 0,
          },
        ];
      case 'file_change':
        return [{ kind: 'note', text: 'files changed (by codex)', tool: 'apply_patch', arguments: { changes: item.changes } }];
      case 'error':
        return [{ kind: 'note', text: cut(asText(item.message)) }];
      default:
        return [];
    }
  }

  result() {
    if (this.#failed) return { text: this.#failed, isError: true };
    return this.#last === null ? null : { text: this.#last, isError: false };
  }
}

export function stepParser(format: StepFormat): StepParser {
  return format === 'claude-stream-json' ? new ClaudeSteps() : new CodexSteps();
}
