/**
 * The views around the grid: system, a tablet-sized screen, virtualisation, every endpoint the tabs
 * use served, and the honest "not available" state when one answers 404 (an older kernel).
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, machine, spawn, type Proc } from '../systemd/client.js';
import { advertisedPaths, logIn, openBrowser, screenshot, type Session } from './browser.js';

let s: Session;
const spawned: Proc[] = [];
const paths = await advertisedPaths(machine().url);

beforeAll(async () => {
  // Tablet portrait: two columns of cards.
  s = await openBrowser({ width: 820, height: 1000 });
  await logIn(s.page, machine().url, machine().token);
});
afterAll(async () => {
  await Promise.all(spawned.map((p) => api('DELETE', `/api/v1/agents/${p.pid}`)));
  await s?.close();
});

describe('views', () => {
  it('shows the kernel, its drivers and limits in the system view', async () => {
    const { page } = s;
    await page.goto(`${machine().url}/#/system`);
    const view = page.getByTestId('system-view');
    await view.getByText('systemd').first().waitFor();
    const version = ((await api('GET', '/api/v1/system')).body as { version: string }).version;
    // The version tile (the plugins panel may show the same version for the kernel's own plugin).
    await view.locator('.tile-value', { hasText: version }).first().waitFor();
    expect(paths.has('/api/v1/system/stats')).toBe(true);
    await view.getByTestId('host-stats').waitFor();
    await screenshot(page, 'system-tablet');
  });

  it('keeps only the cards in view in the DOM (virtualised grid) and scrolls to the rest', async () => {
    const { page } = s;
    for (let i = 0; i < 40; i++)
      spawned.push(await spawn({ name: `ui-many-${String(i).padStart(2, '0')}`, command: ['/bin/sleep', '600'] }));
    await page.goto(`${machine().url}/#/`);
    await page.locator('[data-testid=agent-card][data-name=ui-many-39]').waitFor();
    const inDom = await page.locator('[data-testid=agent-card]').count();
    const total = Number(await page.locator('[data-filter=all] .count').textContent());
    expect(total).toBeGreaterThanOrEqual(40);
    expect(inDom).toBeLessThan(total);
    await screenshot(page, 'overview-tablet');
    await page.getByTestId('agent-grid').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.locator('[data-testid=agent-card][data-name=ui-many-00]').waitFor();
  });

  it('filters by search', async () => {
    const { page } = s;
    await page.getByLabel('search').fill('ui-many-07');
    await expect.poll(() => page.locator('[data-testid=agent-card]').count()).toBe(1);
    await page.getByLabel('search').fill('');
  });

  // Every endpoint the UI uses must be served: a renamed route fails here instead of turning into a skip.
  // Each tab with what it shows once its endpoint answered (a sleeping program has no steps or messages).
  const tabs: [tab: string, path: string, loaded: (page: Session['page']) => Locator][] = [
    ['timeline', '/api/v1/agents/{pid}/steps', (page) => page.getByTestId('timeline').getByText('No steps yet')],
    ['terminal', '/api/v1/agents/{pid}/terminals', (page) => page.getByTestId('terminal-status').getByText('open')],
    ['messages', '/api/v1/agents/{pid}/messages', (page) => page.getByTestId('messages').getByText('No messages.')],
  ];
  const concrete = (path: string, pid: number) => (url: URL) => url.pathname === path.replace('{pid}', String(pid));

  it('serves every endpoint the agent tabs use, and each tab shows its content', async () => {
    const { page } = s;
    const pid = spawned[0]!.pid;
    expect(tabs.map(([, path]) => path).filter((path) => !paths.has(path))).toEqual([]);
    expect(paths.has('/api/v1/approvals')).toBe(true);
    for (const [tab, , loaded] of tabs) {
      await page.goto(`${machine().url}/#/agents/${pid}/${tab}`);
      await loaded(page).waitFor();
      expect(await page.getByTestId('unavailable').count()).toBe(0);
    }
  });

  it('says "not available on this kernel" when an endpoint answers 404 NOT_FOUND (as an older kernel would)', async () => {
    const { page } = s;
    const pid = spawned[0]!.pid;
    // The kernel's own answer to an unknown route, for just this endpoint: the UI must say so, not break.
    const notFound = {
      status: 404,
      contentType: 'application/json',
      body: JSON.stringify({ code: 'NOT_FOUND', message: 'no such route', hint: '' }),
    };
    for (const [tab, path, loaded] of tabs) {
      const match = concrete(path, pid);
      await page.route(match, (r) => r.fulfill(notFound));
      await page.goto(`${machine().url}/#/agents/${pid}/${tab}`);
      await page.getByTestId('unavailable').waitFor();
      expect(await loaded(page).count()).toBe(0);
      await page.unroute(match);
    }
    await screenshot(page, 'messages-unavailable-tablet');
  });
});
