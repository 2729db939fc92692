/**
 * A kernel socket with the real authority in front of the real run, memory and IPC routes,
 * over a test kernel (SQLite, supervisor with a refusing driver) and a scripted model: for
 * unit tests of what a hostile process may and may not do on its socket.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { IpcService, ipcSocketRoutes } from '../../kernel-service/src/ipc/index.js';
import { createLlmGateway, resolveLlmSettings, SqliteAccountant } from '../../kernel-service/src/llm/index.js';
import { EpisodeRecorder, MemoryService, memorySocketRoutes, SocialMemory } from '../../kernel-service/src/memory/index.js';
import { Children, inboxRoutes, RunInbox, runSocketRoutes, TEMPLATES } from '../../kernel-service/src/runs/index.js';
import { KernelClient } from '../../kernel-service/src/runtime/kernel-client.js';
import { buildSocketApp, KernelSockets } from '../../kernel-service/src/socket/index.js';
import { llmConfig } from '../unit/llm/gateway-for.js';
import { insertTestProcess, testKernel, type TestKernelOptions } from './kernel.js';
import { startOpenAIServer } from './llm-servers/openai.js';

export async function authorityFixture(authority: TestKernelOptions['authority'] = {}, llm: Record<string, unknown> = {}) {
  const provider = await startOpenAIServer();
  const sockets = new KernelSockets(mkdtempSync(join(tmpdir(), 'aether-auth-')));
  const fallbacks = (llm.fallbacks as string[] | undefined) ?? [];
  const k = await testKernel({ sockets, authority, models: { defaultModel: 'openai/scripted', fallbacks } });
  const gateway = createLlmGateway({
    settings: resolveLlmSettings(
      llmConfig({ providers: { openai: { baseUrl: `${provider.url}/v1` } }, defaultModel: 'openai/scripted', ...llm }),
      { OPENAI_API_KEY: 'sk-fixture' },
    ),
    accountant: new SqliteAccountant(k.db),
    log: { warn: () => undefined },
  });
  const memory = new MemoryService({ db: k.db, embedder: null, limits: { maxPerLayer: 1000 } });
  const social = new SocialMemory(k.db, memory);
  const ipc = new IpcService({ db: k.db, limits: { mailboxMax: 100 }, spaceAccess: (s, a) => memory.spaces.accessOf(s, a) });
  sockets.attach(
    await buildSocketApp({
      llm: gateway,
      log: pino({ level: 'silent' }),
      authority: k.authority,
      routes: [
        inboxRoutes(new RunInbox()),
        runSocketRoutes(k.runs, new Children(k.runs, k.supervisor, k.authority)),
        memorySocketRoutes({ memory, social, episodes: new EpisodeRecorder(k.db, memory) }),
        ipcSocketRoutes(ipc),
      ],
    }),
  );
  let n = 0;

  /** A process (a run when `run` is given, else a bare program), with its socket's client. */
  async function proc(
    run?: { tools?: string[]; approval?: Record<string, unknown>; tokenBudget?: number; model?: string },
    ppid?: number,
  ) {
    const name = `agent-${++n}`;
    const pid = insertTestProcess(k.repo, name, ppid ?? null);
    k.db.prepare(`UPDATE processes SET state = 'running' WHERE pid = ?`).run(pid);
    if (run) {
      const template = TEMPLATES[0]!;
      k.runs.repo.insert(
        {
          pid,
          goal: 'g',
          template: template.name,
          model: run.model ?? null,
          tools: run.tools ?? ['remember', 'recall', 'spawn_agent', 'send_message'],
          approval: run.approval ?? {},
          maxSteps: 20,
          tokenBudget: run.tokenBudget ?? 100_000,
          contextTokens: 50_000,
          prompt: template.prompt,
          resumedFrom: null,
        },
        null,
      );
    }
    const client = new KernelClient(join(await sockets.serve(pid, name, process.getuid!()), 'kernel.sock'));
    return { pid, agent: name, client };
  }

  return {
    k,
    provider,
    memory,
    ipc,
    proc,
    async close() {
      await sockets.stopAll();
      await provider.close();
    },
  };
}

/** The error a kernel call failed with (or the call's value, when it did not fail). */
export const failure = (p: Promise<unknown>) =>
  p.then(
    (v) => ({ resolved: v }),
    (e: unknown) => e,
  );
