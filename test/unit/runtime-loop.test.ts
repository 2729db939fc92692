import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openai, runtimeHarness } from '../helpers/runtime-harness.js';

let h: Awaited<ReturnType<typeof runtimeHarness>>;
const call = (id: string, name: string, args: unknown) => ({
  id,
  name,
  arguments: typeof args === 'string' ? args : JSON.stringify(args),
});

beforeAll(async () => {
  h = await runtimeHarness({ timeoutMs: 2000 });
});
afterAll(async () => h.close());
// Every scripted reply is used: a leftover means the loop made fewer calls than the test expects.
afterEach(() => expect(h.provider.pending()).toBe(0));

describe('the agent loop: think, act, observe', () => {
  it('writes a file, runs a command, and finishes with a result', async () => {
    const r = await h.newRun({ goal: 'write hello.txt and count its bytes' });
    h.provider.push(
      openai.toolCalls([call('c1', 'write_file', { path: 'hello.txt', content: 'hello world\n' })]),
      openai.toolCalls([call('c2', 'run_command', { command: 'wc -c < hello.txt' })]),
      openai.toolCalls([call('c3', 'finish', { result: 'hello.txt has 12 bytes' })]),
    );
    const outcome = await r.loop();
    expect(outcome).toEqual({ status: 'done', result: 'hello.txt has 12 bytes' });
    expect(readFileSync(join(r.home, 'hello.txt'), 'utf8')).toBe('hello world\n');
    const steps = r.steps();
    expect(steps.map((s) => s.kind)).toEqual([
      'tool_call',
      'observation',
      'tool_call',
      'observation',
      'tool_call',
      'observation',
      'final',
    ]);
    expect(steps[3]!.output).toContain('12');
    expect(r.run()).toMatchObject({ status: 'done', result: 'hello.txt has 12 bytes', step: 3 });
    // The model saw the observation of its command.
    const third = h.provider.requests.at(-1)!.body;
    expect(JSON.stringify(third.messages)).toContain('exit code 0');
    expect((third.tools as { function: { name: string } }[]).map((t) => t.function.name)).toContain('apply_patch');
  });

  it('takes a plain answer as the final word', async () => {
    const r = await h.newRun();
    h.provider.push(openai.text('Nothing to do: the answer is 42.'));
    expect(await r.loop()).toEqual({ status: 'done', result: 'Nothing to do: the answer is 42.' });
    expect(r.steps().map((s) => s.kind)).toEqual(['thought', 'final']);
  });

  it('rides out a 429 (the gateway retries) and ends clearly on a 500 that does not go away', async () => {
    const ok = await h.newRun();
    h.provider.push(openai.error(429, 'slow down', { 'retry-after': '0' }), openai.text('done after waiting'));
    expect(await ok.loop()).toEqual({ status: 'done', result: 'done after waiting' });

    const bad = await h.newRun();
    h.provider.push(openai.error(500, 'boom'), openai.error(500, 'boom'), openai.error(500, 'boom'));
    const outcome = await bad.loop();
    expect(outcome.status).toBe('failed');
    expect(outcome.result).toMatch(/LLM_PROVIDER_UNAVAILABLE/);
    expect(bad.run().status).toBe('failed');
    expect(bad.steps().find((s) => s.kind === 'error')?.text).toMatch(/LLM_PROVIDER_UNAVAILABLE/);
  });

  it('ends clearly when the provider does not answer in time', async () => {
    const quick = await runtimeHarness({ timeoutMs: 150 });
    try {
      const r = await quick.newRun();
      quick.provider.push({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
      const outcome = await r.loop();
      expect(outcome.status).toBe('failed');
      expect(outcome.result).toMatch(/LLM_TIMEOUT/);
    } finally {
      await quick.close();
    }
  });

  it('shows the model its malformed arguments and unknown tools, and goes on', async () => {
    const r = await h.newRun();
    h.provider.push(
      openai.toolCalls([call('m1', 'write_file', '{"path": "x.txt", "content": ')]),
      openai.toolCalls([call('m2', 'launch_missiles', {})]),
      openai.toolCalls([call('m3', 'write_file', { path: 'x.txt', content: 'fixed' })]),
      openai.toolCalls([call('m4', 'finish', { result: 'fixed it' })]),
    );
    expect(await r.loop()).toEqual({ status: 'done', result: 'fixed it' });
    const errors = r.steps().filter((s) => s.kind === 'error');
    expect(errors.map((e) => e.tool)).toEqual(['write_file', 'launch_missiles']);
    expect(errors[0]!.text).toMatch(/malformed arguments/);
    expect(errors[1]!.text).toMatch(/did not offer/);
    // The model was told, in the conversation, what went wrong.
    const msgs = JSON.stringify(h.provider.requests.at(-1)!.body.messages);
    expect(msgs).toContain('malformed arguments');
    expect(readFileSync(join(r.home, 'x.txt'), 'utf8')).toBe('fixed');
  });

  it('turns arguments that break the schema into an observation', async () => {
    const r = await h.newRun();
    h.provider.push(
      openai.toolCalls([call('s1', 'read_file', { file: 'nope' })]),
      openai.toolCalls([call('s2', 'finish', { result: 'gave up', success: false })]),
    );
    expect(await r.loop()).toEqual({ status: 'failed', result: 'gave up' });
    const obs = r.steps().find((s) => s.kind === 'observation')!;
    expect(obs).toMatchObject({ isError: true });
    expect(obs.output).toMatch(/Invalid arguments for read_file/);
  });

  it('stops at the step limit and at the token budget', async () => {
    const steps = await h.newRun({ maxSteps: 2 });
    h.provider.push(openai.toolCalls([call('a', 'read_plan', {})]), openai.toolCalls([call('b', 'read_plan', {})]));
    expect(await steps.loop()).toMatchObject({ status: 'failed', result: expect.stringMatching(/step limit \(2\)/) });

    const budget = await h.newRun({ tokenBudget: 1000 });
    h.provider.push(openai.toolCalls([call('a', 'read_plan', {})], 900, 200));
    expect(await budget.loop()).toMatchObject({ status: 'failed', result: expect.stringMatching(/token budget/) });
    // The kernel refuses further calls itself, whatever a runtime does.
    const refused = await budget.kernel
      .post('/v1/chat/completions', { messages: [{ role: 'user', content: 'more' }] })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 429, code: 'LLM_BUDGET_EXCEEDED' });
  });

  it('refuses tools outside the grant, in the kernel', async () => {
    const r = await h.newRun({ tools: ['read_file', 'finish'] });
    const permit = await r.kernel.post('/v1/run/steps', {
      n: 1,
      kind: 'tool_call',
      tool: 'run_command',
      arguments: { command: 'id' },
      callId: 'x',
    });
    expect(permit).toMatchObject({ allowed: false, reason: expect.stringMatching(/not granted/) });
    // And the model is only offered what is granted.
    h.provider.push(openai.text('ok'));
    await r.loop();
    const offered = h.provider.requests.at(-1)!.body.tools as { function: { name: string } }[];
    expect(offered.map((t) => t.function.name).sort()).toEqual(['finish', 'read_file']);
  });
});

describe('humans in the loop', () => {
  it('holds a risky command for approval and gives the agent the decision and the reason', async () => {
    const r = await h.newRun({ approval: { commandPatterns: ['\\brm\\b'] } });
    h.provider.push(
      openai.toolCalls([call('d1', 'run_command', { command: 'rm -f precious.txt' })]),
      openai.toolCalls([call('d2', 'finish', { result: 'left it alone' })]),
    );
    const done = r.loop();
    let pending = h.kernel.runs.repo.approvals('pending', r.pid);
    for (let i = 0; i < 100 && pending.length === 0; i++) {
      await sleep(20);
      pending = h.kernel.runs.repo.approvals('pending', r.pid);
    }
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      tool: 'run_command',
      arguments: { command: 'rm -f precious.txt' },
      why: expect.stringMatching(/rm/),
    });
    expect(r.run().status).toBe('waiting');
    h.kernel.runs.decide(pending[0]!.id, 'deny', 'that file is precious', 'admin');
    expect(await done).toEqual({ status: 'done', result: 'left it alone' });
    const obs = r.steps().find((s) => s.kind === 'observation')!;
    expect(obs.output).toMatch(/Not allowed: that file is precious/);
    expect(() => h.kernel.runs.decide(pending[0]!.id, 'approve', null, 'admin')).toThrow(/already/);
  });

  it('asks a human and continues with the answer', async () => {
    const r = await h.newRun();
    h.provider.push(
      openai.toolCalls([call('q1', 'ask_human', { question: 'Which colour?' })]),
      openai.toolCalls([call('q2', 'finish', { result: 'painted it' })]),
    );
    const done = r.loop();
    let open = h.kernel.runs.repo.questions('open', r.pid);
    for (let i = 0; i < 100 && open.length === 0; i++) {
      await sleep(20);
      open = h.kernel.runs.repo.questions('open', r.pid);
    }
    h.kernel.runs.answer(open[0]!.id, 'blue');
    await done;
    expect(r.steps().find((s) => s.kind === 'observation')!.output).toBe('The human answered: blue');
  });
});

describe('checkpoints, compaction and the inbox', () => {
  it('continues from its checkpoint after being stopped', async () => {
    const r = await h.newRun();
    const stop = new AbortController();
    h.provider.push(openai.toolCalls([call('k1', 'create_plan', { steps: ['one', 'two'] })]), { kind: 'hang' });
    const first = r.loop(stop.signal);
    for (let i = 0; i < 100 && h.provider.pending() > 0; i++) await sleep(20);
    await sleep(50);
    stop.abort();
    expect(await first).toEqual({ status: 'stopped', result: null });

    h.provider.push(openai.toolCalls([call('k2', 'read_plan', {})]), openai.text('resumed and done'));
    expect(await r.loop()).toEqual({ status: 'done', result: 'resumed and done' });
    // The plan made before the stop is still there, and the conversation carried over.
    const planObs = r
      .steps()
      .filter((s) => s.kind === 'observation')
      .at(-1)!;
    expect(planObs.output).toContain('1. [pending] one');
    expect(JSON.stringify(h.provider.requests.at(-1)!.body.messages)).toContain('create_plan');
  });

  it('summarises older turns when the context grows past its limit', async () => {
    // Past 600 tokens, and once there are enough turns to keep the last eight verbatim (after
    // the fifth write), the middle is summarised by the model before the next call.
    const r = await h.newRun({ contextTokens: 600 });
    const big = 'x'.repeat(800);
    for (let i = 0; i < 5; i++)
      h.provider.push(openai.toolCalls([call(`w${i}`, 'write_file', { path: `f${i}.txt`, content: big })]));
    h.provider.push(openai.text('SUMMARY: wrote f0 to f4'), openai.text('all written'));
    expect(await r.loop()).toEqual({ status: 'done', result: 'all written' });
    expect(
      r
        .steps()
        .filter((s) => s.kind === 'note')
        .map((s) => s.text),
    ).toEqual(['Context compacted: 2 earlier messages summarised.']);
    expect(String(h.provider.requests.at(-2)!.body.messages[0].content)).toMatch(/^You summarise/);
    const last = h.provider.requests.at(-1)!.body.messages;
    expect(last[2]).toEqual({ role: 'user', content: '[Summary of your earlier steps]\nSUMMARY: wrote f0 to f4' });
    expect(JSON.stringify(last)).not.toContain('"w0"');
    expect(existsSync(join(r.home, 'f4.txt'))).toBe(true);
  });

  it('delivers inbox items once, as observations', async () => {
    const delivered: string[] = [];
    const items = [{ id: '1', source: 'test', text: 'a message arrived', at: Date.now() }];
    h.inbox.register({
      name: 'test',
      pending: () => items.filter((i) => !delivered.includes(i.id)),
      ack: (_pid, ids) => void delivered.push(...ids),
    });
    const r = await h.newRun();
    h.provider.push(openai.toolCalls([call('i1', 'read_plan', {})]), openai.text('seen it'));
    await r.loop();
    expect(delivered).toEqual(['1']);
    const first = JSON.stringify(h.provider.requests.at(-2)!.body.messages);
    expect(first).toContain('[test] a message arrived');
    const second = JSON.stringify(h.provider.requests.at(-1)!.body.messages);
    expect(second.split('a message arrived').length - 1).toBe(1);
  });
});
