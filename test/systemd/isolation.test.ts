import { describe, expect, it } from 'vitest';
import { spawn, waitForFile, waitForState } from './client.js';

describe('isolation: agent code is hostile', () => {
  it('sees only its own processes, no network, no kernel state, no other home', async () => {
    const victim = await spawn({ name: 'victim-home', command: ['/bin/sh', '-c', 'echo secret > secret; sleep 600'] });
    await waitForFile(victim.agent.id, 'secret');
    const probe = [
      'ps -e -o pid=,comm= > ps.txt',
      'ls /sys/class/net > links.txt 2>&1',
      'cat /var/lib/aether/admin.token > token.txt 2>&1; echo "rc=$?" >> token.txt',
      `cat /var/lib/aether/homes/${victim.agent.id}/secret > other.txt 2>&1; echo "rc=$?" >> other.txt`,
      'ls /home > home.txt 2>&1',
      'touch /etc/owned > etc.txt 2>&1; echo "rc=$?" >> etc.txt',
      'echo done > done',
    ].join('; ');
    const spy = await spawn({ name: 'spy', command: ['/bin/sh', '-c', probe] });
    await waitForFile(spy.agent.id, 'done');
    const read = (f: string) => waitForFile(spy.agent.id, f);

    // PID namespace: tini is PID 1, the shell its child; nothing from the host or the victim shows.
    const ps = (await read('ps.txt'))
      .trim()
      .split('\n')
      .map((l) => l.trim());
    expect(ps[0]).toBe('1 tini');
    expect(ps[1]).toBe('2 sh');
    expect(ps.join('\n')).not.toMatch(/sleep|systemd|node/);
    // Network "none": loopback only.
    expect((await read('links.txt')).trim()).toBe('lo');
    // The kernel's state and other agents' homes are out of reach; the system is read-only.
    expect(await read('token.txt')).toMatch(/Permission denied[\s\S]*rc=1/);
    expect(await read('other.txt')).toMatch(/(Permission denied|No such file)[\s\S]*rc=1/);
    expect((await read('home.txt')).trim()).toBe('agent');
    expect(await read('etc.txt')).toMatch(/Read-only file system[\s\S]*rc=1/);

    await waitForState(spy.pid, ['exited']);
  });

  it('gives host networking only when asked', async () => {
    const p = await spawn({ name: 'netter', network: 'host', command: ['/bin/sh', '-c', 'ls /sys/class/net > links.txt 2>&1'] });
    await waitForState(p.pid, ['exited']);
    const links = await waitForFile(p.agent.id, 'links.txt');
    // The machine's own interfaces (more than loopback) are visible with host networking.
    expect(links.trim().split('\n').length).toBeGreaterThan(1);
  });
});
