/** The audit view: what an operator did shows up with its outcome, filters work, the chain verifies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, machine, spawn } from '../systemd/client.js';
import { logIn, openBrowser, screenshot, type Session } from './browser.js';

let s: Session;

beforeAll(async () => {
  s = await openBrowser();
  await logIn(s.page, machine().url, machine().token);
});
afterAll(async () => {
  await s?.close();
});

describe('audit view', () => {
  it('lists a pause that worked and one that was refused, filters by action and verifies the chain', async () => {
    const p = await spawn({ name: 'audited', command: ['/bin/sleep', '600'] });
    expect((await api('POST', `/api/v1/agents/${p.pid}/pause`)).status).toBe(200);
    expect((await api('POST', `/api/v1/agents/${p.pid}/pause`)).status).toBe(409);
    await api('DELETE', `/api/v1/agents/${p.pid}`);

    const { page } = s;
    await page.goto(`${machine().url}/#/audit`);
    const view = page.getByTestId('audit-view');
    const rows = view.locator(`[data-testid=audit-entry]:has-text("pid=${p.pid}")`);
    await rows.first().waitFor();
    const outcomes = await rows.evaluateAll((els) => els.map((e) => `${e.dataset.action}|${e.dataset.outcome}`));
    expect(outcomes.filter((o) => /pause/i.test(o)).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/\|ok$/), expect.stringMatching(/\|refused$/)]),
    );

    // Filter by the pause action: only pauses are left.
    const pauseAction = outcomes.find((o) => /pause/i.test(o))!.split('|')[0]!;
    await page.getByTestId('audit-action').fill(pauseAction);
    await page.getByTestId('audit-action').press('Enter');
    // Only pauses are left, and there are some (an empty table would pass "every" vacuously).
    const shown = () => view.locator('[data-testid=audit-entry]').evaluateAll((els) => els.map((e) => e.dataset.action));
    await expect
      .poll(async () => {
        const a = await shown();
        return a.length > 0 && a.every((x) => x === pauseAction);
      })
      .toBe(true);

    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verdict').getAttribute('data-ok')).toBe('true');
    await screenshot(page, 'audit');
  });
});
