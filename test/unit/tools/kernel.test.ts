import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeHarness } from '../../helpers/runtime-harness.js';
import { toolContext } from './context.js';

let h: Awaited<ReturnType<typeof runtimeHarness>>;
beforeAll(async () => {
  h = await runtimeHarness();
});
afterAll(async () => h.close());

async function eventually<T>(get: () => T[], timeoutMs = 3000): Promise<T[]> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(20)) {
    const v = get();
    if (v.length) return v;
  }
  throw new Error('nothing appeared');
}

describe('human tools, through the kernel socket', () => {
  it('ask_human waits for the answer', async () => {
    const r = await h.newRun();
    const { run } = toolContext(r.kernel);
    const asked = run('ask_human', { question: 'Ship on Friday?' });
    const [q] = await eventually(() => h.kernel.runs.repo.questions('open', r.pid));
    expect(q).toMatchObject({ question: 'Ship on Friday?', agent: expect.stringMatching(/^agent-/) });
    h.kernel.runs.answer(q!.id, 'No, Monday.');
    expect((await asked).output).toBe('The human answered: No, Monday.');
  });

  it('request_approval returns the decision; a denial is an error observation', async () => {
    const r = await h.newRun();
    const { run } = toolContext(r.kernel);
    const asked = run('request_approval', { action: 'drop the staging database', details: 'it is stale' });
    const [a] = await eventually(() => h.kernel.runs.repo.approvals('pending', r.pid));
    expect(a).toMatchObject({
      tool: 'request_approval',
      arguments: { action: 'drop the staging database', details: 'it is stale' },
    });
    h.kernel.runs.decide(a!.id, 'approve', 'go ahead', 'admin');
    expect(await asked).toMatchObject({ output: 'Approved: drop the staging database. Reason: go ahead' });

    const again = run('request_approval', { action: 'drop production' });
    const [b] = await eventually(() => h.kernel.runs.repo.approvals('pending', r.pid));
    h.kernel.runs.decide(b!.id, 'deny', null, 'admin');
    expect(await again).toMatchObject({ isError: true, output: 'Denied: drop production. Do not do it.' });
  });
});

describe('agent tools, through the kernel socket', () => {
  it('spawn_agent makes a child with no more than its parent; list_agents and wait_agent see it', async () => {
    const parent = await h.newRun({ tools: ['read_file', 'run_command', 'spawn_agent', 'wait_agent', 'list_agents', 'finish'] });
    const { run } = toolContext(parent.kernel);
    // The host tier has no sandbox (the launch is refused): the child's record shows what it was given.
    const spawned = await run('spawn_agent', { goal: 'count the files', template: 'coder' });
    expect(spawned).toMatchObject({
      isError: true,
      output: expect.stringMatching(/SANDBOX_LAUNCH_FAILED|must not reach a sandbox/),
    });
    const child = h.kernel.supervisor.list().find((p) => p.ppid === parent.pid)!;
    expect(child).toMatchObject({ state: 'failed', limits: { memoryMax: 1 << 30, cpuQuota: 100, tasksMax: 100 } });
    const childRun = h.kernel.runs.get(child.pid);
    expect(childRun.goal).toBe('count the files');
    // coder's tools, cut down to the parent's.
    expect(childRun.tools.sort()).toEqual(['finish', 'list_agents', 'read_file', 'run_command', 'spawn_agent', 'wait_agent']);

    expect((await run('list_agents')).output).toMatch(new RegExp(`pid ${child.pid} \\(.+\\): failed`));
    expect((await run('wait_agent', { pid: child.pid, timeoutMs: 1000 })).output).toMatch(/^Child ended/);
    // Only a parent may wait for a child.
    const stranger = await h.newRun();
    const other = toolContext(stranger.kernel);
    expect(await other.run('wait_agent', { pid: child.pid })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/not your child/),
    });
    expect((await other.run('list_agents')).output).toBe('You have started no child agents.');
  });
});
