/** The file browser against a real home in the machine, where the kernel runs as root. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, machine, spawn, waitForFile, type Proc } from '../systemd/client.js';
import { logIn, openBrowser, screenshot, type Session } from './browser.js';

let s: Session;
let p: Proc;

beforeAll(async () => {
  s = await openBrowser();
  // The agent itself plants a link to /etc/shadow in its home: the kernel must never follow it.
  p = await spawn({
    name: 'ui-files',
    command: [
      '/bin/sh',
      '-c',
      'mkdir -p notes && echo "hello from the agent" > notes/hi.txt && ln -s /etc/shadow shadow && ln -s /etc etc && touch ready && exec sleep 600',
    ],
  });
  await waitForFile(p.agent.id, 'ready');
  await logIn(s.page, machine().url, machine().token);
});
afterAll(async () => {
  if (p) await api('DELETE', `/api/v1/agents/${p.pid}`);
  await s?.close();
});

describe('file browser', () => {
  it('refuses the symlink to /etc/shadow with a stable code, over the real API', async () => {
    for (const path of ['shadow', 'etc/shadow', '../../../../etc/shadow']) {
      const res = await api('GET', `/api/v1/agents/${p.pid}/files/content?path=${encodeURIComponent(path)}`);
      expect(['FILE_SYMLINK_REFUSED', 'FILE_PATH_REFUSED']).toContain(res.body.code);
      expect(JSON.stringify(res.body)).not.toMatch(/root:/);
    }
    expect((await api('GET', `/api/v1/agents/${p.pid}/files/content?path=shadow`)).status).toBe(403);
  });

  it('browses the home and previews a file', async () => {
    const { page } = s;
    await page.goto(`${machine().url}/#/agents/${p.pid}/files`);
    const files = page.getByTestId('files');
    await files.locator('[data-testid=file-entry][data-name=notes]').click();
    await files.locator('[data-testid=file-entry][data-name="hi.txt"]').click();
    await expect.poll(() => page.getByTestId('file-preview').locator('pre').textContent()).toBe('hello from the agent\n');
    await screenshot(page, 'file-browser');
  });

  it('shows links as links and refuses to open them', async () => {
    const { page } = s;
    await page.locator('.crumbs a', { hasText: '~' }).click();
    const link = page.locator('[data-testid=file-entry][data-name=shadow]');
    expect(await link.getAttribute('data-type')).toBe('symlink');
    await link.click();
    await expect
      .poll(() => page.locator('.files-view [data-testid=error]').getAttribute('data-code'))
      .toBe('FILE_SYMLINK_REFUSED');
    await screenshot(page, 'file-browser-symlink-refused');
  });
});
