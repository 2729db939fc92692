/** Spawning from the dialog, state changes shown live, pause/resume/kill from the UI and from elsewhere. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, machine, spawn, waitForState } from '../systemd/client.js';
import { cardState, logIn, openBrowser, screenshot, type Session } from './browser.js';

let s: Session;

beforeAll(async () => {
  s = await openBrowser();
  await logIn(s.page, machine().url, machine().token);
});
afterAll(async () => s?.close());

describe('agents', () => {
  let pid: number;

  it('spawns an agent from the dialog and shows it running', async () => {
    const { page } = s;
    await page.getByTestId('spawn-open').click();
    const dialog = page.getByTestId('spawn-dialog');
    await dialog.locator('input[name=name]').fill('ui-sleeper');
    await dialog.locator('input[name=command]').fill('/bin/sleep 600');
    await dialog.locator('input[name=memoryMax]').fill('256M');
    await screenshot(page, 'spawn-dialog');
    await page.getByTestId('spawn-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const card = page.locator('[data-testid=agent-card][data-name=ui-sleeper]').first();
    await card.waitFor();
    pid = Number(await card.getAttribute('data-pid'));
    expect(pid).toBeGreaterThan(0);
    await cardState(page, pid).and(page.locator('[data-state=running]')).waitFor();
    expect((await api('GET', `/api/v1/agents/${pid}`)).body.limits.memoryMax).toBe(256 * 1024 * 1024);
    await screenshot(page, 'overview-running');
  });

  it('shows a refused spawn with its error code', async () => {
    const { page } = s;
    await page.getByTestId('spawn-open').click();
    const dialog = page.getByTestId('spawn-dialog');
    await dialog.locator('input[name=name]').fill('ui-bad');
    await dialog.locator('input[name=command]').fill('/no/such/program');
    await page.getByTestId('spawn-submit').click();
    await expect.poll(() => dialog.getByTestId('error').getAttribute('data-code')).toBe('COMMAND_NOT_FOUND');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows state changes made elsewhere, live (event stream)', async () => {
    const { page } = s;
    expect((await api('POST', `/api/v1/agents/${pid}/pause`)).status).toBe(200);
    await page.locator(`[data-testid=agent-card][data-pid="${pid}"] [data-state=paused]`).waitFor();
    expect((await api('POST', `/api/v1/agents/${pid}/resume`)).status).toBe(200);
    await page.locator(`[data-testid=agent-card][data-pid="${pid}"] [data-state=running]`).waitFor();
  });

  it('pauses and resumes from the agent page', async () => {
    const { page } = s;
    await page.locator(`[data-testid=agent-card][data-pid="${pid}"]`).click();
    const view = page.getByTestId('agent-view');
    await view.waitFor();
    await view.getByTestId('pause').click();
    await view.locator('.agent-head [data-state=paused]').waitFor();
    expect((await waitForState(pid, ['paused'])).state).toBe('paused');
    await screenshot(page, 'agent-paused');
    await view.getByTestId('resume').click();
    await view.locator('.agent-head [data-state=running]').waitFor();
    expect((await waitForState(pid, ['running'])).state).toBe('running');
  });

  it('kills from the agent page', async () => {
    const { page } = s;
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('kill').click();
    await page.locator('.agent-head [data-state=killed], .agent-head [data-state=exited]').waitFor();
    expect(['killed', 'exited']).toContain((await waitForState(pid, ['killed', 'exited'])).state);
    await page.locator('[data-tab=info]').click();
    await page.locator('table.kv').getByText('Exit').waitFor();
  });

  it('bulk-pauses and resumes selected agents, and shows the process tree', async () => {
    const { page } = s;
    const a = await spawn({ name: 'ui-bulk-a', command: ['/bin/sleep', '600'] });
    const b = await spawn({ name: 'ui-bulk-b', command: ['/bin/sleep', '600'], ppid: a.pid });
    await page.goto(`${machine().url}/#/`);
    for (const p of [a, b]) await cardState(page, p.pid).and(page.locator('[data-state=running]')).waitFor();
    for (const p of [a, b]) await page.locator(`[data-testid=agent-card][data-pid="${p.pid}"] input[type=checkbox]`).check();
    const bar = page.getByTestId('bulk-bar');
    await bar.getByRole('button', { name: 'Pause' }).click();
    for (const p of [a, b]) await cardState(page, p.pid).and(page.locator('[data-state=paused]')).waitFor();
    await bar.getByRole('button', { name: 'Resume' }).click();
    for (const p of [a, b]) await cardState(page, p.pid).and(page.locator('[data-state=running]')).waitFor();
    await page.getByTestId('tree-toggle').click();
    const tree = page.getByTestId('process-tree');
    await tree.getByText('ui-bulk-b').waitFor();
    // The child sits in the parent's sub-list.
    expect(await tree.locator('li', { hasText: 'ui-bulk-a' }).locator('ul li', { hasText: 'ui-bulk-b' }).count()).toBe(1);
    await screenshot(page, 'process-tree');
    for (const p of [a, b]) await api('DELETE', `/api/v1/agents/${p.pid}`);
  });
});
