/** Logging in: a wrong token is refused, the right one opens the live grid, the token stays out of URLs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machine } from '../systemd/client.js';
import { openBrowser, screenshot, type Session } from './browser.js';

let s: Session;
const urls: string[] = [];

beforeAll(async () => {
  s = await openBrowser();
  s.page.on('request', (r) => urls.push(r.url()));
  s.page.on('websocket', (ws) => urls.push(ws.url()));
});
afterAll(async () => s?.close());

describe('login', () => {
  it('refuses a wrong token and says so', async () => {
    const { page } = s;
    await page.goto(machine().url);
    await page.fill('input[name=token]', 'not-the-token-0123456789');
    await page.click('button[type=submit]');
    const err = page.getByTestId('error');
    await err.waitFor();
    expect(await err.getAttribute('data-code')).toBe('UNAUTHENTICATED');
    expect(await err.textContent()).toMatch(/not valid/);
    await screenshot(page, 'login-refused');
    expect(await page.getByTestId('connection').count()).toBe(0);
  });

  it('accepts the admin token and opens the live overview', async () => {
    const { page } = s;
    await page.fill('input[name=token]', machine().token);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=connection][data-state=open]');
    await page.getByTestId('spawn-open').waitFor();
    await screenshot(page, 'overview-empty-or-listed');
  });

  it('puts the token in no URL but the event WebSocket query', async () => {
    const token = machine().token;
    const leaking = urls.filter((u) => u.includes(token) || u.includes(encodeURIComponent(token)));
    expect(leaking.length).toBeGreaterThan(0);
    for (const u of leaking) expect(new URL(u).pathname).toBe('/api/v1/events');
    expect(s.page.url()).not.toContain(token);
  });

  it('serves Mission Control for client routes (SPA fallback) but JSON 404s under /api', async () => {
    const page = await fetch(`${machine().url}/agents/1`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    // Under /api only an authenticated caller learns that a route does not exist (people/guard.ts).
    const anonymous = await fetch(`${machine().url}/api/v1/nope`, { headers: { accept: 'text/html' } });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    const api = await fetch(`${machine().url}/api/v1/nope`, {
      headers: { accept: 'text/html', authorization: `Bearer ${machine().token}` },
    });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { code: string }).code).toBe('NOT_FOUND');
  });

  it('logs out and forgets the token', async () => {
    const { page } = s;
    await page.getByTestId('logout').click();
    await page.waitForSelector('input[name=token]');
    await page.reload();
    await page.waitForSelector('input[name=token]');
  });
});
