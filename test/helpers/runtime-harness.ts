/**
 * The agent runtime's loop, in this process, against the real kernel side: the run service,
 * the per-process kernel socket, the LLM gateway over a scripted provider that speaks OpenAI's
 * protocol, SQLite. Only the sandbox is missing (the systemd tier has it): tools run here, in a
 * temporary home.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createLlmGateway, resolveLlmSettings, SqliteAccountant } from '../../kernel-service/src/llm/index.js';
import { Children, inboxRoutes, RunInbox, runSocketRoutes, TEMPLATES } from '../../kernel-service/src/runs/index.js';
import { KernelClient } from '../../kernel-service/src/runtime/kernel-client.js';
import { runLoop, type RunSpec } from '../../kernel-service/src/runtime/loop.js';
import type { PluginHostOptions } from '../../kernel-service/src/runtime/plugins/bridge.js';
import { runWithPlugins } from '../../kernel-service/src/runtime/plugins/run.js';
import { builtinRegistry } from '../../kernel-service/src/runtime/tools/index.js';
import type { Checkpoint } from '../../kernel-service/src/runtime/wire.js';
import { buildSocketApp, KernelSockets } from '../../kernel-service/src/socket/index.js';
import { llmConfig } from '../unit/llm/gateway-for.js';
import { insertTestProcess, testKernel, type TestKernelOptions } from './kernel.js';
import { openai, startOpenAIServer } from './llm-servers/openai.js';

export { openai };

/**
 * `providerUrl`: use that OpenAI-compatible server instead of starting a scripted one here.
 * `kernel`: options for the kernel under the harness (a real driver, for tiers that have one).
 */
export async function runtimeHarness(llm: Record<string, unknown> = {}, providerUrl?: string, kernel: TestKernelOptions = {}) {
  const provider = providerUrl ? null : await startOpenAIServer();
  // The supervisor opens each process's socket; the routes behind them need the run service, so attach after.
  const sockets = new KernelSockets(mkdtempSync(join(tmpdir(), 'aether-run-')));
  const k = await testKernel({ ...kernel, sockets });
  const gateway = createLlmGateway({
    settings: resolveLlmSettings(
      llmConfig({
        providers: { openai: { baseUrl: `${providerUrl ?? provider!.url}/v1` } },
        defaultModel: 'openai/scripted',
        ...llm,
      }),
      { OPENAI_API_KEY: 'sk-harness' },
    ),
    accountant: new SqliteAccountant(k.db),
    log: { warn: () => undefined },
  });
  const inbox = new RunInbox();
  sockets.attach(
    await buildSocketApp({
      llm: gateway,
      log: pino({ level: 'silent' }),
      authority: k.authority,
      routes: [inboxRoutes(inbox), runSocketRoutes(k.runs, new Children(k.runs, k.supervisor, k.authority))],
    }),
  );
  const registry = builtinRegistry();
  let n = 0;

  /** A process record and its run, as a spawn would make them, and its kernel socket. */
  async function newRun(over: Partial<RunSpec> & { approval?: Record<string, unknown> } = {}) {
    const template = TEMPLATES.find((t) => t.name === (over.template ?? 'general'))!;
    const name = `agent-${++n}`;
    const pid = insertTestProcess(k.repo, name);
    k.runs.repo.insert(
      {
        pid,
        goal: over.goal ?? 'do the thing',
        template: template.name,
        model: over.model ?? null,
        tools: over.tools ?? registry.list().map((t) => t.name),
        approval: over.approval ?? {},
        maxSteps: over.maxSteps ?? 20,
        tokenBudget: over.tokenBudget ?? 100_000,
        contextTokens: over.contextTokens ?? 50_000,
        prompt: template.prompt,
        resumedFrom: null,
        ...(over.plugins ? { plugins: over.plugins } : {}),
      },
      null,
    );
    const dir = await sockets.serve(pid, name, process.getuid!());
    const kernel = new KernelClient(join(dir, 'kernel.sock'));
    const home = mkdtempSync(join(tmpdir(), 'aether-home-'));
    return {
      pid,
      kernel,
      home,
      /** Runs the loop to its end (or until `signal` stops it), resuming from the stored checkpoint. */
      async loop(signal = new AbortController().signal, modelAttempts = 1) {
        const { run, checkpoint } = await kernel.get<{ run: RunSpec; checkpoint: Checkpoint | null }>('/v1/run');
        return runLoop({ kernel, registry, run, checkpoint, home, signal, modelAttempts });
      },
      /** As the runtime's main does: start the run's plugins (a registry of its own), loop, stop them. */
      async loopWithPlugins(pluginOptions: Partial<PluginHostOptions> = {}, signal = new AbortController().signal) {
        const { run, checkpoint } = await kernel.get<{ run: RunSpec; checkpoint: Checkpoint | null }>('/v1/run');
        const own = builtinRegistry();
        return runWithPlugins({ kernel, registry: own, run, checkpoint, home, signal, modelAttempts: 1 }, pluginOptions);
      },
      steps: () => k.runs.repo.steps(pid, 0, 1000),
      run: () => k.runs.get(pid),
    };
  }

  return {
    /** The scripted provider (absent when the caller gave its own). */
    provider: provider!,
    kernel: k,
    inbox,
    newRun,
    async close() {
      await sockets.stopAll();
      await provider?.close();
    },
  };
}
