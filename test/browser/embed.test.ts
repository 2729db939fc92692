/**
 * The embeddable components in Chromium: a page served from another origin (a server here, not
 * the kernel) loads /embed/aether-embed.js from the kernel and shows an agent with <aether-agent>
 * and the grid with <aether-grid>, because api.cors.origins lists that origin (global-setup);
 * the same page from an origin not listed shows a clear error instead.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, machine, spawn, waitForState } from '../systemd/client.js';
import { openBrowser, screenshot, type Session } from './browser.js';
import { EMBED_ALLOWED_PORT, EMBED_REFUSED_PORT } from './embed-origins.js';

let s: Session;
let pid: number;
const servers: Server[] = [];

const page = (body: string) => `<!doctype html>
<html><head><title>Partner portal</title></head>
<body><h1>Partner portal</h1>${body}
<script type="module" src="${machine().url}/embed/aether-embed.js"></script></body></html>`;

function serve(port: number, html: () => string): Promise<void> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html()));
  servers.push(server);
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
}

beforeAll(async () => {
  const p = await spawn({ name: 'embed-demo', command: ['/bin/sleep', '600'] });
  pid = p.pid;
  await waitForState(pid, ['running']);
  const html = () =>
    page(
      `<aether-agent pid="${pid}" url="${machine().url}" token="${machine().token}"></aether-agent>` +
        `<aether-grid url="${machine().url}" token="${machine().token}" style="height:500px"></aether-grid>`,
    );
  await serve(EMBED_ALLOWED_PORT, html);
  await serve(EMBED_REFUSED_PORT, html);
  s = await openBrowser();
});

afterAll(async () => {
  await s?.close();
  for (const server of servers) server.close();
  if (pid) await api('DELETE', `/api/v1/agents/${pid}`);
});

describe('<aether-agent> and <aether-grid> on another origin', () => {
  it('show the agent and the grid when the kernel allows the origin', async () => {
    const { page: p } = s;
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`http://127.0.0.1:${EMBED_ALLOWED_PORT}/`);
    // Locators pierce open shadow roots: these are inside the custom elements.
    const view = p.locator(`aether-agent [data-testid=agent-view][data-pid="${pid}"]`);
    await view.waitFor();
    expect(await view.locator('h1').textContent()).toBe('embed-demo');
    expect(await view.getByTestId('state').first().textContent()).toMatch(/running/);
    // Visible, not only attached: the grid's virtual scroller got the element's height.
    await p.locator(`aether-grid [data-testid=agent-card][data-pid="${pid}"]`).waitFor({ state: 'visible' });
    // The styles are inside the shadow root, not leaked into the page.
    expect(await p.evaluate(() => document.head.querySelectorAll('style').length)).toBe(0);
    expect(
      await p.locator('aether-agent').evaluate((el) => el.shadowRoot?.querySelector('style')?.textContent?.length ?? 0),
    ).toBeGreaterThan(1000);
    await screenshot(p, 'embed-allowed');
    expect(errors).toEqual([]);
  });

  it('says the origin is not allowed when CORS does not list it', async () => {
    const { page: p } = s;
    await p.goto(`http://127.0.0.1:${EMBED_REFUSED_PORT}/`);
    const err = p.locator('aether-agent [data-testid=embed-error]');
    await err.waitFor();
    expect(await err.textContent()).toContain(`add "http://127.0.0.1:${EMBED_REFUSED_PORT}" to api.cors.origins`);
    expect(await p.locator('aether-agent [data-testid=agent-view]').count()).toBe(0);
    await screenshot(p, 'embed-refused');
  });
});
