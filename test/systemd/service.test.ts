import { describe, expect, it } from 'vitest';
import { api, get, sh, spawn, waitUntil } from './client.js';

async function show(unit: string, ...props: string[]): Promise<Record<string, string>> {
  const out = await sh(['systemctl', 'show', unit, ...props.flatMap((p) => ['-p', p])]);
  return Object.fromEntries(
    out.stdout
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('the kernel as a systemd service', () => {
  it('is a Type=notify service that reported READY, a status line and a watchdog', async () => {
    const s = await show('aether-kernel.service', 'Type', 'ActiveState', 'SubState', 'StatusText', 'WatchdogUSec', 'NRestarts');
    expect(s).toMatchObject({ Type: 'notify', ActiveState: 'active', SubState: 'running' });
    expect(s.WatchdogUSec).not.toBe('0');
    expect(s.StatusText).toMatch(/^serving http:\/\/127\.0\.0\.1:\d+; \d+ agents live$/);
  });

  it('stops cleanly on SIGTERM without taking agents down, and finds them again', async () => {
    const p = await spawn({ name: 'outlives-kernel', command: ['/bin/sleep', '600'] });
    await sh(['systemctl', 'stop', 'aether-kernel.service']);
    const stopped = await show('aether-kernel.service', 'ActiveState', 'Result');
    expect(stopped).toMatchObject({ ActiveState: 'inactive', Result: 'success' });
    expect((await show(`aether-p${p.pid}.service`, 'SubState')).SubState).toBe('running');

    await sh(['systemctl', 'start', 'aether-kernel.service']); // returns once READY=1 arrived
    expect((await get(p.pid)).state).toBe('running');
    expect((await api('DELETE', `/api/v1/agents/${p.pid}`)).body.state).toBe('killed');
  });

  it('refuses to start on an invalid configuration, naming the key', async () => {
    await sh(['sh', '-c', 'echo AETHER_API_PROT=1 >> /etc/aether/environment']);
    try {
      await sh(['systemctl', 'restart', 'aether-kernel.service'], true);
      // The refusal reaches the journal as the failed start ends: wait for it, not for a guessed moment.
      const refused = async () =>
        (await sh(['journalctl', '-u', 'aether-kernel.service', '-n', '50', '--no-pager', '-o', 'cat'])).stdout.includes(
          'CONFIG_INVALID: Unknown environment variable AETHER_API_PROT',
        );
      await waitUntil(refused, 15_000);
    } finally {
      await sh(['sed', '-i', '/AETHER_API_PROT/d', '/etc/aether/environment']);
      await sh(['systemctl', 'reset-failed', 'aether-kernel.service'], true);
      await sh(['systemctl', 'restart', 'aether-kernel.service']);
    }
    expect((await api('GET', '/health')).status).toBe(200);
  });
});
