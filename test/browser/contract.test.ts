/**
 * Terminals and desktops (issue #5), memory and messages (issue #6) through the UI. Each suite first
 * checks that the kernel advertises its endpoints: a missing one fails the suite, never skips it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, machine, spawn, waitForFile, type Proc } from '../systemd/client.js';
import { logIn, openBrowser, requirePaths, screenshot, type Session } from './browser.js';

let s: Session;
beforeAll(async () => {
  s = await openBrowser();
  await logIn(s.page, machine().url, machine().token);
});
afterAll(async () => s?.close());

describe('terminal', () => {
  let p: Proc;
  beforeAll(() => requirePaths(machine().url, ['/api/v1/agents/{pid}/terminals']));
  afterAll(async () => p && (await api('DELETE', `/api/v1/agents/${p.pid}`)));

  it('opens a terminal in the sandbox and types into it', async () => {
    p = await spawn({ name: 'ui-term', command: ['/bin/sleep', '600'] });
    const { page } = s;
    await page.goto(`${machine().url}/#/agents/${p.pid}/terminal`);
    await page.locator('[data-testid=terminal-status]', { hasText: 'open' }).waitFor();
    await page.getByTestId('terminal').click();
    await page.keyboard.type('echo typed-from-ui > typed.txt; echo $((6*7))\n');
    await page.locator('.xterm-rows', { hasText: '42' }).waitFor();
    expect((await waitForFile(p.agent.id, 'typed.txt')).trim()).toBe('typed-from-ui');
    await screenshot(page, 'terminal');
  });
});

describe('desktop', () => {
  let p: Proc;
  beforeAll(() => requirePaths(machine().url, ['/api/v1/agents/{pid}/desktop/lease', '/api/v1/agents/{pid}/desktop/screenshot']));
  afterAll(async () => p && (await api('DELETE', `/api/v1/agents/${p.pid}`)));

  it('shows the desktop view-only, takes control and releases it', async () => {
    p = await spawn({ name: 'ui-desk', command: ['/bin/sleep', '600'], desktop: true });
    const { page } = s;
    await page.goto(`${machine().url}/#/`);
    await page.locator(`[data-testid=agent-card][data-pid="${p.pid}"] [data-testid=thumbnail] img`).waitFor({ timeout: 30_000 });
    await page.goto(`${machine().url}/#/agents/${p.pid}/desktop`);
    await page.locator('[data-testid=desktop-status]', { hasText: 'connected' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=desktop] canvas').waitFor();
    await page.getByTestId('desktop-take').click();
    await page.getByText('you have control').waitFor();
    expect((await api('GET', `/api/v1/agents/${p.pid}/desktop/lease`)).body.lease.owner).toMatch(/Mission Control/);
    await page.locator('[data-testid=desktop-status]', { hasText: 'connected' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'desktop-controlled');
    await page.getByTestId('desktop-release').click();
    await page.getByTestId('desktop-take').waitFor();
    expect((await api('GET', `/api/v1/agents/${p.pid}/desktop/lease`)).body.lease).toBeNull();
  });
});

describe('memory and messages', () => {
  let p: Proc;
  beforeAll(() => requirePaths(machine().url, ['/api/v1/agents/by-name/{name}/memory', '/api/v1/agents/{pid}/messages']));
  afterAll(async () => p && (await api('DELETE', `/api/v1/agents/${p.pid}`)));

  it('teaches the agent something and finds it again', async () => {
    p = await spawn({ name: 'ui-memo', command: ['/bin/sleep', '600'] });
    const { page } = s;
    await page.goto(`${machine().url}/#/agents/${p.pid}/memory`);
    const tab = page.getByTestId('memory');
    await tab.getByPlaceholder('Teach the agent something…').fill('The staging database lives on port 5433.');
    await tab.getByRole('button', { name: 'Remember' }).click();
    await tab.getByTestId('memory-item').filter({ hasText: 'port 5433' }).waitFor();
    await tab.getByPlaceholder('Search memory…').fill('staging database');
    await tab.getByPlaceholder('Search memory…').press('Enter');
    await tab.getByTestId('memory-item').filter({ hasText: 'port 5433' }).waitFor();
    await screenshot(page, 'memory');
  });

  it('sends the process a message and lists it', async () => {
    const { page } = s;
    await page.goto(`${machine().url}/#/agents/${p.pid}/messages`);
    const tab = page.getByTestId('messages');
    await tab.getByPlaceholder('Message to the agent…').fill('Please also check the logs.');
    await tab.getByRole('button', { name: 'Send' }).click();
    await tab.getByTestId('message').filter({ hasText: 'Please also check the logs.' }).waitFor();
    const list = (await api('GET', `/api/v1/agents/${p.pid}/messages`)).body.messages as { text: string }[];
    expect(list.map((m) => m.text)).toContain('Please also check the logs.');
  });
});
