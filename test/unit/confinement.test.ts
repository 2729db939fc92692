import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LaunchSpec } from '../../kernel-service/src/sandbox/driver.js';
import { plain } from '../../kernel-service/src/sandbox/systemd/bus.js';
import { LAUNCHER, SpawnFiles } from '../../kernel-service/src/sandbox/systemd/spawn.js';
import { INIT, mainUnitProperties } from '../../kernel-service/src/sandbox/systemd/units.js';

const SECRET = 'unit-test-secret-4711';

function spec(overrides: Partial<LaunchSpec> = {}): LaunchSpec {
  return {
    pid: 42,
    agent: { id: 'agt_x', name: 'victim', uid: 200_042, home: '/var/lib/aether/homes/agt_x' },
    command: ['/bin/sh', '-c', `echo ${SECRET}`, `--token=${SECRET}`],
    environment: { API_TOKEN: SECRET },
    limits: { memoryMax: 1, cpuQuota: 1, tasksMax: 1 },
    network: 'none',
    kernelSocketDir: '/run/aether/sockets/p42',
    ...overrides,
  };
}

const opts = {
  slice: 'aether-p42.slice',
  hiddenPaths: ['/var/lib/aether'],
  stopGraceMs: 1000,
  credential: '/run/aether/spawn/aether-p42.service',
};

describe('systemd units publish nothing the caller gave', () => {
  it('keeps command, arguments and environment out of every property; the launcher reads the credential', () => {
    const props = Object.fromEntries(mainUnitProperties(spec(), opts).map(([k, v]) => [k, plain(v)]));
    expect(JSON.stringify(props)).not.toContain(SECRET);
    expect(props.ExecStart).toEqual([[INIT, [INIT, '--', ...LAUNCHER], false]]);
    expect(props.LoadCredential).toEqual([['spawn', opts.credential]]);
    expect(props.Description).toBe('Aether process 42 (victim)');
    expect(props.Environment).toContain('AETHER_AGENT=victim');
    // The other channels of issue #13: IPC, cgroups, the host's /run.
    expect(props.PrivateIPC).toBe(true);
    expect(props.ProtectControlGroupsEx).toBe('strict');
    expect(props.TemporaryFileSystem).toEqual([['/run', 'mode=0755,nosuid,nodev,noexec']]);
  });

  it('writes root-only credentials that the launcher turns back into the exact argv and environment', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'aether-spawn-')), 'spawn');
    const files = new SpawnFiles(dir);
    const tricky = 'it\'s $HOME `id` "q" \\ end';
    const path = files.write('aether-p1.service', ['/bin/sh', '-c', 'printf "%s|%s|%s" "$A" "$0" "$1"', tricky, 'two words'], {
      A: tricky,
    });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // As systemd does: the file becomes "spawn" in the unit's credential directory.
    const credentials = mkdtempSync(join(tmpdir(), 'aether-cred-'));
    copyFileSync(path, join(credentials, 'spawn'));
    const out = execFileSync(LAUNCHER[0]!, LAUNCHER.slice(1), { env: { CREDENTIALS_DIRECTORY: credentials }, encoding: 'utf8' });
    expect(out).toBe(`${tricky}|${tricky}|two words`);
    files.consumed('aether-p1.service');
    expect(existsSync(path)).toBe(false);
  });

  it("keeps a main unit's caller environment for its companions until the sandbox is destroyed", () => {
    const files = new SpawnFiles(join(mkdtempSync(join(tmpdir(), 'aether-spawn-')), 'spawn'));
    expect(files.environmentOf('aether-p2.service')).toEqual({});
    files.record('aether-p2.service', { API_TOKEN: SECRET });
    expect(files.environmentOf('aether-p2.service')).toEqual({ API_TOKEN: SECRET });
    files.forget('aether-p2.service');
    expect(files.environmentOf('aether-p2.service')).toEqual({});
  });

  it('sweeps what a dead kernel left: every credential, and the records of units that are gone', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'aether-spawn-')), 'spawn');
    const files = new SpawnFiles(dir);
    files.sweep(new Set()); // no directory yet: nothing to do
    files.record('aether-p3.service', { A: '1' });
    files.record('aether-p4.service', { A: '2' });
    const left = files.write('aether-p3.service', ['/bin/true'], {});
    files.sweep(new Set(['aether-p3.service']));
    expect(existsSync(left)).toBe(false);
    expect(files.environmentOf('aether-p3.service')).toEqual({ A: '1' });
    expect(files.environmentOf('aether-p4.service')).toEqual({});
  });
});
