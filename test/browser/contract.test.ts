/**
 * Terminals and desktops (issue #5) through the UI. They run only where the kernel advertises the
 * endpoints in its OpenAPI document; elsewhere they report as skipped, never passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, machine, spawn, waitForFile, type Proc } from '../systemd/client.js';
import { advertisedPaths, logIn, openBrowser, screenshot, type Session } from './browser.js';

const paths = await advertisedPaths(machine().url);
const hasTerminals = paths.has('/api/v1/agents/{pid}/terminals');
const hasDesktops = paths.has('/api/v1/agents/{pid}/desktop/lease') && paths.has('/api/v1/agents/{pid}/desktop/screenshot');

let s: Session;
beforeAll(async () => {
  if (!hasTerminals && !hasDesktops) return;
  s = await openBrowser();
  await logIn(s.page, machine().url, machine().token);
});
afterAll(async () => s?.close());

describe.skipIf(!hasTerminals)('terminal', () => {
  let p: Proc;
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

describe.skipIf(!hasDesktops)('desktop', () => {
  let p: Proc;
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
