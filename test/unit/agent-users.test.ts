import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ProcessRepository } from '../../kernel-service/src/agents/index.js';
import { agentUserName } from '../../kernel-service/src/sandbox/environment.js';
import { AgentUsers, nssHasSystemd } from '../../kernel-service/src/sandbox/systemd/users.js';
import { openDatabase } from '../../kernel-service/src/store/index.js';

const NSS_SYSTEMD = 'passwd:         files systemd\ngroup:          files systemd\nshadow: files\n';
const NSS_FILES = 'passwd: files\ngroup: files\n';

function scratch(passwd = 'root:x:0:0:root:/root:/bin/bash\n', nsswitch = NSS_SYSTEMD) {
  const dir = mkdtempSync(join(tmpdir(), 'aether-users-'));
  writeFileSync(join(dir, 'passwd'), passwd);
  writeFileSync(join(dir, 'nsswitch.conf'), nsswitch);
  const userdbDir = join(dir, 'userdb');
  const users = () => new AgentUsers({ userdbDir, passwdFile: join(dir, 'passwd'), nsswitchFile: join(dir, 'nsswitch.conf') });
  return { dir, userdbDir, users };
}

const record = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;

describe('agent users as userdb records', () => {
  it('chooses userdb only where nsswitch.conf asks nss-systemd for users and groups', () => {
    const { dir } = scratch();
    expect(nssHasSystemd(join(dir, 'nsswitch.conf'))).toBe(true);
    writeFileSync(join(dir, 'files'), NSS_FILES);
    expect(nssHasSystemd(join(dir, 'files'))).toBe(false);
    // A commented-out module does not count; nor does a missing file.
    writeFileSync(join(dir, 'commented'), 'passwd: files # systemd\ngroup: files systemd\n');
    expect(nssHasSystemd(join(dir, 'commented'))).toBe(false);
    expect(nssHasSystemd(join(dir, 'none'))).toBe(false);
    expect(scratch(undefined, NSS_FILES).users().method).toBe('useradd');
  });

  it('writes a user and a group record, with by-number symlinks, that name each other', async () => {
    const { userdbDir, users } = scratch();
    // The kernel unit's UMask=0077: the records must still be readable by the agent that resolves them.
    const umask = process.umask(0o077);
    try {
      await users().ensure(200_001);
    } finally {
      process.umask(umask);
    }
    const name = agentUserName(200_001);
    expect(record(userdbDir, `${name}.user`)).toEqual({
      userName: name,
      uid: 200_001,
      gid: 200_001,
      realName: 'Aether agent',
      homeDirectory: '/home/agent',
      shell: '/bin/sh',
    });
    expect(record(userdbDir, `${name}.group`)).toEqual({ groupName: name, gid: 200_001 });
    expect(readlinkSync(join(userdbDir, '200001.user'))).toBe(`${name}.user`);
    expect(readlinkSync(join(userdbDir, '200001.group'))).toBe(`${name}.group`);
    // Only the four files: no temporary left behind.
    expect(readdirSync(userdbDir).sort()).toEqual(['200001.group', '200001.user', `${name}.group`, `${name}.user`]);
    expect(lstatSync(join(userdbDir, `${name}.user`)).mode & 0o777).toBe(0o644);
    expect(lstatSync(join(userdbDir, `${name}.group`)).mode & 0o777).toBe(0o644);
    expect(lstatSync(userdbDir).mode & 0o777).toBe(0o755);
  });

  it('never gives two concurrent new agents one UID, and one agent spawned twice at once one user', async () => {
    const { userdbDir, users } = scratch();
    const repo = new ProcessRepository(openDatabase(':memory:'));
    // Two kernels' worth of writers on one directory (a restart overlapping the old kernel's last spawn).
    const writers = [users(), users()];
    const names = Array.from({ length: 40 }, (_, i) => `agent-${i % 20}`); // each name twice
    const agents = await Promise.all(
      names.map(async (name, i) => {
        await sleep(i % 3); // interleave the spawns
        const agent = repo.findOrCreateAgent(name, 200_000);
        await writers[i % 2]!.ensure(agent.uid);
        return agent;
      }),
    );
    const uidOf = new Map<string, Set<number>>();
    for (const a of agents) uidOf.set(a.name, (uidOf.get(a.name) ?? new Set()).add(a.uid));
    // Control: the same name always got the same UID...
    expect([...uidOf.values()].every((s) => s.size === 1)).toBe(true);
    // ...and different names never shared one.
    const uids = [...uidOf.values()].map((s) => [...s][0]!);
    expect(new Set(uids).size).toBe(20);
    for (const uid of uids) {
      expect(record(userdbDir, `${uid}.user`)).toMatchObject({ userName: agentUserName(uid), uid, gid: uid });
      expect(record(userdbDir, `${uid}.group`)).toMatchObject({ groupName: agentUserName(uid), gid: uid });
    }
    expect(readdirSync(userdbDir)).toHaveLength(80);
  });

  it('keeps a user that useradd made (an older kernel) and writes no record for it', async () => {
    const name = agentUserName(200_005);
    const { userdbDir, users } = scratch(`root:x:0:0::/root:/bin/sh\n${name}:x:200005:200005:Aether agent:/home/agent:/bin/sh\n`);
    await users().ensure(200_005);
    expect(() => readdirSync(userdbDir)).toThrow(/ENOENT/);
    // Control: the next, new agent does get its records.
    await users().ensure(200_006);
    expect(readdirSync(userdbDir)).toContain(`${agentUserName(200_006)}.user`);
  });

  it('refuses a UID that another user of the host holds, and writes nothing', async () => {
    const { userdbDir, users } = scratch('root:x:0:0::/root:/bin/sh\nalice:x:200007:200007::/home/alice:/bin/sh\n');
    await expect(users().ensure(200_007)).rejects.toMatchObject({ code: 'SANDBOX_LAUNCH_FAILED' });
    expect(() => readdirSync(userdbDir)).toThrow(/ENOENT/);
    // Nor may the agent's name be taken by a different UID.
    const name = agentUserName(200_008);
    const other = scratch(`${name}:x:5000:5000::/:/bin/sh\n`);
    await expect(other.users().ensure(200_008)).rejects.toThrow(/UID 5000/);
  });
});
