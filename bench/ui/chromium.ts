/** Chromium for the benchmark: the same Debian build and flags as the browser test tier. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openBrowser, type Session } from '../../test/browser/browser.js';

export async function openBench(): Promise<Session> {
  return openBrowser({ width: 1440, height: 900 });
}

/** The token goes into sessionStorage before the app starts, with the probe that takes the timings. */
export async function logInByToken(s: Session, url: string, token: string): Promise<Page> {
  await s.page.addInitScript({ content: `sessionStorage.setItem('aether.token', ${JSON.stringify(token)});` });
  await s.page.addInitScript({ path: join(dirname(fileURLToPath(import.meta.url)), 'page-probe.js') });
  await s.page.goto(url);
  await s.page.waitForSelector('[data-testid=connection][data-state=open]');
  return s.page;
}
