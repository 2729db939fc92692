/**
 * Terminals (issue #5) through the UI. They run only where the kernel advertises the endpoints in
 * its OpenAPI document; elsewhere they report as skipped, never passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, machine, spawn, waitForFile, type Proc } from '../systemd/client.js';
import { advertisedPaths, logIn, openBrowser, screenshot, type Session } from './browser.js';

const paths = await advertisedPaths(machine().url);
const hasTerminals = paths.has('/api/v1/agents/{pid}/terminals');

let s: Session;
beforeAll(async () => {
  if (!hasTerminals) return;
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
