import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RfbClient } from '../../kernel-service/src/desktop/rfb-client.js';
import { api, homeFile, machine, restartKernel, sh, sleep, spawn, waitForFile, waitUntil, type Proc } from './client.js';
import { nonBackground, patch, stableFrame, uniformSpot, viewer, waitDesktopReady } from './desktop-helpers.js';

/** Each test's timeout is the sum of its own waits (the helpers' defaults) and a margin. */
const READY = 20_000; // waitDesktopReady
const FILE = 10_000; // waitForFile
const STABLE = 30_000; // stableFrame
const MARGIN = 30_000;

let p: Proc;
const clients: RfbClient[] = [];
const ticks = (): number => homeFile(p.agent.id, 'ticks').trim().split('\n').length;

beforeAll(async () => {
  // The program ticks ten times a second (so a pause shows) and notes what it was given.
  const script = 'echo "$DISPLAY" > display; grep ^0:: /proc/self/cgroup > cgroup; while :; do echo t >> ticks; sleep 0.1; done';
  p = await spawn({ name: 'desk', desktop: true, command: ['/bin/sh', '-c', script] });
  await waitDesktopReady(p.pid);
});

afterAll(async () => {
  clients.forEach((c) => c.close());
  await api('DELETE', `/api/v1/agents/${p.pid}`);
});

describe('desktops', () => {
  it(
    'run Xvnc, a window manager, a terminal and a browser as units in the agent slice, as the agent',
    async () => {
      const d = await waitDesktopReady(p.pid);
      expect(d.units).toContain(`aether-p${p.pid}-xvnc.service`);
      expect((await waitForFile(p.agent.id, 'display')).trim()).toBe(':0');
      await waitUntil(
        async () => ((await api('GET', `/api/v1/agents/${p.pid}/desktop`)).body as { units: string[] }).units.length >= 4,
        20_000,
      );
      const units = (await sh(['systemctl', 'list-units', '--no-legend', '--plain', `aether-p${p.pid}-*`])).stdout;
      for (const role of ['xvnc', 'wm', 'xterm', 'browser'])
        expect(units).toMatch(new RegExp(`aether-p${p.pid}-${role}\\.service\\s+loaded active running`));
      const show = async (unit: string, prop: string) => (await sh(['systemctl', 'show', '-P', prop, unit])).stdout.trim();
      const slice = await show(`aether-p${p.pid}.service`, 'Slice');
      const user = await show(`aether-p${p.pid}.service`, 'User');
      for (const role of ['xvnc', 'wm', 'browser']) {
        expect(await show(`aether-p${p.pid}-${role}.service`, 'Slice')).toBe(slice);
        expect(await show(`aether-p${p.pid}-${role}.service`, 'User')).toBe(user);
      }
      // Xvnc listens on no TCP port and no abstract socket: only the Unix socket in the kernel directory.
      const listening = (await sh(['sh', '-c', 'cat /proc/net/tcp /proc/net/tcp6 /proc/net/unix'])).stdout;
      expect(listening).not.toMatch(/@\/tmp\/\.X11-unix/);
      expect(listening).not.toMatch(/:170C /); // 5900
      const sock = (await sh(['stat', '-c', '%a %U %F', `/run/aether/sockets/p${p.pid}/desktop/vnc.sock`])).stdout.trim();
      expect(sock).toBe(`600 ${user} socket`);
    },
    READY + FILE + 20_000 + MARGIN,
  );

  it(
    'serves the framebuffer through the authenticated proxy, and it is not blank once windows are open',
    async () => {
      const c = await viewer(p.pid);
      clients.push(c);
      expect([c.width, c.height]).toEqual([1280, 800]);
      await waitUntil(async () => nonBackground((await c.frame()).pixels) > 20_000, 30_000);
      const shot = await fetch(`${machine().url}/api/v1/agents/${p.pid}/desktop/screenshot`, {
        headers: { authorization: `Bearer ${machine().token}` },
      });
      expect(shot.headers.get('content-type')).toBe('image/png');
      expect(
        Buffer.from(await shot.arrayBuffer())
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    },
    30_000 + MARGIN,
  );

  it('refuses unauthenticated viewers and processes without a desktop', async () => {
    await expect(viewer(p.pid, { token: null })).rejects.toThrow(/401/);
    await expect(viewer(p.pid, { token: 'not-the-token-0123456789' })).rejects.toThrow(/401/);
    const plain = await spawn({ name: 'no-desk', command: ['/bin/sleep', '600'] });
    expect((await api('GET', `/api/v1/agents/${plain.pid}/desktop`)).body.code).toBe('DESKTOP_NOT_ENABLED');
    await expect(viewer(plain.pid)).rejects.toThrow(/409/);
    await api('DELETE', `/api/v1/agents/${plain.pid}`);
  });

  it(
    'drops input from viewers without the lease, passes the holder’s, pauses the agent meanwhile and tells it afterwards',
    async () => {
      const events: { type: string; lease?: { owner: string } | null; change?: string }[] = [];
      const stream = new WebSocket(`${machine().url.replace('http', 'ws')}/api/v1/events?token=${machine().token}`);
      stream.on('message', (d: Buffer) => events.push(JSON.parse(d.toString()) as (typeof events)[number]));
      await new Promise((r) => stream.once('open', r));

      const observer = await viewer(p.pid);
      clients.push(observer);
      const before = await stableFrame(observer);
      const spot = uniformSpot(before);
      const original = patch(before, spot.x, spot.y);

      // A view-only viewer moves the pointer onto the spot: the kernel drops it, the screen stays.
      const intruder = await viewer(p.pid);
      clients.push(intruder);
      intruder.pointer(spot.x + 4, spot.y + 4, 0);
      await sleep(500);
      expect(patch(await observer.frame(), spot.x, spot.y)).toEqual(original);

      // Take the lease: the agent's program stops ticking, its desktop keeps running.
      const taken = await api('POST', `/api/v1/agents/${p.pid}/desktop/lease`, { owner: 'alice', ttlSeconds: 120 });
      expect(taken.status).toBe(200);
      const { key, lease } = taken.body as { key: string; lease: { owner: string; expiresAt: string } };
      expect(lease.owner).toBe('alice');
      expect((await api('GET', `/api/v1/agents/${p.pid}/desktop/lease`)).body.lease.owner).toBe('alice');
      const other = await api('POST', `/api/v1/agents/${p.pid}/desktop/lease`, { owner: 'bob' });
      expect(other.body.code).toBe('LEASE_HELD');
      const frozenAt = ticks();
      await sleep(700);
      expect(ticks()).toBeLessThanOrEqual(frozenAt + 1);

      // Still without the key: dropped. With it: the pointer moves and the observer sees it drawn.
      intruder.pointer(spot.x + 4, spot.y + 4, 0);
      await sleep(300);
      expect(patch(await observer.frame(), spot.x, spot.y)).toEqual(original);
      const holder = await viewer(p.pid, { lease: key });
      clients.push(holder);
      holder.pointer(spot.x + 4, spot.y + 4, 0);
      await waitUntil(async () => patch(await observer.frame(), spot.x, spot.y).some((c, i) => c !== original[i]), 5000);

      // Release: the agent resumes, and its inbox holds the intervention with a fresh screenshot.
      expect((await api('DELETE', `/api/v1/agents/${p.pid}/desktop/lease`, { key: 'wrong' })).body.code).toBe('LEASE_NOT_HELD');
      expect((await api('DELETE', `/api/v1/agents/${p.pid}/desktop/lease`, { key })).status).toBe(200);
      const resumedAt = ticks();
      await waitUntil(() => ticks() > resumedAt + 3, 5000);
      const sock = `/run/aether/sockets/p${p.pid}/kernel.sock`;
      const inbox = JSON.parse((await sh(['curl', '-s', '--unix-socket', sock, 'http://k/v1/run/inbox'])).stdout) as {
        items: { id: string; source: string; text: string; images: { mediaType: string; base64: string }[] }[];
      };
      const item = inbox.items.find((i) => i.source === 'desktop')!;
      expect(item.text).toMatch(/human \(alice\) took control/);
      expect(item.images[0]!.mediaType).toBe('image/png');
      expect(Buffer.from(item.images[0]!.base64, 'base64').subarray(1, 4).toString()).toBe('PNG');
      await sh([
        'curl',
        '-s',
        '--unix-socket',
        sock,
        '-H',
        'content-type: application/json',
        '-d',
        JSON.stringify({ keys: [`desktop:${item.id}`] }),
        'http://k/v1/run/inbox/ack',
      ]);
      const after = JSON.parse((await sh(['curl', '-s', '--unix-socket', sock, 'http://k/v1/run/inbox'])).stdout) as {
        items: unknown[];
      };
      expect(after.items).toEqual([]);

      await waitUntil(() => events.filter((e) => e.type === 'desktop.lease').length >= 2);
      const changes = events.filter((e) => e.type === 'desktop.lease').map((e) => [e.change, e.lease?.owner ?? null]);
      expect(changes).toEqual([
        ['taken', 'alice'],
        ['released', null],
      ]);
      stream.close();
    },
    STABLE + 5_000 + 5_000 + 10_000 + MARGIN,
  );

  it(
    'keeps running across a kernel restart, adopted with a held lease’s freeze undone',
    async () => {
      await api('POST', `/api/v1/agents/${p.pid}/desktop/lease`, { owner: 'dave', ttlSeconds: 300 });
      const frozenAt = ticks();
      await restartKernel({ timeoutMs: 30_000 });
      await waitDesktopReady(p.pid);
      expect((await api('GET', `/api/v1/agents/${p.pid}/desktop/lease`)).body.lease).toBeNull();
      await waitUntil(() => ticks() > frozenAt + 3, 10_000);
      const c = await viewer(p.pid);
      clients.push(c);
      expect(nonBackground((await c.frame()).pixels)).toBeGreaterThan(20_000);
    },
    30_000 + READY + 10_000 + MARGIN,
  );

  it(
    'gives the agent screenshots and input on its own display through its kernel socket',
    async () => {
      const sock = `/run/aether/sockets/p${p.pid}/kernel.sock`;
      const curl = async (args: string[]) =>
        JSON.parse((await sh(['curl', '-s', '--unix-socket', sock, ...args])).stdout) as Record<string, unknown>;
      const shot = await curl(['http://k/v1/desktop/screenshot']);
      expect([shot.width, shot.height, shot.mediaType]).toEqual([1280, 800, 'image/png']);
      const observer = await viewer(p.pid);
      clients.push(observer);
      const before = await stableFrame(observer);
      const spot = uniformSpot(before);
      const original = patch(before, spot.x, spot.y);
      const moved = await curl([
        '-H',
        'content-type: application/json',
        '-d',
        JSON.stringify({ action: 'move', x: spot.x + 4, y: spot.y + 4 }),
        'http://k/v1/desktop/input',
      ]);
      expect(moved).toEqual({ ok: true });
      await waitUntil(async () => patch(await observer.frame(), spot.x, spot.y).some((c, i) => c !== original[i]), 5000);
      const bad = await curl([
        '-H',
        'content-type: application/json',
        '-d',
        JSON.stringify({ action: 'key', keys: 'no-such-key' }),
        'http://k/v1/desktop/input',
      ]);
      expect((bad.error as { code: string }).code).toBe('VALIDATION_FAILED');
      // Every viewer above passed the admin token in its URL: the kernel's log must not hold it.
      const journal = (await sh(['journalctl', '-u', 'aether-kernel', '--no-pager', '-o', 'cat'])).stdout;
      expect(journal).toMatch(/desktop\/vnc\?token=\[redacted\]/);
      expect(journal).not.toContain(machine().token);
    },
    STABLE + 5_000 + MARGIN,
  );
});
