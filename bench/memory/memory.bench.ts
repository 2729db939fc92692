/**
 * bench/memory: recall latency over 100k memories of one agent (full-text, and hybrid with
 * vectors), and IPC latency and throughput between two agents over their real kernel sockets.
 * Real SQLite (WAL, the kernel's migrations), real sqlite-vec, real Unix sockets and HTTP; the
 * embedding model is the local test server's deterministic one (no weights can be had here),
 * called over HTTP through the real gateway for the query, as the kernel does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import Value from 'typebox/value';
import { IpcService, ipcSocketRoutes } from '../../kernel-service/src/ipc/index.js';
import {
  createLlmGateway,
  LlmConfigSchema,
  MemoryAccountant,
  resolveLlmSettings,
  type LlmConfig,
} from '../../kernel-service/src/llm/index.js';
import { MemoryService, type Embedder } from '../../kernel-service/src/memory/index.js';
import { KernelClient } from '../../kernel-service/src/runtime/kernel-client.js';
import { buildSocketApp, KernelSockets } from '../../kernel-service/src/socket/index.js';
import { embedText, startEmbeddingServer } from '../../test/helpers/llm-servers/embeddings.js';
import { addProcess, open, tempDbPath } from '../../test/helpers/memory-fixtures.js';
import { row, stats } from '../stats.js';
import { testAuthority } from '../../test/helpers/authority.js';

const MEMORIES = Number(process.env.BENCH_MEMORIES ?? 100_000);
const QUERIES = Number(process.env.BENCH_RECALLS ?? 500);
const DIM = Number(process.env.BENCH_DIM ?? 384);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const PINGS = Number(process.env.BENCH_PINGS ?? 500);
/** `memory` or `ipc` runs one half only. */
const ONLY = process.env.BENCH_ONLY ?? '';

console.log(`bench/memory: ${new Date().toISOString()}, node ${process.version}`);

// A vocabulary and sentences of it: each word appears in ~0.6% of memories, as real notes do.
let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const vocab = Array.from({ length: 2000 }, (_, i) => `w${i.toString(36)}x${(i * 7919).toString(36)}`);
const sentence = (n: number) => Array.from({ length: n }, () => vocab[Math.floor(rand() * vocab.length)]).join(' ');

if (ONLY !== 'ipc') {
  const server = await startEmbeddingServer({ dim: DIM });
  const config = Value.Default(LlmConfigSchema, {
    providers: { openai: { baseUrl: `${server.url}/v1`, apiKey: 'bench' } },
    embeddingModel: 'openai/bench-embed',
  }) as LlmConfig;
  const gateway = createLlmGateway({ settings: resolveLlmSettings(config, {}), accountant: new MemoryAccountant() });
  const overHttp: Embedder = { model: 'openai/bench-embed', embed: async (pid, t) => (await gateway.embed(pid, t)).vectors };
  // Filling 100k memories through HTTP would time the test server; the vectors are the same computed in process.
  const inProcess: Embedder = { model: 'openai/bench-embed', embed: async (_pid, t) => t.map((x) => embedText(x, DIM)) };

  const path = tempDbPath();
  const filler = new MemoryService({ db: open(path), embedder: inProcess, limits: { maxPerLayer: 10_000_000 } });
  const t0 = performance.now();
  for (let i = 0; i < MEMORIES; i++) {
    await filler.remember('bench', 1, {
      layer: i % 10 === 0 ? 'episodic' : 'semantic',
      content: sentence(12),
      importance: rand(),
    });
  }
  console.log(`filled ${MEMORIES} memories (${DIM}-dim vectors) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  async function recallSeries(m: MemoryService): Promise<number[]> {
    const samples: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const q = sentence(3);
      const s = performance.now();
      const r = await m.recall('bench', 1, { query: q, limit: 10 });
      samples.push(performance.now() - s);
      if (r.memories.length === 0) throw new Error(`no result for "${q}"`);
    }
    return samples;
  }

  const fulltext = new MemoryService({ db: open(path), embedder: null, limits: { maxPerLayer: 10_000_000 } });
  const hybridLocal = new MemoryService({ db: open(path), embedder: inProcess, limits: { maxPerLayer: 10_000_000 } });
  const hybridHttp = new MemoryService({ db: open(path), embedder: overHttp, limits: { maxPerLayer: 10_000_000 } });
  await recallSeries(hybridLocal); // warm-up: page cache, prepared statements
  console.log(`recall, ${MEMORIES} memories of one agent, top 10 of 64 candidates per list`);
  console.log(row('full-text only (FTS5 + BM25, ranking)', stats(await recallSeries(fulltext)), 'p99 <= 20 ms'));
  console.log(
    row(
      `hybrid, query vector in process (${DIM}-d codes + exact rescoring, FTS5)`,
      stats(await recallSeries(hybridLocal)),
      'p99 <= 20 ms',
    ),
  );
  console.log(row('hybrid, query embedded over HTTP (gateway + OpenAI SDK)', stats(await recallSeries(hybridHttp))));
  await server.close();
}

if (ONLY !== 'memory') {
  // IPC: two agents, each on its own kernel socket, one router, one database.
  const db = open(tempDbPath());
  addProcess(db, 1, 'producer');
  addProcess(db, 2, 'consumer');
  const ipc = new IpcService({ db, limits: { mailboxMax: 1_000_000 }, spaceAccess: () => null });
  const sockets = new KernelSockets(mkdtempSync(join(tmpdir(), 'aether-bench-sock-')));
  // A bench sends more messages than an agent's default quota allows.
  const authority = testAuthority(db, { quotas: { messagesPerAgent: 100_000_000 } });
  sockets.attach(await buildSocketApp({ llm: null, log: pino({ level: 'silent' }), authority, routes: [ipcSocketRoutes(ipc)] }));
  const uid = process.getuid!();
  const producer = new KernelClient(join(await sockets.serve(1, 'producer', uid), 'kernel.sock'));
  const consumer = new KernelClient(join(await sockets.serve(2, 'consumer', uid), 'kernel.sock'));
  type Got = { messages: { id: number; text: string }[] };

  async function drain(expected: number, onMessage: (text: string) => void): Promise<void> {
    for (let n = 0; n < expected;) {
      const r = await consumer.get<Got>('/v1/ipc/messages?waitMs=5000&limit=100');
      if (r.messages.length === 0) continue;
      await consumer.post('/v1/ipc/ack', { ids: r.messages.map((m) => m.id) });
      r.messages.forEach((m) => onMessage(m.text));
      n += r.messages.length;
    }
  }

  const latency: number[] = [];
  for (let i = 0; i < PINGS; i++) {
    const s = performance.now();
    const done = drain(1, () => latency.push(performance.now() - s));
    await producer.post('/v1/ipc/send', { to: 'consumer', text: `ping ${i}` });
    await done;
  }
  console.log(`\nIPC between two agents over their kernel sockets (persisted, acknowledged)`);
  console.log(row('send -> the waiting receiver has it (long-poll wake-up)', stats(latency)));

  const t0 = performance.now();
  const drained = drain(MESSAGES, () => undefined);
  const sendTimes: number[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const s = performance.now();
    await producer.post('/v1/ipc/send', { to: 'consumer', text: `message ${i}`, idempotencyKey: `k${i}` });
    sendTimes.push(performance.now() - s);
  }
  await drained;
  const seconds = (performance.now() - t0) / 1000;
  console.log(row('one send (one sender, one at a time, durable commit)', stats(sendTimes)));
  console.log(
    `  throughput: ${MESSAGES} messages sent, received and acknowledged in ${seconds.toFixed(2)} s = ${Math.round(MESSAGES / seconds)} msg/s`,
  );
  await sockets.stopAll();
}
process.exit(0);
