import { describe, expect, it } from 'vitest';
import { api, homeFile, restartKernel, sh, spawn, waitForFile, waitForState, waitUntil } from './client.js';

/** What an agent sees of its own identity: name, number, and the owner names of a file it made. */
const WHOAMI = 'id -un > who.tmp; id -u >> who.tmp; id -gn >> who.tmp; touch mine; ls -l mine >> who.tmp; mv who.tmp who';

async function identityOf(name: string): Promise<{ pid: number; agentId: string; user: string; uid: number; lines: string[] }> {
  const p = await spawn({ name, command: ['/bin/sh', '-c', `rm -f who; ${WHOAMI}`] });
  await waitForState(p.pid, ['exited']);
  const lines = (await waitForFile(p.agent.id, 'who')).trim().split('\n');
  expect(lines).toHaveLength(4);
  return { pid: p.pid, agentId: p.agent.id, user: lines[0]!, uid: Number(lines[1]), lines };
}

const userdbFiles = async () => (await sh(['ls', '/etc/userdb'], true)).stdout.split('\n').filter(Boolean);
const inPasswd = async (user: string) => (await sh(['getent', '-s', 'files', 'passwd', user], true)).code === 0;

describe('agent identities without useradd', () => {
  it('resolve by name inside the sandbox and in the unit, from userdb records, across a kernel restart', async () => {
    const first = await identityOf('ident-new');
    expect(first.user).toBe(`aether-u${first.uid}`);
    expect(first.uid).toBeGreaterThan(200_000);
    expect(first.lines[2]).toBe(first.user);
    // ls -l prints names, not numbers: the sandbox resolves the record too.
    expect(first.lines[3]).toMatch(new RegExp(`^-\\S+ 1 ${first.user} ${first.user} 0 `));
    // The record is a userdb drop-in, not an /etc/passwd line (control: root is in /etc/passwd).
    expect(await userdbFiles()).toEqual(
      expect.arrayContaining([`${first.user}.user`, `${first.uid}.user`, `${first.user}.group`]),
    );
    expect(await inPasswd(first.user)).toBe(false);
    expect(await inPasswd('root')).toBe(true);
    // Resolvable on the host side by name and number, for tools like ls and ps.
    expect((await sh(['getent', 'passwd', String(first.uid)])).stdout).toContain(`${first.user}:x:${first.uid}:${first.uid}:`);

    // A kernel restart forgets what it ensured in memory; the record and the UID stay.
    const before = (await api('GET', '/api/v1/system')).body.startedAt as string;
    await sh(['systemctl', 'kill', '--signal=SIGKILL', 'aether-kernel.service']);
    await waitUntil(async () => {
      const now = await api('GET', '/api/v1/system').catch(() => null);
      return now?.status === 200 && now.body.startedAt !== before;
    }, 30_000);
    const again = await identityOf('ident-new');
    expect(again.agentId).toBe(first.agentId);
    expect(again.uid).toBe(first.uid);
    expect(again.user).toBe(first.user);
    const unit = await sh(['systemctl', 'show', '-p', 'User', `aether-p${again.pid}.service`], true);
    // The unit may be gone already (the kernel removes ended units); when it is there it names the user.
    if (unit.stdout.includes('User=a')) expect(unit.stdout.trim()).toBe(`User=${first.user}`);
  });

  it('keeps agents whose user an older kernel made with useradd working, with no record written for them', async () => {
    const legacy = await identityOf('ident-legacy');
    // Turn its user into what a kernel before userdb left: an /etc/passwd user, no drop-in.
    await restartKernel({
      meanwhile: async () => {
        await sh(['sh', '-c', `rm -f /etc/userdb/${legacy.user}.* /etc/userdb/${legacy.uid}.*`]);
        await sh(['groupadd', '--gid', String(legacy.uid), legacy.user]);
        await sh([
          'useradd',
          '--uid',
          String(legacy.uid),
          '--gid',
          String(legacy.uid),
          '--no-create-home',
          '--home-dir',
          '/home/agent',
          legacy.user,
        ]);
      },
      timeoutMs: 30_000,
    });
    expect(await inPasswd(legacy.user)).toBe(true);
    const after = await identityOf('ident-legacy');
    expect(after.uid).toBe(legacy.uid);
    expect(after.user).toBe(legacy.user);
    expect(after.lines[3]).toContain(` ${legacy.user} ${legacy.user} `);
    // Its files from before still belong to it (the home kept its owner).
    expect(homeFile(after.agentId, 'who')).toContain(legacy.user);
    expect((await userdbFiles()).filter((f) => f.startsWith(`${legacy.user}.`) || f.startsWith(`${legacy.uid}.`))).toEqual([]);
  });
});
