import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../machine/machine.js';
import { api, machine, spawn, type Proc } from './client.js';
import { waitDesktopReady } from './desktop-helpers.js';

const NOVNC = join(REPO, 'node_modules', '@novnc', 'novnc');
let server: Server;
let browser: Browser;
let pageUrl: string;
let p: Proc;

/** A page like Mission Control's desktop view: noVNC's RFB client on the kernel's WebSocket. */
const PAGE = (wsUrl: string) => `<!doctype html>
<div id="screen" style="width:1280px;height:800px"></div>
<script type="module">
  import RFB from '/novnc/core/rfb.js';
  const rfb = new RFB(document.getElementById('screen'), ${JSON.stringify(wsUrl)});
  rfb.viewOnly = true;
  rfb.addEventListener('connect', () => (window.vncConnected = true));
  rfb.addEventListener('disconnect', (e) => (window.vncDisconnected = JSON.stringify(e.detail)));
</script>`;

beforeAll(async () => {
  p = await spawn({ name: 'novnc', desktop: true, command: ['/bin/sleep', '600'] });
  await waitDesktopReady(p.pid);
  const wsUrl = `${machine().url.replace('http', 'ws')}/api/v1/agents/${p.pid}/desktop/vnc?token=${machine().token}`;
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE(wsUrl));
      return;
    }
    const file = normalize(join(NOVNC, path.replace(/^\/novnc\//, '')));
    if (!path.startsWith('/novnc/') || !file.startsWith(NOVNC) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  pageUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (p) await api('DELETE', `/api/v1/agents/${p.pid}`);
});

describe('noVNC in a real browser', () => {
  it('connects through the kernel and draws the desktop', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 820 } });
    await page.goto(pageUrl);
    // Page-side code as strings: it runs in the browser, and this project compiles without the DOM library.
    await page.waitForFunction('window.vncConnected === true', null, { timeout: 20_000 });
    // The canvas shows the desktop: its size, and windows drawn on it (many pixels that are not the background).
    const drawn = `(() => {
      const c = document.querySelector('#screen canvas');
      if (!c || c.width !== 1280 || c.height !== 800) return false;
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let lit = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 60) lit++;
      return lit > 20000;
    })()`;
    await page.waitForFunction(drawn, null, { timeout: 30_000, polling: 250 });
    expect(await page.evaluate('window.vncDisconnected')).toBeUndefined();
  });
});
