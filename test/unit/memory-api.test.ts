import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { IpcService } from '../../kernel-service/src/ipc/index.js';
import { MemoryService, SocialMemory } from '../../kernel-service/src/memory/index.js';
import type { Db } from '../../kernel-service/src/store/index.js';
import { testKernel, TOKEN } from '../helpers/kernel.js';
import { addProcess } from '../helpers/memory-fixtures.js';

let app: FastifyInstance;
let db: Db;
let memory: MemoryService;

beforeAll(async () => {
  const k = await testKernel({
    extend: (kdb) => {
      memory = new MemoryService({ db: kdb, embedder: null, limits: { maxPerLayer: 1000 } });
      const ipc = new IpcService({ db: kdb, limits: { mailboxMax: 2 }, spaceAccess: (s, a) => memory.spaces.accessOf(s, a) });
      return { memory, social: new SocialMemory(kdb, memory), ipc };
    },
  });
  app = k.app;
  db = k.db;
  // Process rows as the supervisor writes them (the host tier has no sandboxes to spawn).
  addProcess(db, 7, 'coder');
  addProcess(db, 8, 'reviewer');
});

const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
  const res = await app.inject({ method, url, headers: { authorization: `Bearer ${TOKEN}` }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
};

describe('memory API', () => {
  it('browses and searches an agent’s memory as it sees it, and says recall is full-text only', async () => {
    const taught = await call('POST', '/api/v1/agents/by-name/coder/memory', { content: 'Tests live in test/unit' });
    expect(taught).toMatchObject({ status: 201, body: { owner: 'agent:coder', author: 'human:admin', layer: 'semantic' } });
    await memory.remember('coder', 7, { layer: 'procedural', subject: 'run tests', content: 'npm test then make lint' });
    const all = await call('GET', '/api/v1/agents/by-name/coder/memory');
    expect(all.body).toMatchObject({ retrieval: 'fulltext', memories: [{ layer: 'procedural' }, { layer: 'semantic' }] });
    const found = await call('GET', '/api/v1/agents/by-name/coder/memory?q=where%20are%20tests&layer=semantic');
    expect(found.body).toMatchObject({ retrieval: 'fulltext', note: expect.stringMatching(/llm.embeddingModel/) });
    expect((found.body.memories as { content: string }[]).map((m) => m.content)).toEqual(['Tests live in test/unit']);
    expect((await call('GET', '/api/v1/agents/by-name/reviewer/memory?q=tests')).body.memories).toEqual([]);
    const id = found.body.memories[0].id as number;
    expect((await call('DELETE', `/api/v1/memory/${id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/memory/${id}`)).body).toMatchObject({ code: 'MEMORY_NOT_FOUND' });
    expect((await call('GET', '/api/v1/agents/by-name/coder/memory?layer=dreams')).body).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('manages team spaces and their members; an agent sees a space only as a member', async () => {
    expect((await call('POST', '/api/v1/memory/spaces', { name: 'team-a', description: 'team A' })).status).toBe(201);
    const space = await call('PUT', '/api/v1/memory/spaces/team-a/members/coder', { access: 'write' });
    expect(space.body.members).toEqual([{ agent: 'coder', access: 'write' }]);
    await memory.remember('coder', 7, { layer: 'semantic', content: 'Release branch is rel-5', space: 'team-a' });
    expect((await call('GET', '/api/v1/memory/spaces/team-a/memory?q=release')).body.memories).toHaveLength(1);
    expect((await call('GET', '/api/v1/agents/by-name/reviewer/memory?q=release')).body.memories).toHaveLength(0);
    await call('PUT', '/api/v1/memory/spaces/team-a/members/reviewer', { access: 'read' });
    expect((await call('GET', '/api/v1/agents/by-name/reviewer/memory?q=release')).body.memories).toHaveLength(1);
    expect((await call('GET', '/api/v1/memory/spaces/nope/memory')).body).toMatchObject({ code: 'SPACE_NOT_FOUND' });
    expect((await call('PUT', '/api/v1/memory/spaces/team-a/members/x', { access: 'admin' })).status).toBe(400);
  });
});

describe('messages API', () => {
  it('lets a human write to a process and an agent, shows the history, and passes back-pressure on', async () => {
    const sent = await call('POST', '/api/v1/agents/7/messages', { text: 'please rebase', from: 'ana' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ from: { pid: null, agent: 'human:ana' }, to: { pid: 7, agent: 'coder' }, readAt: null });
    expect((await call('POST', '/api/v1/agents/by-name/coder/messages', { text: 'and add tests' })).status).toBe(201);
    const full = await call('POST', '/api/v1/agents/7/messages', { text: 'third' });
    expect(full).toMatchObject({ status: 429, body: { code: 'MAILBOX_FULL' } });
    const history = await call('GET', '/api/v1/agents/7/messages');
    expect((history.body.messages as { text: string }[]).map((m) => m.text)).toEqual(['please rebase']);
    expect((await call('GET', '/api/v1/agents/by-name/coder/messages')).body.messages).toHaveLength(2);
    expect((await call('GET', '/api/v1/agents/999/messages')).body).toMatchObject({ code: 'PROCESS_NOT_FOUND' });
    expect((await call('POST', '/api/v1/agents/by-name/ghost/messages', { text: 'x' })).body).toMatchObject({
      code: 'RECIPIENT_NOT_FOUND',
    });
    const openapi = (await app.inject({ url: '/api/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/v1/agents/{pid}/messages', '/api/v1/agents/by-name/{name}/memory', '/api/v1/topics']),
    );
  });

  it('puts a topic in a space, and publishes to its subscribers as a human', async () => {
    await call('POST', '/api/v1/memory/spaces', { name: 'ops' });
    expect((await call('PUT', '/api/v1/topics/alerts', { space: 'nope' })).body).toMatchObject({ code: 'SPACE_NOT_FOUND' });
    expect((await call('PUT', '/api/v1/topics/alerts', { space: 'ops' })).body).toMatchObject({ name: 'alerts', space: 'ops' });
    const r = await call('POST', '/api/v1/topics/alerts/messages', { text: 'disk 91%' });
    expect(r.body).toEqual({ delivered: 0, refused: [] });
    expect((await call('GET', '/api/v1/topics')).body.topics).toEqual([
      { name: 'alerts', space: 'ops', subscribers: [], createdAt: expect.any(String) },
    ]);
  });
});
