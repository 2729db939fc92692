import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openai } from '../helpers/llm-servers/openai.js';
import { api, useScriptedProvider, waitForFile, waitForState, waitUntil } from './client.js';

const KEY = `sk-aether-runtime-${randomBytes(12).toString('hex')}`;
const fixture = useScriptedProvider(KEY);
const call = (id: string, name: string, args: unknown) => ({ id, name, arguments: JSON.stringify(args) });

interface RunProc {
  pid: number;
  state: string;
  agent: { id: string; name: string };
  exit: { code: number | null; signal: string | null; reason: string } | null;
  run: { status: string; result: string | null; step: number; template: string; tools: string[] } | null;
  usage: { promptTokens: number; completionTokens: number; costUsd: number };
}

const steps = async (pid: number) => (await api('GET', `/api/v1/agents/${pid}/steps`)).body.steps as Record<string, unknown>[];

describe('the agent runtime in a real systemd sandbox', () => {
  it('runs a goal end to end: writes a file, runs a command, completes; the key never enters the sandbox', async () => {
    fixture.server.push(
      openai.toolCalls([call('c1', 'write_file', { path: 'notes/plan.md', content: '# plan\n- build\n' })]),
      openai.toolCalls([
        call('c2', 'run_command', {
          command: "id -u > whoami.txt; wc -l < notes/plan.md; { env; cat /proc/[0-9]*/environ | tr '\\0' '\\n'; } 2>&1",
        }),
      ]),
      openai.toolCalls([call('c3', 'finish', { result: 'plan written, 2 lines' })]),
    );
    const res = await api('POST', '/api/v1/agents', { name: 'e2e-coder', goal: 'write a plan and count it', template: 'coder' });
    expect(res.status).toBe(201);
    const p = res.body as RunProc;
    // The bundled runtime (make build's scripts/bundle-runtime.ts): ~13 MB PSS idle instead of ~30.
    expect((res.body as { command: string[] }).command.at(-1)).toMatch(/\/dist\/runtime\/agent\.mjs$/);
    expect(p.run).toMatchObject({ status: 'starting', template: 'coder' });
    expect(p.run!.tools).toContain('apply_patch');

    const done = (await waitForState(p.pid, ['exited', 'failed'], 30_000)) as unknown as RunProc;
    expect(done.exit).toMatchObject({ code: 0 });
    const final = (await api('GET', `/api/v1/agents/${p.pid}`)).body as RunProc;
    expect(final.run).toMatchObject({ status: 'done', result: 'plan written, 2 lines', step: 3 });
    expect(final.usage.promptTokens).toBe(60); // three scripted answers of 20 prompt tokens each
    expect(await waitForFile(p.agent.id, 'notes/plan.md')).toBe('# plan\n- build\n');

    const s = await steps(p.pid);
    expect(s.map((x) => x.kind)).toEqual([
      'tool_call',
      'observation',
      'tool_call',
      'observation',
      'tool_call',
      'observation',
      'final',
    ]);
    const observed = String(s[3]!.output);
    expect(observed).toContain('exit code 0');
    // It ran as the agent's own user, not root, and nothing it could read held the key.
    const uid = Number((await waitForFile(p.agent.id, 'whoami.txt')).trim());
    expect(uid).toBeGreaterThanOrEqual(200_000);
    expect(observed).not.toContain(KEY);
    expect(observed).not.toContain('sk-aether-runtime');
    expect(fixture.server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('holds a command for approval, and stops cleanly on SIGTERM then resumes from its checkpoint', async () => {
    fixture.server.push(openai.toolCalls([call('a1', 'run_command', { command: 'git push origin main' })]));
    const p = (await api('POST', '/api/v1/agents', { name: 'e2e-approver', goal: 'push it', template: 'coder' })).body as RunProc;
    let approvals: { id: number; pid: number; tool: string }[] = [];
    await waitUntil(async () => {
      approvals = (await api('GET', `/api/v1/approvals?state=pending&pid=${p.pid}`)).body.approvals;
      return approvals.length === 1;
    }, 20_000);
    expect(approvals[0]).toMatchObject({ tool: 'run_command', pid: p.pid });
    expect(((await api('GET', `/api/v1/agents/${p.pid}`)).body as RunProc).run!.status).toBe('waiting');
    const bad = await api('POST', `/api/v1/approvals/${approvals[0]!.id}`, { decision: 'maybe' });
    expect(bad.status).toBe(400);

    // The next model call hangs: a DELETE (SIGTERM) must end the run cleanly mid-thought.
    fixture.server.push({ kind: 'hang' });
    const decided = await api('POST', `/api/v1/approvals/${approvals[0]!.id}`, { decision: 'deny', reason: 'not today' });
    expect(decided.body).toMatchObject({ state: 'denied', reason: 'not today' });
    await waitUntil(async () => (await steps(p.pid)).some((x) => x.kind === 'observation'), 20_000);
    await waitUntil(() => fixture.server.pending() === 0, 20_000);
    const stopped = (await api('DELETE', `/api/v1/agents/${p.pid}`)).body as RunProc;
    expect(stopped.exit).toMatchObject({ code: 0, signal: null });
    expect(((await api('GET', `/api/v1/agents/${p.pid}`)).body as RunProc).run!.status).toBe('stopped');

    fixture.server.push(openai.text('gave up on pushing'));
    const resumed = (await api('POST', '/api/v1/agents', { name: 'e2e-approver', resumeFrom: p.pid })).body as RunProc;
    await waitForState(resumed.pid, ['exited'], 30_000);
    const after = (await api('GET', `/api/v1/agents/${resumed.pid}`)).body as RunProc;
    expect(after.run).toMatchObject({ status: 'done', result: 'gave up on pushing' });
    // The resumed run saw the denial from before the stop.
    expect(JSON.stringify(fixture.server.requests.at(-1)!.body.messages)).toContain('Not allowed: not today');
  });

  it('refuses a bad run request before anything exists', async () => {
    const before = (await api('GET', '/api/v1/agents')).body.processes.length as number;
    expect((await api('POST', '/api/v1/agents', { name: 'bad1', goal: 'x', template: 'wizard' })).body.code).toBe(
      'TEMPLATE_NOT_FOUND',
    );
    expect((await api('POST', '/api/v1/agents', { name: 'bad2', goal: 'x', tools: ['teleport'] })).body.code).toBe(
      'TOOL_NOT_FOUND',
    );
    expect((await api('POST', '/api/v1/agents', { name: 'bad3', command: ['/bin/true'], goal: 'x' })).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await api('POST', '/api/v1/agents', { name: 'bad4' })).body.code).toBe('VALIDATION_FAILED');
    expect(
      (await api('POST', '/api/v1/agents', { name: 'bad5', goal: 'x', approval: { commandPatterns: ['('] } })).body.code,
    ).toBe('VALIDATION_FAILED');
    expect((await api('GET', '/api/v1/agents')).body.processes.length).toBe(before);
  });
});
