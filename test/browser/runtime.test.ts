/**
 * Agent runs in the UI: the live timeline and an approval decided from the inbox. The model is a
 * local server speaking OpenAI's protocol (the only thing outside the machine); the runtime runs
 * in its real sandbox and reaches it through the kernel. The kernel must advertise the runtime's
 * endpoints: a missing one fails the suite.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHealthy } from '../machine/machine.js';
import { openai, startOpenAIServer } from '../helpers/llm-servers/openai.js';
import type { ScriptedServer } from '../helpers/llm-servers/scripted-server.js';
import { api, machine, sh, waitForFile, waitUntil } from '../systemd/client.js';
import { logIn, openBrowser, requirePaths, screenshot, type Session } from './browser.js';

const call = (id: string, name: string, args: unknown) => ({ id, name, arguments: JSON.stringify(args) });

let s: Session;
let llm: ScriptedServer;
const pids: number[] = [];

beforeAll(async () => {
  await requirePaths(machine().url, ['/api/v1/agents/{pid}/steps', '/api/v1/approvals', '/api/v1/approvals/{id}']);
  // The machine shares the host's network: the kernel inside reaches this server on 127.0.0.1.
  llm = await startOpenAIServer();
  appendFileSync(
    join(machine().root, 'etc', 'aether', 'environment'),
    `OPENAI_BASE_URL=${llm.url}/v1\nOPENAI_API_KEY=sk-browser-tier\nAETHER_LLM_DEFAULT_MODEL=openai/scripted\n`,
  );
  await sh(['systemctl', 'restart', 'aether-kernel']);
  await waitUntil(() => isHealthy(machine().url), 30_000);
  s = await openBrowser();
  await logIn(s.page, machine().url, machine().token);
});
afterAll(async () => {
  for (const pid of pids) await api('DELETE', `/api/v1/agents/${pid}`);
  await s?.close();
  await llm?.close();
});

describe('agent runs', () => {
  it('spawns a run from the dialog and shows its steps live', async () => {
    llm.push(
      openai.toolCalls([call('w1', 'write_file', { path: 'report.txt', content: 'all good\n' })]),
      openai.toolCalls([call('f1', 'finish', { result: 'wrote report.txt' })]),
    );
    const { page } = s;
    await page.getByTestId('spawn-open').click();
    const dialog = page.getByTestId('spawn-dialog');
    await dialog.locator('input[name=name]').fill('ui-runner');
    await dialog.getByRole('button', { name: 'Goal (agent runtime)' }).click();
    await dialog.locator('textarea[name=goal]').fill('Write a report.');
    await dialog.locator('select[name=template]').selectOption('general');
    await screenshot(page, 'spawn-dialog-goal');
    await page.getByTestId('spawn-submit').click();
    const card = page.locator('[data-testid=agent-card][data-name=ui-runner]').first();
    await card.waitFor();
    const pid = Number(await card.getAttribute('data-pid'));
    pids.push(pid);
    await card.click();
    const timeline = page.getByTestId('timeline');
    await timeline.locator('[data-kind=tool_call]', { hasText: 'write_file' }).waitFor({ timeout: 60_000 });
    await timeline.locator('[data-kind=final], [data-kind=observation]', { hasText: 'wrote report.txt' }).first().waitFor();
    const record = await api('GET', `/api/v1/agents/${pid}`);
    expect(record.body.run.template).toBe('general');
    expect((await waitForFile(record.body.agent.id, 'report.txt')).trim()).toBe('all good');
    await screenshot(page, 'timeline');
  });

  it('approves a pending action from the inbox, and the agent goes on', async () => {
    llm.push(
      openai.toolCalls([call('r1', 'run_command', { command: 'echo approved > approved.txt' })]),
      openai.toolCalls([call('f2', 'finish', { result: 'ran it' })]),
    );
    const spawned = await api('POST', '/api/v1/agents', {
      name: 'ui-approver',
      goal: 'Run a command once a human agrees.',
      template: 'general',
      approval: { tools: ['run_command'] },
    });
    expect(spawned.status).toBe(201);
    const pid = spawned.body.pid as number;
    pids.push(pid);
    const { page } = s;
    await page.goto(`${machine().url}/#/approvals`);
    const pending = page.locator('[data-testid=approval]', { hasText: 'run_command' });
    await pending.waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=nav-approvals] .pill').waitFor();
    const id = await pending.getAttribute('data-id');
    await screenshot(page, 'approvals-inbox');
    await pending.locator('input').fill('fine by me');
    await pending.getByTestId('approve').click();
    await page.locator(`[data-testid=approval-decided][data-id="${id}"]`).waitFor();
    const approved = (await api('GET', '/api/v1/approvals?state=approved')).body.approvals as { id: number; reason: string }[];
    expect(approved.find((a) => String(a.id) === id)?.reason).toBe('fine by me');
    expect((await waitForFile(spawned.body.agent.id, 'approved.txt')).trim()).toBe('approved');
    await expect.poll(async () => (await api('GET', `/api/v1/agents/${pid}`)).body.run.status, { timeout: 30_000 }).toBe('done');
  });

  it('answers a question the agent asked, from the inbox', async () => {
    llm.push(
      openai.toolCalls([call('q1', 'ask_human', { question: 'Which colour should the report be?' })]),
      openai.toolCalls([call('f3', 'finish', { result: 'painted it' })]),
    );
    const spawned = await api('POST', '/api/v1/agents', { name: 'ui-asker', goal: 'Ask before painting.', template: 'general' });
    expect(spawned.status).toBe(201);
    const pid = spawned.body.pid as number;
    pids.push(pid);
    const { page } = s;
    await page.goto(`${machine().url}/#/approvals`);
    const question = page.locator('[data-testid=question]', { hasText: 'Which colour' });
    await question.waitFor({ timeout: 60_000 });
    await question.locator('input').fill('Blue.');
    await question.getByRole('button', { name: 'Answer' }).click();
    await question.waitFor({ state: 'detached' });
    const answered = (await api('GET', `/api/v1/questions?state=answered&pid=${pid}`)).body.questions as { answer: string }[];
    expect(answered.map((q) => q.answer)).toEqual(['Blue.']);
    await expect.poll(async () => (await api('GET', `/api/v1/agents/${pid}`)).body.run.status, { timeout: 30_000 }).toBe('done');
    // The answer reached the model as the tool's observation.
    expect(JSON.stringify(llm.requests.at(-1)?.body)).toContain('Blue.');
  });
});
