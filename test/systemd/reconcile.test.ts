import { describe, expect, it } from 'vitest';
import { api, get, sh, sleep, spawn, waitForFile } from './client.js';

async function kernelStartedAt(): Promise<string | null> {
  try {
    return (await api('GET', '/api/v1/system')).body?.startedAt ?? null;
  } catch {
    return null;
  }
}

describe('systemd owns the agents, not the kernel', () => {
  it('re-adopts live agents and records the real exit of those that ended while the kernel was down', async () => {
    const survivor = await spawn({
      name: 'survivor',
      command: ['/bin/sh', '-c', 'while :; do date +%s%N > beat; sleep 0.05; done'],
    });
    const doomed = await spawn({ name: 'doomed', command: ['/bin/sleep', '600'] });
    const frozen = await spawn({ name: 'frozen', command: ['/bin/sleep', '600'] });
    await api('POST', `/api/v1/agents/${frozen.pid}/pause`);
    await waitForFile(survivor.agent.id, 'beat');
    const before = await kernelStartedAt();

    await sh(['systemctl', 'kill', '--signal=SIGKILL', 'aether-kernel.service']);
    // While the kernel is dead: one agent is killed behind its back.
    await sh(['systemctl', 'kill', '--signal=SIGTERM', `aether-p${doomed.pid}.service`]);

    const deadline = Date.now() + 30_000;
    let after = await kernelStartedAt();
    while (after === null || after === before) {
      if (Date.now() > deadline) throw new Error('kernel did not come back');
      await sleep(100);
      after = await kernelStartedAt();
    }

    expect((await get(survivor.pid)).state).toBe('running');
    const d = await get(doomed.pid);
    expect(d.state).toBe('killed');
    expect(d.exit).toMatchObject({ signal: 'SIGTERM' });
    expect((await get(frozen.pid)).state).toBe('paused');

    // The re-adopted handles work: signals, resume and DELETE go through.
    expect((await api('POST', `/api/v1/agents/${frozen.pid}/resume`)).body.state).toBe('running');
    expect((await api('DELETE', `/api/v1/agents/${survivor.pid}`)).body.state).toBe('killed');
    expect((await api('DELETE', `/api/v1/agents/${frozen.pid}`)).body.state).toBe('killed');
  });
});
