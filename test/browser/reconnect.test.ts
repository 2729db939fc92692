/** A kernel restart: the UI says it is disconnected, reconnects by itself, and is live again. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, machine, sh, spawn, type Proc } from '../systemd/client.js';
import { isHealthy } from '../machine/machine.js';
import { cardState, logIn, openBrowser, screenshot, type Session } from './browser.js';

let s: Session;
let p: Proc;

beforeAll(async () => {
  s = await openBrowser();
  p = await spawn({ name: 'ui-survivor', command: ['/bin/sleep', '600'] });
  await logIn(s.page, machine().url, machine().token);
});
afterAll(async () => {
  if (p) await api('DELETE', `/api/v1/agents/${p.pid}`);
  await s?.close();
});

describe('kernel restart', () => {
  it('shows the disconnected banner while the kernel is down', async () => {
    const { page } = s;
    await cardState(page, p.pid).and(page.locator('[data-state=running]')).waitFor();
    expect(await page.getByTestId('disconnected-banner').count()).toBe(0);
    await sh(['systemctl', 'stop', 'aether-kernel']);
    await page.getByTestId('disconnected-banner').waitFor();
    expect(await page.getByTestId('connection').getAttribute('data-state')).not.toBe('open');
    await screenshot(page, 'disconnected-banner');
  });

  it('reconnects by itself when the kernel is back, and shows events again', async () => {
    const { page } = s;
    await sh(['systemctl', 'start', 'aether-kernel']);
    await expect.poll(() => isHealthy(machine().url), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('disconnected-banner').waitFor({ state: 'detached', timeout: 30_000 });
    await page.waitForSelector('[data-testid=connection][data-state=open]');
    // The agent kept running under systemd; a change made now reaches the page through the new stream.
    expect((await api('POST', `/api/v1/agents/${p.pid}/pause`)).status).toBe(200);
    await cardState(page, p.pid).and(page.locator('[data-state=paused]')).waitFor();
    await screenshot(page, 'reconnected');
  });
});
