/**
 * The attacker's seat: a scripted model drives the real runtime in real sandboxes, and bare
 * programs call the kernel socket with curl. Each attack must fail with its stable code; each
 * has a control showing the same probe works where it is allowed.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../helpers/llm-servers/scripted-server.js';
import { openai } from '../helpers/llm-servers/openai.js';
import {
  addKernelEnvironment,
  api,
  restartKernel,
  sh,
  spawn,
  useScriptedProvider,
  waitForFile,
  waitForState,
  waitUntil,
} from './client.js';

const KEY = `sk-aether-hostile-${randomBytes(12).toString('hex')}`;
// Small trees so a runaway is stopped within seconds (restored in afterAll).
const TREE = [
  'AETHER_AUTHORITY_TREE_MAX_DEPTH=2',
  'AETHER_AUTHORITY_TREE_MAX_LIVE_DESCENDANTS=3',
  'AETHER_AUTHORITY_TREE_MAX_SPAWNS_PER_MINUTE=4',
  'AETHER_AUTHORITY_QUOTAS_MEMORIES_PER_AGENT=2',
];
beforeAll(() => addKernelEnvironment(TREE));
afterAll(async () => {
  await sh(['sed', '-i', '/^AETHER_AUTHORITY_/d', '/etc/aether/environment']);
  await restartKernel();
});
const fixture = useScriptedProvider(KEY);

/** What the model answers, by the marker in the run's goal, from the observations so far. */
const plays = new Map<string, (observations: string[]) => Reply>();
beforeAll(() => {
  fixture.server.respondWith((req) => {
    const messages = (req.body?.messages ?? []) as { role: string; content: string | null }[];
    const goal = messages.find((m) => m.role === 'user')?.content ?? '';
    const observations = messages.filter((m) => m.role === 'tool').map((m) => m.content ?? '');
    for (const [marker, play] of plays) if (goal.includes(marker)) return play(observations);
    return undefined;
  });
});

let n = 0;
const call = (name: string, args: unknown) => ({ id: 'call_0', name, arguments: JSON.stringify(args) }); // ids reused every turn, as Ollama does
const turn = (name: string, args: unknown, prompt = 20, completion = 8) =>
  openai.toolCalls([call(name, args)], prompt, completion);
const finish = (result: string) => turn('finish', { result });
const curl = (path: string, body?: unknown) =>
  `curl -s --unix-socket /run/aether/kernel.sock ${body === undefined ? '' : `-H content-type:application/json -d '${JSON.stringify(body)}'`} http://kernel${path}`;

interface Step {
  kind: string;
  tool?: string;
  output?: string;
}
const steps = async (pid: number) => (await api('GET', `/api/v1/agents/${pid}/steps`)).body.steps as Step[];
const observations = async (pid: number) => (await steps(pid)).filter((s) => s.kind === 'observation').map((s) => s.output ?? '');
interface ProcRow {
  pid: number;
  ppid: number | null;
  state: string;
  agent: { id: string; name: string };
}
const processes = async () => (await api('GET', '/api/v1/agents')).body.processes as ProcRow[];
const ended = (pid: number) => waitForState(pid, ['exited', 'failed', 'killed'], 60_000);
async function run(body: Record<string, unknown>): Promise<number> {
  const res = await api('POST', '/api/v1/agents', { name: `hostile-${++n}-${randomBytes(3).toString('hex')}`, ...body });
  if (res.status !== 201) throw new Error(`spawn failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.pid as number;
}

describe('a hostile model and hostile sandbox code against the authority', () => {
  it("cannot take an existing agent's identity for a child; a new name works (finding 1)", async () => {
    const victim = await spawn({ name: `victim-${randomBytes(3).toString('hex')}`, command: ['/bin/true'] });
    plays.set('TAKEOVER', (obs) =>
      obs.length === 0
        ? turn('spawn_agent', { goal: 'CHILD-QUIET read their files', name: victim.agent.name })
        : obs.length === 1
          ? turn('spawn_agent', { goal: 'CHILD-QUIET help me', name: `fresh-${randomBytes(3).toString('hex')}` })
          : finish('done'),
    );
    plays.set('CHILD-QUIET', () => finish('child done'));
    const pid = await run({ goal: 'TAKEOVER', template: 'general' });
    await ended(pid);
    const [taken, fresh] = await observations(pid);
    expect(taken).toContain('AGENT_IDENTITY_TAKEN');
    expect(fresh).toContain('Started child'); // control
    const children = (await processes()).filter((p) => p.ppid === pid);
    expect(children).toHaveLength(1);
    expect(children[0]!.agent.id).not.toBe(victim.agent.id);
  });

  it('cannot grow a runaway tree: depth, size and rate stop it, and the model sees the code (finding 2)', async () => {
    // Every agent of this tree spawns a helper with the same goal until it is refused.
    plays.set('RUNAWAY', (obs) =>
      obs.some((o) => /TREE_|failed/.test(o)) || obs.length >= 3
        ? finish('stopped')
        : turn('spawn_agent', { goal: 'RUNAWAY spawn a helper' }),
    );
    const root = await run({ goal: 'RUNAWAY spawn a helper', template: 'general' });
    const tree = async () => {
      const all = await processes();
      const inTree = new Set([root]);
      for (let grew = true; grew;) {
        grew = false;
        for (const p of all) {
          if (p.ppid === null || !inTree.has(p.ppid) || inTree.has(p.pid)) continue;
          inTree.add(p.pid);
          grew = true;
        }
      }
      return all.filter((p) => inTree.has(p.pid));
    };
    await waitUntil(async () => (await tree()).every((p) => ['exited', 'failed', 'killed'].includes(p.state)), 120_000);
    const procs = await tree();
    expect(procs.length - 1).toBeGreaterThanOrEqual(1); // control: spawning works
    expect(procs.length - 1).toBeLessThanOrEqual(4); // maxSpawnsPerMinute
    const depthOf = (pid: number): number => {
      const p = procs.find((x) => x.pid === pid)!;
      return p.ppid === null || p.pid === root ? 0 : 1 + depthOf(p.ppid);
    };
    expect(Math.max(...procs.map((p) => depthOf(p.pid)))).toBeLessThanOrEqual(2);
    const seen = (await Promise.all(procs.map((p) => observations(p.pid)))).flat().join('\n');
    expect(seen).toMatch(/TREE_(DEPTH|SIZE|SPAWN_RATE)_EXCEEDED/);
  }, 150_000);

  it("spends a child's tokens out of its parent's budget (finding 3)", async () => {
    // 300 tokens a call (250 prompt + 50 completion); the parent has 1000 for the whole tree.
    plays.set('BUDGET-PARENT', (obs) =>
      obs.length === 0 ? turn('spawn_agent', { goal: 'BUDGET-CHILD burn tokens' }, 250, 50) : finish('done'),
    );
    plays.set('BUDGET-CHILD', () => turn('create_plan', { steps: ['think', 'think more'] }, 250, 50));
    const parent = await run({ goal: 'BUDGET-PARENT', template: 'general', tokenBudget: 1000 });
    await ended(parent);
    const child = (await processes()).find((p) => p.ppid === parent)!;
    await ended(child.pid);
    const view = async (pid: number) => (await api('GET', `/api/v1/agents/${pid}`)).body;
    const [p, c] = [await view(parent), await view(child.pid)];
    expect(p.usage.promptTokens + p.usage.completionTokens).toBeGreaterThanOrEqual(300); // control: the parent's budget is spendable
    expect(c.run.tokenBudget).toBeLessThanOrEqual(1000 - 300); // what was left of the parent's, not the template's 400000
    const tree = p.usage.promptTokens + p.usage.completionTokens + c.usage.promptTokens + c.usage.completionTokens;
    expect(tree).toBeLessThanOrEqual(1000 + 300); // at most one call past the tree's budget
  }, 90_000);

  it('holds sandbox code calling the socket directly to the run’s grant and approvals (findings 4, 5)', async () => {
    const marker = `MEM-${randomBytes(3).toString('hex')}`;
    plays.set('DIRECT', (obs) =>
      obs.length === 0
        ? turn('run_command', {
            command: [
              curl('/v1/agents', { goal: 'sneaky child', callId: 'x' }),
              curl('/v1/memory/remember', { content: `${marker} direct` }),
              curl('/v1/memory/recall', { query: marker }),
            ].join('; echo; '),
          })
        : obs.length === 1
          ? turn('remember', { content: `${marker} approved` })
          : obs.length === 2
            ? turn('remember', { content: `${marker} replayed` }) // call_0 again, other arguments
            : finish('done'),
    );
    // reviewer: no @agents; remember needs a person's approval.
    const pid = await run({ goal: 'DIRECT', template: 'reviewer', approval: { tools: ['remember'] } });
    const pending = async () =>
      (await api('GET', `/api/v1/approvals?state=pending&pid=${pid}`)).body.approvals as {
        id: number;
        arguments: { content: string };
      }[];
    await waitUntil(async () => (await pending()).length === 1, 30_000);
    const [first] = await pending();
    expect(first!.arguments.content).toBe(`${marker} approved`);
    await api('POST', `/api/v1/approvals/${first!.id}`, { decision: 'approve' });
    // The reused call id with other arguments is a new approval, not the one just given.
    await waitUntil(async () => (await pending()).length === 1 && (await pending())[0]!.id !== first!.id, 30_000);
    const [second] = await pending();
    expect(second!.arguments.content).toBe(`${marker} replayed`);
    await api('POST', `/api/v1/approvals/${second!.id}`, { decision: 'deny', reason: 'not that' });
    await ended(pid);

    const [direct, approved, replayed] = await observations(pid);
    expect(direct).toContain('AUTHORITY_NOT_GRANTED'); // spawning through the socket, without @agents
    expect(direct).toContain('APPROVAL_REQUIRED'); // remembering through the socket, without the approval
    expect(direct).toContain('"memories":[]'); // control: recall is granted and answers (nothing stored directly)
    expect(approved).toMatch(/Remembered as #\d+/); // control: the approved call with its arguments ran
    expect(replayed).toContain('Not allowed: not that');
  }, 90_000);

  it('keeps a bare program to its model, max_tokens cap and budget (finding 3)', async () => {
    fixture.server.push(openai.text('ok'));
    const body = { messages: [{ role: 'user', content: 'hi' }] };
    const script = [
      `${curl('/v1/chat/completions', { ...body, model: 'openai/someone-elses' })} > other.json`,
      `${curl('/v1/chat/completions', { ...body, max_tokens: 100000000 })} > capped.json`,
      'echo done > done',
    ].join('; ');
    const p = await spawn({ name: `bare-${randomBytes(3).toString('hex')}`, command: ['/bin/sh', '-c', script] });
    await waitForFile(p.agent.id, 'done', 30_000);
    expect(JSON.parse(await waitForFile(p.agent.id, 'other.json')).error.code).toBe('LLM_MODEL_NOT_ALLOWED');
    expect(JSON.parse(await waitForFile(p.agent.id, 'capped.json')).choices[0].message.content).toBe('ok'); // control
    const sent = fixture.server.requests.at(-1)!.body;
    expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(16384);
  });

  it('stops delivering a topic to a subscriber removed from its space; a member still in it receives (finding 7)', async () => {
    const tag = randomBytes(3).toString('hex');
    const [space, topic] = [`ops-${tag}`, `ops-${tag}.alerts`];
    expect((await api('POST', '/api/v1/memory/spaces', { name: space })).status).toBe(201);
    expect((await api('PUT', `/api/v1/topics/${topic}`, { space })).status).toBe(200);
    const subscribe = `${curl('/v1/ipc/subscribe', { topic })} > sub.json; echo done > done`;
    const [kept, removed] = [`kept-${tag}`, `removed-${tag}`];
    for (const name of [kept, removed]) {
      await api('PUT', `/api/v1/memory/spaces/${space}/members/${name}`, { access: 'read' });
      const p = await spawn({ name, command: ['/bin/sh', '-c', subscribe] });
      await waitForFile(p.agent.id, 'done', 30_000);
      expect(JSON.parse(await waitForFile(p.agent.id, 'sub.json'))).toMatchObject({ subscribed: topic });
    }
    expect((await api('POST', `/api/v1/topics/${topic}/messages`, { text: 'before' })).body).toMatchObject({ delivered: 2 });
    expect((await api('DELETE', `/api/v1/memory/spaces/${space}/members/${removed}`)).status).toBeLessThan(300);
    expect((await api('POST', `/api/v1/topics/${topic}/messages`, { text: 'after' })).body).toMatchObject({ delivered: 1 });

    // Each agent reads its mailbox from its socket: the removed one gets neither (the queued one is dropped).
    const read = async (name: string) => {
      const p = await spawn({
        name,
        command: ['/bin/sh', '-c', `${curl('/v1/ipc/messages')} > got.json; echo done > read-done`],
      });
      await waitForFile(p.agent.id, 'read-done', 30_000); // the home is the agent's: not the subscribing run's "done"
      return (JSON.parse(await waitForFile(p.agent.id, 'got.json')) as { messages: { text: string }[] }).messages.map(
        (m) => m.text,
      );
    };
    expect(await read(removed)).toEqual([]);
    expect(await read(kept)).toEqual(['before', 'after']); // control
  });

  it('refuses past an agent quota with a clear error and stores nothing more (finding 10)', async () => {
    const script = [1, 2, 3].map((i) => `${curl('/v1/memory/remember', { content: `note ${i}` })} > m${i}.json`).join('; ');
    const p = await spawn({
      name: `quota-${randomBytes(3).toString('hex')}`,
      command: ['/bin/sh', '-c', `${script}; echo done > done`],
    });
    await waitForFile(p.agent.id, 'done', 30_000);
    const got = await Promise.all([1, 2, 3].map(async (i) => JSON.parse(await waitForFile(p.agent.id, `m${i}.json`))));
    expect(got[0].content).toBe('note 1'); // control: within the quota
    expect(got[1].content).toBe('note 2');
    expect(got[2].error).toMatchObject({ code: 'QUOTA_EXCEEDED', hint: expect.stringContaining('authority.quotas') });
    const stored = (await api('GET', `/api/v1/agents/by-name/${p.agent.name}/memory`)).body;
    expect(JSON.stringify(stored)).not.toContain('note 3');
  });
});
