import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../kernel-service/src/config/index.js';
import { openai } from '../helpers/llm-servers/openai.js';
import { authorityFixture, failure } from '../helpers/authority-fixture.js';

let f: Awaited<ReturnType<typeof authorityFixture>>;
beforeAll(async () => {
  f = await authorityFixture(
    {
      llm: { maxTokensPerCall: 100 },
      tree: { maxDepth: 2, maxLiveDescendants: 3, maxSpawnsPerMinute: 100 },
      quotas: { stepsPerAgent: 3, stepBytes: 2048, checkpointBytes: 2048, memoriesPerAgent: 2, messagesPerAgent: 2 },
    },
    { fallbacks: ['openai/backup'] },
  );
});
afterAll(() => f.close());

const hi = { messages: [{ role: 'user', content: 'hi' }] };
const chat = (c: { post: (p: string, b: unknown) => Promise<unknown> }, body: Record<string, unknown> = {}) =>
  c.post('/v1/chat/completions', { ...hi, ...body });

describe('model calls (finding 3)', () => {
  it("calls only the run's model and the fallbacks, with max_tokens capped", async () => {
    const p = await f.proc({ model: 'openai/scripted' });
    expect(await failure(chat(p.client, { model: 'openai/expensive' }))).toMatchObject({
      status: 403,
      code: 'LLM_MODEL_NOT_ALLOWED',
    });
    const before = f.provider.requests.length;
    f.provider.push(openai.text('ok'), openai.text('ok'));
    await chat(p.client, { model: 'openai/scripted', max_tokens: 5000 });
    const sent = f.provider.requests.at(-1)!.body;
    expect(sent.max_completion_tokens ?? sent.max_tokens).toBe(100);
    await chat(p.client, { model: 'openai/backup' }); // a configured fallback is allowed
    expect(f.provider.requests.length).toBe(before + 2);
  });

  it("charges a child's calls to its parent: the parent's budget is the tree's", async () => {
    const parent = await f.proc({ tokenBudget: 20 });
    const child = await f.proc({ tokenBudget: 100_000 }, parent.pid);
    f.provider.push(openai.text('a', 10, 5), openai.text('b', 10, 5));
    await chat(parent.client); // control: the parent's own budget is spendable (15 of 20)
    await chat(child.client); // 5 left: one more call may go, overshooting by at most its own size
    const refused = await failure(chat(child.client));
    expect(refused).toMatchObject({ status: 429, code: 'LLM_BUDGET_EXCEEDED', details: { budgetOf: parent.pid } });
    expect(await failure(chat(parent.client))).toMatchObject({ code: 'LLM_BUDGET_EXCEEDED' });
    expect(f.k.authority.budgets.remaining(child.pid)).toBe(0);
  });

  it('reserves before the call: a concurrent call cannot spend what an unfinished one holds', async () => {
    const p = await f.proc({ tokenBudget: 100 }); // less than one call's reservation (max_tokens 100 + prompt)
    f.provider.push({ ...openai.text('slow', 10, 5), delayMs: 400 } as never);
    const first = chat(p.client);
    await waitUntil(() => f.k.authority.budgets.used(p.pid).reserved > 0);
    expect(await failure(chat(p.client))).toMatchObject({
      code: 'LLM_BUDGET_EXCEEDED',
      details: { reserved: expect.any(Number) },
    });
    await first;
    expect(f.k.authority.budgets.used(p.pid)).toEqual({ spent: 15, reserved: 0 }); // settled
    f.provider.push(openai.text('again', 10, 5));
    await chat(p.client); // control: with the reservation settled the budget is spendable again
  });
});

describe('trees and identities (findings 1 and 2)', () => {
  it('refuses a child deeper than maxDepth; the root may spawn', async () => {
    const root = await f.proc({ tools: ['spawn_agent'] });
    const mid = await f.proc({ tools: ['spawn_agent'] }, root.pid);
    const leaf = await f.proc({ tools: ['spawn_agent'] }, mid.pid);
    expect(await failure(leaf.client.post('/v1/agents', { goal: 'deeper', callId: 'c1' }))).toMatchObject({
      status: 403,
      code: 'TREE_DEPTH_EXCEEDED',
      details: { root: root.pid, depth: 3, limit: 2 },
    });
    expect(() => f.k.authority.admitSpawn(root.pid)()).not.toThrow();
  });

  it('refuses past maxLiveDescendants, counting spawns under way', () => {
    return (async () => {
      const root = await f.proc({ tools: ['spawn_agent'] });
      await f.proc({}, root.pid);
      await f.proc({}, root.pid);
      const release = f.k.authority.admitSpawn(root.pid); // the third, under way
      expect(() => f.k.authority.admitSpawn(root.pid)).toThrow(expect.objectContaining({ code: 'TREE_SIZE_EXCEEDED' }));
      release();
      expect(() => f.k.authority.admitSpawn(root.pid)()).not.toThrow();
    })();
  });

  it('refuses a child named after an existing agent; a new name passes the identity check', async () => {
    const victim = await f.proc();
    const p = await f.proc({ tools: ['spawn_agent'] });
    const taken = await failure(p.client.post('/v1/agents', { goal: 'be them', name: victim.agent, callId: 'c1' }));
    expect(taken).toMatchObject({ status: 409, code: 'AGENT_IDENTITY_TAKEN' });
    expect(f.k.repo.list().filter((x) => x.ppid === p.pid)).toHaveLength(0);
    // Control: a new name gets past the check (this tier's driver then refuses to start a sandbox).
    const fresh = await failure(p.client.post('/v1/agents', { goal: 'help', name: 'brand-new-helper', callId: 'c2' }));
    expect(fresh).not.toMatchObject({ code: 'AGENT_IDENTITY_TAKEN' });
    expect(f.k.repo.agentByName('brand-new-helper')).not.toBeNull();
  });
});

describe('quotas: a clear error, nothing stored (finding 10)', () => {
  it('steps, step size and checkpoint size', async () => {
    const p = await f.proc({});
    for (let n = 1; n <= 3; n++) await p.client.post('/v1/run/steps', { n, kind: 'note', text: `step ${n}` });
    expect(await failure(p.client.post('/v1/run/steps', { n: 4, kind: 'note', text: 'one too many' }))).toMatchObject({
      status: 429,
      code: 'QUOTA_EXCEEDED',
      details: { quota: 'authority.quotas.stepsPerAgent' },
    });
    expect(f.k.runs.repo.steps(p.pid, 0, 100)).toHaveLength(3);
    const q = await f.proc({});
    expect(await failure(q.client.post('/v1/run/steps', { n: 1, kind: 'note', text: 'x'.repeat(3000) }))).toMatchObject({
      status: 413,
      code: 'ENTRY_TOO_LARGE',
    });
    expect(await failure(q.client.put('/v1/run/checkpoint', { step: 1, state: 'x'.repeat(3000) }))).toMatchObject({
      status: 413,
      code: 'ENTRY_TOO_LARGE',
    });
    expect(f.k.runs.repo.steps(q.pid, 0, 100)).toHaveLength(0);
    expect(f.k.runs.repo.checkpoint(q.pid)).toBeNull();
    await q.client.put('/v1/run/checkpoint', { step: 1, state: { small: true } }); // control
    expect(f.k.runs.repo.checkpoint(q.pid)).toEqual({ small: true });
  });

  it('memories and messages per agent', async () => {
    const p = await f.proc({ tools: ['remember', 'send_message'] });
    const peer = await f.proc();
    await p.client.post('/v1/memory/remember', { content: 'one' });
    await p.client.post('/v1/memory/remember', { content: 'two' });
    expect(await failure(p.client.post('/v1/memory/remember', { content: 'three' }))).toMatchObject({
      status: 429,
      code: 'QUOTA_EXCEEDED',
    });
    await p.client.post('/v1/ipc/send', { to: peer.agent, text: '1' });
    await p.client.post('/v1/ipc/send', { to: peer.agent, text: '2' });
    expect(await failure(p.client.post('/v1/ipc/send', { to: peer.agent, text: '3' }))).toMatchObject({
      code: 'QUOTA_EXCEEDED',
    });
    expect(f.ipc.unread(peer.agent)).toBe(2);
  });
});

describe('topics re-check access when a message is delivered (finding 7)', () => {
  it('a member removed from the space stops receiving; a member still in it receives', async () => {
    const [pub, kept, removed] = [await f.proc(), await f.proc(), await f.proc()];
    f.memory.spaces.create('ops', 'ops team');
    for (const a of [pub.agent, kept.agent, removed.agent]) f.memory.spaces.setMember('ops', a, 'write');
    f.ipc.topics.put('ops.alerts', 'ops', Date.now());
    f.ipc.subscribe(kept.agent, 'ops.alerts');
    f.ipc.subscribe(removed.agent, 'ops.alerts');
    f.ipc.publish({ pid: pub.pid, agent: pub.agent }, 'ops.alerts', { text: 'before' });
    f.memory.spaces.setMember('ops', removed.agent, null);
    f.ipc.publish({ pid: pub.pid, agent: pub.agent }, 'ops.alerts', { text: 'after' });
    expect(f.ipc.pending(removed.pid).map((m) => m.text)).toEqual([]);
    expect(f.ipc.pending(kept.pid).map((m) => m.text)).toEqual(['before', 'after']);
    expect(f.ipc.topics.subscribers('ops.alerts')).toEqual([kept.agent]);
  });
});

describe('the limits are configuration, checked at start', () => {
  it('takes AETHER_AUTHORITY_* overrides and refuses bad values with CONFIG_INVALID', () => {
    const ok = loadConfig({ env: {} });
    expect(ok.authority.tree).toEqual({ maxDepth: 3, maxLiveDescendants: 16, maxSpawnsPerMinute: 20 });
    expect(loadConfig({ env: { AETHER_AUTHORITY_TREE_MAX_DEPTH: '1' } }).authority.tree.maxDepth).toBe(1);
    for (const bad of [{ AETHER_AUTHORITY_TREE_MAX_DEPTH: '-1' }, { AETHER_AUTHORITY_LLM_MAX_TOKENS_PER_CALL: '0' }])
      expect(() => loadConfig({ env: bad })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
