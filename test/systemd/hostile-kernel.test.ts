import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RfbClient } from '../../kernel-service/src/desktop/rfb-client.js';
import { api, homeFile, machine, sh, sleep, spawn, waitForFile, waitUntil, type Proc } from './client.js';
import { patch, stableFrame, uniformSpot, viewer, waitDesktopReady } from './desktop-helpers.js';

/**
 * The hostile agent against the kernel's desktop and kernel directory (issue 12, findings 6, 8,
 * 9): a takeover must stop all of it (main program, its terminals, its X clients), its socket
 * must refuse it screenshots and input meanwhile, its X clients may neither type (XTEST) nor
 * record (RECORD); a VNC server of its own on vnc.sock must not hang or crash the kernel; links
 * it plants in its desktop folder must not make root delete outside it. Each attack has its
 * control: the person's input arrives, a real desktop gives screenshots, its own files go.
 */

/** The agent's main program: ticks, reports the X server's extensions, plants links on request. */
const AGENT = String.raw`
const fs = require('fs'), net = require('net');
setInterval(() => fs.appendFileSync('ticks', 't\n'), 100);
const names = ['XTEST', 'RECORD', 'RENDER'];
const query = () => {
  const s = net.connect('/tmp/.X11-unix/X0');
  s.on('error', () => setTimeout(query, 200));
  s.on('connect', () => {
    const setup = Buffer.alloc(12); setup[0] = 0x6c; setup.writeUInt16LE(11, 2); s.write(setup);
    let buf = Buffer.alloc(0), stage = 0;
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (stage === 0 && buf.length >= 8) {
        const len = 8 + buf.readUInt16LE(6) * 4;
        if (buf.length < len) return;
        if (buf[0] !== 1) { fs.writeFileSync('x11.json', JSON.stringify({ refused: buf[0] })); return s.destroy(); }
        buf = buf.subarray(len); stage = 1;
        for (const n of names) {
          const nb = Buffer.from(n), r = Buffer.alloc(8 + Math.ceil(nb.length / 4) * 4);
          r[0] = 98; r.writeUInt16LE(r.length / 4, 2); r.writeUInt16LE(nb.length, 4); nb.copy(r, 8); s.write(r);
        }
      }
      if (stage === 1 && buf.length >= 32 * names.length) {
        const out = {}; names.forEach((n, i) => (out[n] = buf[i * 32] === 1 && buf[i * 32 + 8] === 1));
        fs.writeFileSync('x11.json', JSON.stringify(out)); s.destroy(); stage = 2;
      }
    });
  });
};
query();
setInterval(() => {
  if (!fs.existsSync('plant')) return;
  const d = '/run/aether/desktop';
  fs.symlinkSync('/root/victim', d + '/evil');
  fs.mkdirSync(d + '/x/y', { recursive: true });
  fs.writeFileSync(d + '/x/y/mine', 'agent data');
  fs.symlinkSync('/root/victim', d + '/x/y/evil2');
  fs.symlinkSync('/root/victim/precious', d + '/x/file-link');
  process.exit(0);
}, 100);
`;

/** An agent that replaces Xvnc's socket with its own server announcing a 65535 x 65535 screen and a 4 GB name. */
const HOSTILE_VNC = String.raw`
const fs = require('fs'), net = require('net');
const p = '/run/aether/desktop/vnc.sock';
const swap = () => {
  if (!fs.existsSync(p)) return setTimeout(swap, 50);
  fs.unlinkSync(p);
  const srv = net.createServer((s) => {
    s.on('error', () => undefined);
    s.write('RFB 003.008\n');
    let n = 0, stage = 0;
    s.on('data', (d) => {
      n += d.length;
      if (stage === 0 && n >= 12) { stage = 1; s.write(Buffer.from([1, 1])); }
      else if (stage === 1 && n >= 13) { stage = 2; s.write(Buffer.alloc(4)); }
      else if (stage === 2 && n >= 14) {
        stage = 3; const b = Buffer.alloc(24);
        b.writeUInt16BE(65535, 0); b.writeUInt16BE(65535, 2); b.writeUInt32BE(0xffffffff, 20); s.write(b);
      }
    });
  });
  srv.listen(p, () => { fs.chmodSync(p, 0o600); fs.writeFileSync('serving', '1'); });
};
swap();
setInterval(() => undefined, 1000);
`;

let p: Proc;
const clients: RfbClient[] = [];
const count = (file: string): number => {
  try {
    return homeFile(p.agent.id, file).trim().split('\n').length;
  } catch {
    return 0;
  }
};
const sock = () => `/run/aether/sockets/p${p.pid}/kernel.sock`;
/** The agent's own kernel-socket call (curl as root on its socket: the kernel cannot tell). */
async function agentCall(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const args = body === undefined ? [] : ['-H', 'content-type: application/json', '-d', JSON.stringify(body)];
  const out = (await sh(['curl', '-s', '--max-time', '20', '--unix-socket', sock(), ...args, `http://k${path}`])).stdout;
  return JSON.parse(out) as Record<string, unknown>;
}
const codeOf = (r: Record<string, unknown>) => (r.error as { code?: string } | undefined)?.code;
const freezer = async (unit: string) => (await sh(['systemctl', 'show', '-P', 'FreezerState', unit])).stdout.trim();

beforeAll(async () => {
  p = await spawn({ name: 'hostile-desk', desktop: true, command: ['/usr/bin/node', '-e', AGENT] });
  await waitDesktopReady(p.pid);
});

afterAll(async () => {
  clients.forEach((c) => c.close());
  await api('DELETE', `/api/v1/agents/${p.pid}`);
});

describe('a hostile agent and its desktop', () => {
  it('has no XTEST or RECORD on its display (control: RENDER is there, the query works)', async () => {
    const x11 = JSON.parse(await waitForFile(p.agent.id, 'x11.json', 30_000)) as Record<string, boolean>;
    expect(x11).toEqual({ XTEST: false, RECORD: false, RENDER: true });
  });

  it('is frozen whole during a takeover: main program and its terminal; the socket refuses it; the person works', async () => {
    const term = await agentCall('/v1/terminals', {
      command: ['/bin/sh', '-c', 'while :; do echo t >> "$HOME/termticks"; sleep 0.1; done'],
    });
    const termId = term.id as string;
    expect(term.openedBy).toBe('agent');
    await waitUntil(() => count('termticks') > 3, 10_000);
    // Control before the lease: the agent may take screenshots.
    expect((await agentCall('/v1/desktop/screenshot')).mediaType).toBe('image/png');

    const observer = await viewer(p.pid);
    clients.push(observer);
    const before = await stableFrame(observer);
    const spot = uniformSpot(before);
    const original = patch(before, spot.x, spot.y);

    const taken = await api('POST', `/api/v1/agents/${p.pid}/desktop/lease`, { owner: 'alice', ttlSeconds: 120 });
    expect(taken.status).toBe(200);
    const key = (taken.body as { key: string }).key;
    const units = (await sh(['systemctl', 'list-units', '--no-legend', '--plain', `aether-p${p.pid}-term*`])).stdout;
    const termUnit = /(aether-p\d+-term\S+\.service)/.exec(units)![1]!;
    expect(await freezer(`aether-p${p.pid}.service`)).toBe('frozen');
    expect(await freezer(termUnit)).toBe('frozen');
    expect(await freezer(`aether-p${p.pid}-xvnc.service`)).toBe('running');
    const [ticks, termTicks] = [count('ticks'), count('termticks')];
    await sleep(800);
    expect(count('ticks')).toBeLessThanOrEqual(ticks + 1);
    expect(count('termticks')).toBeLessThanOrEqual(termTicks + 1);

    // The agent's socket: no screenshot, no desktop input, no terminal, with a stable code.
    expect(codeOf(await agentCall('/v1/desktop/screenshot'))).toBe('LEASE_HELD');
    expect(codeOf(await agentCall('/v1/desktop/input', { action: 'move', x: spot.x, y: spot.y }))).toBe('LEASE_HELD');
    expect(codeOf(await agentCall(`/v1/terminals/${termId}/input`, { data: 'echo hi\n' }))).toBe('LEASE_HELD');
    expect(codeOf(await agentCall('/v1/terminals', {}))).toBe('LEASE_HELD');
    expect(codeOf(await agentCall(`/v1/terminals/${termId}/output`))).toBe('LEASE_HELD');

    // Control: the person's input arrives (the desktop keeps drawing), and people still get screenshots.
    const holder = await viewer(p.pid, { lease: key });
    clients.push(holder);
    holder.pointer(spot.x + 4, spot.y + 4, 0);
    await waitUntil(async () => patch(await observer.frame(), spot.x, spot.y).some((c, i) => c !== original[i]), 5000);
    const shot = await fetch(`${machine().url}/api/v1/agents/${p.pid}/desktop/screenshot`, {
      headers: { authorization: `Bearer ${machine().token}` },
    });
    expect([shot.status, shot.headers.get('content-type')]).toEqual([200, 'image/png']);

    expect((await api('DELETE', `/api/v1/agents/${p.pid}/desktop/lease`, { key })).status).toBe(200);
    await waitUntil(() => count('ticks') > ticks + 3 && count('termticks') > termTicks + 3, 10_000);
    expect(await freezer(termUnit)).toBe('running');
    expect((await agentCall('/v1/desktop/screenshot')).mediaType).toBe('image/png');
    expect((await agentCall(`/v1/terminals/${termId}/input`, { data: 'true\n' })).ok).toBe(true);
  });

  it('cannot make root delete outside its kernel directory with planted links; its own files go', async () => {
    await sh(['sh', '-c', 'mkdir -p /root/victim/deep && echo keep > /root/victim/precious && echo keep > /root/victim/deep/x']);
    const dir = `/run/aether/sockets/p${p.pid}`;
    await sh(['touch', `/var/lib/aether/homes/${p.agent.id}/plant`]);
    await waitUntil(async () => (await sh(['test', '-e', dir], true)).code !== 0, 30_000);
    const left = (await sh(['sh', '-c', 'cat /root/victim/precious /root/victim/deep/x'])).stdout;
    expect(left).toBe('keep\nkeep\n');
  });
});

describe('a hostile VNC server on the agent’s vnc.sock', () => {
  let q: Proc;
  afterAll(async () => {
    if (q) await api('DELETE', `/api/v1/agents/${q.pid}`);
  });

  it('gets its connection closed with a logged code; the kernel answers on (control: a real desktop gave screenshots above)', async () => {
    q = await spawn({ name: 'hostile-vnc', desktop: true, command: ['/usr/bin/node', '-e', HOSTILE_VNC] });
    await waitForFile(q.agent.id, 'serving', 30_000);
    await waitDesktopReady(q.pid);
    const started = Date.now();
    const shots = await Promise.all(Array.from({ length: 5 }, () => api('GET', `/api/v1/agents/${q.pid}/desktop/screenshot`)));
    for (const s of shots) {
      expect(s.status).toBe(502);
      expect(s.body.code).toBe('DESKTOP_PROTOCOL_ERROR');
    }
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await api('GET', '/api/v1/system')).status).toBe(200);
    const journal = (await sh(['journalctl', '-u', 'aether-kernel', '--no-pager', '-o', 'cat'])).stdout;
    expect(journal).toContain('RFB_SIZE_LIMIT');
  });
});
