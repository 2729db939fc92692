import { KernelCallError, type KernelClient } from './kernel-client.js';
import { compact, estimateTokens } from './compaction.js';
import { callModel } from './model.js';
import type { PluginFailure } from './plugins/bridge.js';
import { toolGranted, type PluginSpec } from './plugins/names.js';
import type { ToolRegistry, ToolResult } from './tools/index.js';
import type { Checkpoint, WireMessage, WireToolCall } from './wire.js';

/** The run as the kernel describes it (GET /v1/run). */
export interface RunSpec {
  pid: number;
  goal: string;
  template: string;
  model: string | null;
  tools: string[];
  maxSteps: number;
  tokenBudget: number;
  contextTokens: number;
  prompt: string;
  /** MCP plugins the runtime starts in the sandbox (their tools are granted by `mcp:<name>` or by name). */
  plugins?: PluginSpec[];
}

export interface LoopOptions {
  kernel: KernelClient;
  registry: ToolRegistry;
  run: RunSpec;
  checkpoint: Checkpoint | null;
  home: string;
  /** Aborted by SIGTERM: the loop checkpoints and returns 'stopped'. */
  signal: AbortSignal;
  /** Tries per model call when the provider stays unavailable (after the gateway's own retries). */
  modelAttempts?: number;
  /** Plugins that did not start: each is an error step at the start, so the run shows why their tools are missing. */
  pluginFailures?: PluginFailure[];
}

export type Outcome = { status: 'done' | 'failed'; result: string } | { status: 'stopped'; result: null };

/** Model mistakes in a row before the run gives up on the model. */
const MAX_MISTAKES = 3;

/**
 * Think -> act -> observe until the model finishes, a limit is hit, or the run is stopped.
 * Every step is reported to the kernel (which stores and streams it) and the conversation is
 * checkpointed after each, so a restarted process continues where this one stopped.
 */
export async function runLoop(o: LoopOptions): Promise<Outcome> {
  const { kernel, registry, run, signal } = o;
  const cp: Checkpoint = o.checkpoint ?? (await fresh(kernel, run, registry));
  const tools = registry.definitions(grantedTools(run, registry));
  const step = (body: Record<string, unknown>) =>
    kernel.post<{ allowed?: boolean; reason?: string | null }>('/v1/run/steps', { n: cp.step, ...body });
  const save = () => kernel.put('/v1/run/checkpoint', { step: cp.step, state: cp });
  const end = async (status: 'done' | 'failed', result: string): Promise<Outcome> => {
    await step({ kind: 'final', text: result, isError: status === 'failed' });
    await save();
    await kernel.post('/v1/run/complete', { result, success: status === 'done' });
    return { status, result };
  };
  let mistakes = 0;
  for (const f of o.pluginFailures ?? [])
    await step({ kind: 'error', text: `${f.code}: plugin "${f.plugin}" ${f.message}`, isError: true });

  while (!signal.aborted) {
    if (cp.step >= run.maxSteps)
      return end('failed', `Stopped: the step limit (${run.maxSteps}) was reached before the goal was met.`);
    if (cp.usage.promptTokens + cp.usage.completionTokens >= run.tokenBudget)
      return end('failed', `Stopped: the token budget (${run.tokenBudget}) is spent.`);
    await takeInbox(kernel, cp);
    if (estimateTokens(cp.messages) > run.contextTokens) {
      const c = await compact(kernel, run.model, cp.messages, signal);
      if (c) {
        cp.messages = c.messages;
        await step({ kind: 'note', text: `Context compacted: ${c.summarised} earlier messages summarised.` });
      }
    }

    cp.step += 1;
    let answer;
    try {
      answer = await callModel(kernel, { model: run.model, messages: cp.messages, tools }, signal, o.modelAttempts);
    } catch (err) {
      if (signal.aborted) break;
      const e = err instanceof KernelCallError ? `${err.code}: ${err.message}${err.hint ? ` (${err.hint})` : ''}` : String(err);
      await step({ kind: 'error', text: e, isError: true });
      return end('failed', `The model could not be reached: ${e}`);
    }

    if (answer.kind === 'mistake') {
      // Show the model what it sent and why it failed; it usually corrects itself.
      cp.messages.push({ role: 'assistant', content: null, tool_calls: [answer.call] });
      cp.messages.push({
        role: 'tool',
        tool_call_id: answer.call.id,
        content: `Error: ${answer.problem}. Check the tool's name and send its arguments as a JSON object matching its schema.`,
      });
      await step({ kind: 'error', text: answer.problem, tool: answer.call.function.name, isError: true });
      if (++mistakes >= MAX_MISTAKES)
        return end('failed', `The model made ${MAX_MISTAKES} malformed tool calls in a row: ${answer.problem}`);
      await save();
      continue;
    }
    mistakes = 0;
    cp.usage.promptTokens += answer.usage.prompt;
    cp.usage.completionTokens += answer.usage.completion;
    cp.messages.push({
      role: 'assistant',
      content: answer.content,
      ...(answer.toolCalls.length ? { tool_calls: answer.toolCalls } : {}),
    });
    if (answer.content) await step({ kind: 'thought', text: answer.content });

    // A plain answer without tool calls is the model's final word.
    if (answer.toolCalls.length === 0) return end('done', answer.content ?? '(no result given)');

    for (const call of answer.toolCalls) {
      const result = await act(o, cp, call, step);
      if (result.finish) {
        await save();
        return end(result.finish.success ? 'done' : 'failed', result.finish.result);
      }
      if (signal.aborted) break;
    }
    await save();
  }
  await save(); // stopped: the next process of this run resumes from here
  return { status: 'stopped', result: null };
}

type StepFn = (body: Record<string, unknown>) => Promise<{ allowed?: boolean; reason?: string | null }>;

/** One tool call: ask the kernel (tool set, approval policy), run it locally, report what it returned. */
async function act(o: LoopOptions, cp: Checkpoint, call: WireToolCall, step: StepFn): Promise<ToolResult> {
  const name = call.function.name;
  let args: unknown = call.function.arguments;
  try {
    args = JSON.parse(call.function.arguments || '{}');
  } catch {
    /* reported by the registry as an observation */
  }
  const permit = await step({ kind: 'tool_call', tool: name, arguments: args, callId: call.id });
  const result: ToolResult = permit.allowed
    ? await o.registry.invoke(name, call.function.arguments, {
        home: o.home,
        kernel: o.kernel,
        signal: o.signal,
        callId: call.id,
        state: cp.state,
      })
    : { isError: true, output: `Not allowed: ${permit.reason ?? 'the kernel refused this call'}.` };
  await step({
    kind: 'observation',
    tool: name,
    output: result.output.slice(0, 200_000),
    isError: result.isError ?? false,
    callId: call.id,
  });
  cp.messages.push({ role: 'tool', tool_call_id: call.id, content: result.output });
  if (result.images?.length) {
    // Images ride in a user message after the tool results; text-only models get the note alone.
    cp.messages.push({ role: 'user', content: `[${result.images.length} image(s) from ${name} attached by the runtime]` });
  }
  return result;
}

/** Messages and human interventions that arrived since the last step, as observations, exactly once. */
async function takeInbox(kernel: KernelClient, cp: Checkpoint): Promise<void> {
  const { items } = await kernel.get<{ items: { id: string; source: string; text: string }[] }>('/v1/run/inbox');
  if (items.length === 0) return;
  const fresh = items.filter((i) => !cp.seenInbox.includes(`${i.source}:${i.id}`));
  for (const item of fresh) cp.messages.push({ role: 'user', content: `[${item.source}] ${item.text}` });
  cp.seenInbox.push(...fresh.map((i) => `${i.source}:${i.id}`));
  cp.seenInbox = cp.seenInbox.slice(-5000);
  await kernel.put('/v1/run/checkpoint', { step: cp.step, state: cp });
  await kernel.post('/v1/run/inbox/ack', { keys: items.map((i) => `${i.source}:${i.id}`) });
}

/** The start of a run: the template's prompt, what the agent remembers (when memory answers), the goal. */
async function fresh(kernel: KernelClient, run: RunSpec, registry: ToolRegistry): Promise<Checkpoint> {
  let memory = '';
  try {
    const ctx = await kernel.post<{ text?: string }>('/v1/memory/context', { goal: run.goal });
    if (ctx.text) memory = `\n\nWhat you remember that may help:\n${ctx.text}`;
  } catch (err) {
    // No memory subsystem (404), or memory not granted to this run (403): nothing to recall.
    if (!(err instanceof KernelCallError) || (err.status !== 404 && err.status !== 403)) throw err;
  }
  const granted = grantedTools(run, registry).join(', ');
  const messages: WireMessage[] = [
    { role: 'system', content: `${run.prompt}\n\nYour tools: ${granted}.${memory}` },
    { role: 'user', content: run.goal },
  ];
  return {
    version: 1,
    messages,
    step: 0,
    state: { plan: [], extra: {} },
    usage: { promptTokens: 0, completionTokens: 0 },
    seenInbox: [],
  };
}

/** The granted tools the registry has: built-ins by name, plugin tools by name or by their plugin's `mcp:` entry. */
export function grantedTools(run: RunSpec, registry: ToolRegistry): string[] {
  const declared = (run.plugins ?? []).map((p) => p.name);
  return registry
    .list()
    .map((t) => t.name)
    .filter((name) => toolGranted(run.tools, declared, name));
}
