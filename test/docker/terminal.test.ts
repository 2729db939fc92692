import { describe, expect, it } from 'vitest';
import type { TerminalChannel } from '../../kernel-service/src/sandbox/index.js';
import { TEST_UID, sh, sleep, spec, useDockerDriver, waitForFile, waitUntil } from './helpers.js';

const fx = useDockerDriver();

/** Collects what the terminal prints; `expectOutput` waits until a pattern shows up in it. */
function screen(t: TerminalChannel) {
  let out = '';
  t.onData((d) => (out += d.toString('utf8')));
  return {
    text: () => out,
    expectOutput: (re: RegExp) => waitUntil(`terminal output ${re}`, () => re.exec(out) ?? undefined),
  };
}

describe('Docker sandboxes: exec terminals', () => {
  it('round trip through a TTY as the agent, in its home; resize is seen by stty; the exit code comes back', async () => {
    const s = spec(sh('echo ready > ready; exec sleep 600'));
    const h = await fx.driver.launch(s);
    await waitForFile(s.agent.home, 'ready');

    const t = await fx.driver.openTerminal(h, { cols: 80, rows: 24 });
    const out = screen(t);
    t.write('stty size; id -u; pwd; tty; echo "sum=$((6*7))"\n');
    await out.expectOutput(/sum=42/);
    expect(out.text()).toMatch(/^24 80\r?$/m);
    expect(out.text()).toMatch(new RegExp(`^${TEST_UID}\\r?$`, 'm'));
    expect(out.text()).toMatch(/^\/home\/agent\r?$/m);
    expect(out.text()).toMatch(/^\/dev\/pts\/[0-9]+\r?$/m);

    // The resize is an API call of its own; ask until the TTY reports the new size.
    t.resize(132, 40);
    for (let i = 0; i < 20 && !/^40 132\r?$/m.test(out.text()); i++) {
      t.write('stty size\n');
      await sleep(200);
    }
    expect(out.text()).toMatch(/^40 132\r?$/m);

    const code = new Promise<number | null>((resolve) => t.onExit(resolve));
    t.write('exit 3\n');
    await expect(code).resolves.toBe(3);
    await h.destroy();
  });

  it('runs a given command with extra environment, and close() hangs it up', async () => {
    const s = spec(sh('echo ready > ready; exec sleep 600'));
    const h = await fx.driver.launch(s);
    await waitForFile(s.agent.home, 'ready');
    const t = await fx.driver.openTerminal(h, {
      cols: 100,
      rows: 30,
      command: ['/bin/sh', '-c', 'echo "v=$GREETING term=$TERM"; exec sleep 600'],
      env: { GREETING: 'hello' },
    });
    const out = screen(t);
    await out.expectOutput(/v=hello term=xterm-256color/);
    const code = new Promise<number | null>((resolve) => t.onExit(resolve));
    t.close();
    // SIGHUP ended the sleep: 128 + 1.
    await expect(code).resolves.toBe(129);
    await h.destroy();
  });

  it('a terminal in an ended sandbox is SANDBOX_OPERATION_FAILED', async () => {
    const h = await fx.driver.launch(spec(['/bin/true']));
    await h.exited;
    await expect(fx.driver.openTerminal(h, { cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'SANDBOX_OPERATION_FAILED' });
    await h.destroy();
  });
});
