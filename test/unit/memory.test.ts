import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  EpisodeRecorder,
  MemoryService,
  SocialMemory,
  startOfRunContext,
  type Embedder,
} from '../../kernel-service/src/memory/index.js';
import { startEmbeddingServer, type EmbeddingServer } from '../helpers/llm-servers/embeddings.js';
import { open, tempDbPath } from '../helpers/memory-fixtures.js';
import { gatewayFor } from './llm/gateway-for.js';

const DAY = 86_400_000;

/** Synonyms the local embedding model knows: the texts below share concepts, not words. */
const CONCEPTS = {
  car: 'vehicle',
  automobile: 'vehicle',
  vehicle: 'vehicle',
  mechanic: 'repair',
  repair: 'repair',
  fix: 'repair',
  fixing: 'repair',
  garage: 'repair',
  dog: 'pet',
  puppy: 'pet',
  cat: 'pet',
};

let server: EmbeddingServer;
let embedder: Embedder;

beforeAll(async () => {
  server = await startEmbeddingServer({ dim: 64, concepts: CONCEPTS });
  // The real gateway and the real OpenAI SDK, against a local server speaking the protocol.
  const { gateway } = gatewayFor(
    { providers: { openai: { baseUrl: `${server.url}/v1` } }, embeddingModel: 'openai/test-embed', retry: { maxRetries: 0 } },
    { OPENAI_API_KEY: 'sk-test' },
  );
  embedder = { model: gateway.embeddingModel!, embed: async (pid, texts) => (await gateway.embed(pid, texts)).vectors };
});

afterAll(() => server.close());

const service = (path = tempDbPath(), opts: { embed?: boolean; max?: number; now?: () => number } = {}) =>
  new MemoryService({
    db: open(path),
    embedder: opts.embed === false ? null : embedder,
    limits: { maxPerLayer: opts.max ?? 1000 },
    ...(opts.now ? { now: opts.now } : {}),
  });

describe('memory per agent identity', () => {
  it('is recalled by a later run of the same agent after a kernel restart, and by no other agent', async () => {
    const path = tempDbPath();
    const first = service(path);
    await first.remember('researcher', 11, { layer: 'semantic', content: 'The staging database listens on port 6543' });
    // A new kernel (the database reopened) and a new run (another pid) of the same agent.
    const second = service(path);
    const found = await second.recall('researcher', 12, { query: 'which port does the staging database use?' });
    expect(found.memories[0]).toMatchObject({ content: 'The staging database listens on port 6543', sourcePid: 11 });
    expect((await second.recall('intruder', 13, { query: 'staging database port' })).memories).toEqual([]);
  });

  it('says when recall is full-text only, and still finds by words', async () => {
    const m = service(tempDbPath(), { embed: false });
    await m.remember('a', 1, { layer: 'semantic', content: 'Deploys happen on Tuesdays' });
    const r = await m.recall('a', 1, { query: 'when are deploys' });
    expect(r.retrieval).toBe('fulltext');
    expect(r.note).toMatch(/no embedding model/);
    expect(r.memories.map((x) => x.content)).toEqual(['Deploys happen on Tuesdays']);
  });

  it('ranks a fixed set by hybrid relevance: meaning found by vectors, words by full text, both first', async () => {
    const m = service();
    const texts = [
      'The automobile needs a mechanic', // shares meaning with the query, not its words
      'Repair of the car at the garage took two days', // shares words and meaning
      'The car is red', // shares a word, part of the meaning
      'Our puppy sleeps all day', // unrelated
      'Quarterly revenue grew by four percent', // unrelated
    ];
    for (const content of texts) await m.remember('fleet', 1, { layer: 'semantic', content });
    const hybrid = await m.recall('fleet', 1, { query: 'car repair', limit: 5 });
    expect(hybrid.retrieval).toBe('hybrid');
    const order = hybrid.memories.map((x) => x.content);
    expect(order[0]).toBe('Repair of the car at the garage took two days');
    expect(order).toContain('The automobile needs a mechanic');
    expect(order.indexOf('The automobile needs a mechanic')).toBeLessThan(order.indexOf('Our puppy sleeps all day') >>> 0);
    const auto = hybrid.memories.find((x) => x.content.startsWith('The automobile'))!;
    expect(auto.why.fulltextRank).toBeNull(); // only the vectors found it
    expect(auto.why.vectorRank).not.toBeNull();

    // The same set without vectors cannot find what shares no word with the query.
    const fulltext = await service(tempDbPath(), { embed: false }).recall('fleet', 1, { query: 'car repair' });
    expect(fulltext.memories).toEqual([]);
  });

  it('weighs importance and recency when relevance is equal', async () => {
    let now = Date.now();
    const m = service(tempDbPath(), { embed: false, now: () => now });
    const old = await m.remember('a', 1, { layer: 'semantic', content: 'backup runs nightly (old note)', importance: 0.5 });
    now += 60 * DAY;
    const fresh = await m.remember('a', 1, { layer: 'semantic', content: 'backup runs nightly (new note)', importance: 0.5 });
    const vital = await m.remember('a', 1, { layer: 'semantic', content: 'backup runs nightly (vital note)', importance: 1 });
    const ids = (await m.recall('a', 1, { query: 'backup nightly' })).memories.map((x) => x.id);
    expect(ids.indexOf(vital.id)).toBeLessThan(ids.indexOf(fresh.id));
    expect(ids.indexOf(fresh.id)).toBeLessThan(ids.indexOf(old.id));
  });

  it('consolidates the same memory remembered twice, and forgets the least retained past the limit', async () => {
    const m = service(tempDbPath(), { embed: false, max: 10 });
    const a = await m.remember('a', 1, { layer: 'semantic', content: 'Use  pnpm, not npm', importance: 0.5 });
    const b = await m.remember('a', 2, { layer: 'semantic', content: 'use pnpm, not NPM', importance: 0.5 });
    expect(b.id).toBe(a.id);
    expect(b.importance).toBeCloseTo(0.55);
    for (let i = 0; i < 10; i++) await m.remember('a', 1, { layer: 'semantic', content: `trivia number ${i}`, importance: 0.1 });
    const left = m.list(['agent:a'], { limit: 100 });
    expect(left.length).toBe(9);
    expect(left.map((x) => x.content)).toContain('Use  pnpm, not npm');
  });

  it('shares a space with its members only: read for readers, write for writers', async () => {
    const m = service(tempDbPath(), { embed: false });
    m.spaces.create('team-x', 'the X team');
    m.spaces.setMember('team-x', 'coder', 'write');
    m.spaces.setMember('team-x', 'reviewer', 'read');
    await m.remember('coder', 1, { layer: 'semantic', content: 'The API freeze starts Friday', space: 'team-x' });
    expect((await m.recall('reviewer', 2, { query: 'API freeze' })).memories[0]?.owner).toBe('space:team-x');
    expect((await m.recall('stranger', 3, { query: 'API freeze' })).memories).toEqual([]);
    await expect(m.remember('reviewer', 2, { layer: 'semantic', content: 'x', space: 'team-x' })).rejects.toMatchObject({
      code: 'MEMORY_ACCESS_DENIED',
    });
    const id = (await m.recall('coder', 1, { query: 'API freeze' })).memories[0]!.id;
    expect(() => m.forget('reviewer', id)).toThrow(expect.objectContaining({ code: 'MEMORY_ACCESS_DENIED' }));
    expect(() => m.forget('stranger', id)).toThrow(expect.objectContaining({ code: 'MEMORY_ACCESS_DENIED' }));
    m.forget('coder', id);
    expect(() => m.get('coder', id)).toThrow(expect.objectContaining({ code: 'MEMORY_NOT_FOUND' }));
  });

  it('keeps remembering through an embedding outage, says so on recall, and embeds later', async () => {
    const m = service();
    server.failWith = 503;
    try {
      await m.remember('ops', 1, { layer: 'semantic', content: 'The vehicle fleet is serviced monthly' });
      const r = await m.recall('ops', 1, { query: 'vehicle fleet' });
      expect(r).toMatchObject({ retrieval: 'fulltext', note: expect.stringMatching(/embedding model failed/) });
      expect(r.memories).toHaveLength(1);
    } finally {
      server.failWith = null;
    }
    expect(await m.backfill()).toBe(1);
    const r = await m.recall('ops', 1, { query: 'car maintenance' }); // no shared word: vectors only
    expect(r.retrieval).toBe('hybrid');
    expect(r.memories[0]?.content).toBe('The vehicle fleet is serviced monthly');
  });
});

describe('episodes, procedures and the start-of-run context', () => {
  it('turns a successful run into an episode and a how-to offered to the next run with a similar goal', async () => {
    const db = open(tempDbPath());
    const m = new MemoryService({ db, embedder: null, limits: { maxPerLayer: 1000 } });
    const social = new SocialMemory(db, m);
    const episodes = new EpisodeRecorder(db, m);
    episodes.begin(21, 'builder', 'Build the release tarball for project atlas');
    const step = (kind: string, extra: Record<string, unknown>) =>
      episodes.onEvent({ seq: 1, type: 'agent.step', pid: 21, agent: 'builder', step: { kind, ...extra } });
    step('thought', { text: 'plan' });
    step('tool_call', { tool: 'shell' });
    step('tool_call', { tool: 'shell' });
    step('tool_call', { tool: 'write_file' });
    step('final', { text: 'tarball at dist/atlas.tgz' });
    await episodes.finish(21, true);
    const all = m.list(['agent:builder'], {});
    expect(all.find((x) => x.layer === 'episodic')?.content).toMatch(/succeeded.*5 steps.*shell x2 -> write_file.*atlas\.tgz/);
    expect(all.find((x) => x.layer === 'procedural')).toMatchObject({ subject: 'Build the release tarball for project atlas' });

    social.interact('builder', 'reviewer');
    await social.review('builder', 21, 'reviewer', true, 'reviewer knows the release process well');
    const text = await startOfRunContext(m, social, 'builder', 22, 'Build a release tarball for atlas again');
    expect(text).toMatch(/How you did similar things before:\n- To "Build the release tarball/);
    expect(text).toMatch(/reviewer: 1 messages exchanged, reliability 67% over 1 reviews/);
    expect(text).toMatch(/full-text only/);
  });
});

describe('a run that fails', () => {
  it('is an episode, not a how-to', async () => {
    const db = open(tempDbPath());
    const m = new MemoryService({ db, embedder: null, limits: { maxPerLayer: 1000 } });
    const episodes = new EpisodeRecorder(db, m);
    episodes.begin(31, 'builder', 'Deploy atlas to production');
    const step = (kind: string, extra: Record<string, unknown>) =>
      episodes.onEvent({ seq: 1, type: 'agent.step', pid: 31, step: { kind, ...extra } }); // the runtime's events carry no agent
    step('tool_call', { tool: 'run_command' });
    step('error', { text: 'LLM_BUDGET_EXCEEDED' });
    step('final', { text: 'ran out of budget', isError: true });
    episodes.onEvent({ seq: 2, type: 'process.state', pid: 31, agent: 'builder', to: 'exited', exit: { code: 0 } });
    await vi.waitFor(() => expect(m.list(['agent:builder'], {})).toHaveLength(1));
    expect(m.list(['agent:builder'], {})[0]).toMatchObject({
      layer: 'episodic',
      content: expect.stringMatching(/did not succeed.*3 steps; tools: run_command; 1 errors; outcome: ran out of budget/),
      importance: 0.6,
    });
    // A program that is not the runtime (no start-of-run call) leaves no episode.
    episodes.onEvent({ seq: 3, type: 'agent.step', pid: 32, step: { kind: 'thought' } });
    await episodes.finish(32, true);
    expect(m.list(['agent:builder'], {})).toHaveLength(1);
  });
});

describe('embeddings through the LLM gateway', () => {
  it("speaks Ollama's /api/embed as well as OpenAI's /v1/embeddings, and refuses providers without one", async () => {
    const ollama = gatewayFor({ providers: { ollama: { baseUrl: server.url } }, embeddingModel: 'ollama/nomic-embed-text' }, {});
    const r = await ollama.gateway.embed(5, ['car', 'automobile', 'puppy']);
    expect(r).toMatchObject({ model: 'ollama/nomic-embed-text', usage: { promptTokens: 3, completionTokens: 0 } });
    expect(r.vectors[0]).toEqual(r.vectors[1]); // synonyms: one concept in the local model
    expect(r.vectors[0]).not.toEqual(r.vectors[2]);
    expect(server.calls.at(-1)).toMatchObject({ path: '/api/embed', model: 'nomic-embed-text', inputs: 3 });
    expect(ollama.accountant.usageOf(5).promptTokens).toBe(3);

    const anthropic = gatewayFor({ embeddingModel: 'anthropic/claude-x' }, { ANTHROPIC_API_KEY: 'k' });
    await expect(anthropic.gateway.embed(1, ['x'])).rejects.toMatchObject({ code: 'LLM_EMBEDDINGS_UNSUPPORTED' });
    const none = gatewayFor({}, {});
    expect(none.gateway.embeddingModel).toBeNull();
    await expect(none.gateway.embed(1, ['x'])).rejects.toMatchObject({ code: 'LLM_NOT_CONFIGURED' });
  });
});

describe('full-text queries', () => {
  it('quote every word (FTS5 syntax is just text) and leave out function words unless nothing else is left', async () => {
    const { fulltextQuery } = await import('../../kernel-service/src/memory/ranking.js');
    expect(fulltextQuery('when is the credential "renewed" OR NOT*')).toBe('"credential" OR "renewed"');
    expect(fulltextQuery('what is it')).toBe('"what" OR "is" OR "it"');
    expect(fulltextQuery('?!')).toBeNull();
  });
});

describe('the vector index', () => {
  it('finds the true nearest neighbours through the coarse pass of a large partition', async () => {
    const { VectorIndex } = await import('../../kernel-service/src/memory/vectors.js');
    const db = open(tempDbPath());
    const index = new VectorIndex(db);
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31 - 0.5;
    const vectors = Array.from({ length: 3000 }, () => Array.from({ length: 96 }, rand));
    const insert = db.prepare(
      "INSERT INTO memories (owner, layer, content, importance, author, content_hash, created_at, accessed_at) VALUES ('agent:v', 'semantic', ?, 0.5, 'v', ?, 0, 0)",
    );
    db.transaction(() =>
      vectors.forEach((v, i) => index.put(Number(insert.run(`m${i}`, `h${i}`).lastInsertRowid), 'agent:v', 'm', v)),
    )();
    const cosine = (a: number[], b: number[]) => {
      let d = 0,
        na = 0,
        nb = 0;
      for (let i = 0; i < a.length; i++) {
        d += a[i]! * b[i]!;
        na += a[i]! ** 2;
        nb += b[i]! ** 2;
      }
      return 1 - d / Math.sqrt(na * nb);
    };
    let found = 0;
    for (let q = 0; q < 20; q++) {
      const query = vectors[q * 100]!.map((x) => x + rand() * 0.2);
      const exact = vectors
        .map((v, i) => ({ id: i + 1, d: cosine(query, v) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, 10)
        .map((x) => x.id);
      const got = index.nearest(['agent:v'], 'm', query, 10).map((x) => x.id);
      expect(got[0]).toBe(q * 100 + 1); // the vector the query was made from
      found += got.filter((id) => exact.includes(id)).length;
    }
    expect(found / 200).toBeGreaterThan(0.7); // recall@10 of the two passes against exact search
    index.remove([1]);
    expect(index.nearest(['agent:v'], 'm', vectors[0]!, 5).map((x) => x.id)).not.toContain(1);
    expect(index.nearest(['agent:other'], 'm', vectors[0]!, 5)).toEqual([]);
  });
});
