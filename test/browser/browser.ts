/**
 * Debian's Chromium driven by playwright-core (no browser download: CI has no access to one).
 * Each test file gets a fresh profile; screenshots go to build/test-results/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO } from '../machine/machine.js';

export const CHROMIUM = process.env.AETHER_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO, 'build', 'test-results', 'screenshots');

export interface Session {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(opts: { width?: number; height?: number } = {}): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'aether-chromium-'));
  // A persistent context on a fresh directory: the --user-data-dir the tier asks for, without leftovers.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // Chromium writes caches under HOME; keep them in the throwaway profile.
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
    viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Logs in through the form, as an operator would. */
export async function logIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(url);
  await page.fill('input[name=token]', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=connection][data-state=open]');
}

/** The state badge of one agent's card in the grid. */
export const cardState = (page: Page, pid: number) =>
  page.locator(`[data-testid=agent-card][data-pid="${pid}"] [data-testid=state]`);

/** Which API paths this kernel advertises in its OpenAPI document. */
export async function advertisedPaths(url: string): Promise<Set<string>> {
  const res = await fetch(`${url}/api/v1/openapi.json`);
  const spec = (await res.json()) as { paths?: Record<string, unknown> };
  return new Set(Object.keys(spec.paths ?? {}));
}

/** Fails (in a beforeAll: the whole suite fails) when the kernel does not advertise one of these paths. */
export async function requirePaths(url: string, paths: string[]): Promise<void> {
  const served = await advertisedPaths(url);
  const missing = paths.filter((p) => !served.has(p));
  if (missing.length > 0)
    throw new Error(`the kernel does not serve ${missing.join(', ')} (not in its OpenAPI document): a renamed or removed route?`);
}
