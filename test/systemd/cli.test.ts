/**
 * The `aether` admin CLI as a subprocess (node kernel-service/dist/cli/aether.js) and the SDK
 * against the real kernel in the machine: run → ps → logs → exec (exit code passed through) →
 * cp both ways → pause/resume → kill → rm, exit statuses 2 for bad usage and 1 (with the code)
 * for a refusal. The SDK's happy path closes the file.
 */
import { spawn as spawnProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Aether } from '../../kernel-service/sdk/src/index.js';
import { REPO } from '../machine/machine.js';
import { api, machine, sh, waitForState, waitUntil } from './client.js';

const CLI = join(REPO, 'kernel-service', 'dist', 'cli', 'aether.js');
const home = mkdtempSync(join(tmpdir(), 'aether-cli-home-'));
const started: number[] = [];

function aether(args: string[], input?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnProcess(process.execPath, [CLI, ...args], {
      // HOME without a profile and no local kernel: only the URL and token below name the kernel.
      env: { PATH: process.env.PATH, HOME: home, AETHER_URL: machine().url, AETHER_TOKEN: machine().token },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

async function runPid(args: string[]): Promise<number> {
  const r = await aether(['run', ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^\d+\n$/);
  const pid = Number(r.stdout);
  started.push(pid);
  return pid;
}

afterAll(async () => {
  for (const pid of started) await api('DELETE', `/api/v1/agents/${pid}`);
});

describe('aether CLI against the kernel', () => {
  it('run → ps → logs → exec → cp both ways → pause/resume → kill → rm', async () => {
    const pid = await runPid([
      '--name',
      'cli-demo',
      '--memory',
      '256M',
      '--cpus',
      '0.5',
      '--label',
      'suite=cli',
      '--',
      '/bin/sh',
      '-c',
      // One journal stream on systemd: a line at warning priority ("<4>") is what logs reports as stderr.
      'echo hello-out; echo "<4>hello-err" >&2; exec sleep 600',
    ]);
    await waitForState(pid, ['running']);

    const ps = await aether(['ps']);
    expect(ps.status).toBe(0);
    expect(ps.stdout).toMatch(
      new RegExp(`^${pid}\\s+cli-demo\\s+running\\s+systemd\\s+none\\s+\\d+s\\s+suite=cli\\s+/bin/sh -c`, 'm'),
    );
    const labelled = JSON.parse((await aether(['ps', '-l', 'suite=cli', '-o', 'json'])).stdout) as { pid: number }[];
    expect(labelled.map((p) => p.pid)).toEqual([pid]);
    expect(labelled[0]).toMatchObject({ limits: { memoryMax: 256 * 1024 ** 2, cpuQuota: 50 }, labels: { suite: 'cli' } });
    // Control: another label selects nothing.
    expect(JSON.parse((await aether(['ps', '-l', 'suite=other', '-o', 'json'])).stdout)).toEqual([]);

    let logs = await aether(['logs', String(pid)]);
    await waitUntil(async () => {
      logs = await aether(['logs', String(pid)]);
      return logs.stdout.includes('hello-out') && logs.stderr.includes('hello-err');
    }, 15_000);
    expect(logs.status).toBe(0);
    expect(logs.stdout).toBe('hello-out\n');
    expect(logs.stderr).toBe('hello-err\n');

    const ex = await aether(['exec', String(pid), '--', '/bin/sh', '-c', 'id -u; pwd; echo oops >&2; exit 3']);
    expect(ex.status).toBe(3);
    const [uid, cwd] = ex.stdout.trim().split('\n');
    expect(Number(uid)).toBeGreaterThan(0);
    expect(cwd).toMatch(/^\/var\/lib\/aether\/homes\/|^\/home\//);
    expect(ex.stderr).toBe('oops\n');
    const piped = await aether(['exec', '-i', String(pid), '--', '/bin/cat'], 'through stdin\n');
    expect(piped).toMatchObject({ status: 0, stdout: 'through stdin\n' });

    // -t: through a terminal (the terminals WebSocket API); without a tty here, no raw mode, same exit code.
    const tty = await aether(['exec', '-t', String(pid), '--', '/bin/sh', '-c', 'test -t 1 && echo on-a-tty; exit 4']);
    expect(tty.status).toBe(4);
    expect(tty.stdout).toContain('on-a-tty');

    // cp: a file and a folder into the home, then back out; the agent sees them (exec cat) as its own.
    const local = mkdtempSync(join(tmpdir(), 'aether-cp-'));
    writeFileSync(join(local, 'note.txt'), 'a note\n');
    mkdirSync(join(local, 'data', 'deep'), { recursive: true });
    writeFileSync(join(local, 'data', 'deep', 'x.csv'), '1,2,3\n');
    expect((await aether(['cp', join(local, 'note.txt'), `${pid}:inbox/note.txt`])).status).toBe(0);
    expect((await aether(['cp', join(local, 'data'), `${pid}:inbox/`])).status).toBe(0);
    const seen = await aether([
      'exec',
      String(pid),
      '--',
      '/bin/sh',
      '-c',
      'cat inbox/note.txt inbox/data/deep/x.csv; stat -c %u inbox/note.txt; id -u',
    ]);
    expect(seen.stdout).toMatch(/^a note\n1,2,3\n(\d+)\n\1\n$/);
    const out = join(local, 'back');
    mkdirSync(out);
    expect((await aether(['cp', `${pid}:inbox/note.txt`, join(out, 'note-copy.txt')])).status).toBe(0);
    expect(readFileSync(join(out, 'note-copy.txt'), 'utf8')).toBe('a note\n');
    expect((await aether(['cp', `${pid}:inbox/data`, out])).status).toBe(0);
    expect(readFileSync(join(out, 'data', 'deep', 'x.csv'), 'utf8')).toBe('1,2,3\n');
    const missing = await aether(['cp', `${pid}:no/such/file`, join(out, 'nothing')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^aether: FILE_NOT_FOUND: /);

    expect((await aether(['pause', String(pid)])).status).toBe(0);
    expect((await aether(['inspect', String(pid)])).stdout).toMatch(/^state:\s+paused$/m);
    const onPaused = await aether(['exec', String(pid), '--', '/bin/true']);
    expect(onPaused.status).toBe(1);
    expect(onPaused.stderr).toMatch(/^aether: PROCESS_PAUSED: .*\n {2}hint: /);
    expect((await aether(['resume', String(pid)])).status).toBe(0);
    expect(JSON.parse((await aether(['inspect', String(pid), '-o', 'json'])).stdout).state).toBe('running');

    // rm refuses a live process without -f (nothing is stopped)…
    const rmLive = await aether(['rm', String(pid)]);
    expect(rmLive.status).toBe(1);
    expect((await api('GET', `/api/v1/agents/${pid}`)).body.state).toBe('running');
    expect((await aether(['kill', '-s', 'TERM', String(pid)])).status).toBe(0);
    const ended = await waitForState(pid, ['killed', 'exited']);
    expect(ended.exit?.signal).toBe('SIGTERM');
    // …the logs of an ended process stay readable; rm of it is fine.
    expect((await aether(['logs', String(pid)])).stdout).toBe('hello-out\n');
    expect((await aether(['rm', String(pid)])).status).toBe(0);
    expect((await aether(['ps'])).stdout).not.toMatch(new RegExp(`^${pid}\\s`, 'm'));
    expect((await aether(['ps', '-a'])).stdout).toMatch(new RegExp(`^${pid}\\s+cli-demo\\s+killed`, 'm'));
  });

  it('logs -f streams until the process ends; rm -f stops a live one', async () => {
    const pid = await runPid(['--name', 'cli-follow', '--', '/bin/sh', '-c', 'for i in 1 2 3; do echo line-$i; sleep 0.5; done']);
    const follow = await aether(['logs', '-f', String(pid)]);
    expect(follow.status).toBe(0);
    expect(follow.stdout).toBe('line-1\nline-2\nline-3\n');
    const live = await runPid(['--name', 'cli-rmf', '--', '/bin/sleep', '600']);
    await waitForState(live, ['running']);
    expect((await aether(['rm', '-f', String(live)])).status).toBe(0);
    expect((await api('GET', `/api/v1/agents/${live}`)).body.state).toMatch(/^(killed|exited)$/);
  });

  it('bad usage exits 2, a refusal exits 1 with the code and hint', async () => {
    for (const args of [['run'], ['exec', 'x', '--', 'true'], ['logs'], ['run', '--memory', 'lots', '--', '/bin/true']]) {
      const r = await aether(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^aether: /);
    }
    const r = await aether(['inspect', '999999']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^aether: PROCESS_NOT_FOUND: .*\n {2}hint: /);
    const noProgram = await aether(['run', '--', 'no-such-program-here']);
    expect(noProgram.status).toBe(1);
    expect(noProgram.stderr).toMatch(/^aether: COMMAND_NOT_FOUND: /);
  });
});

describe("the kernel's journal", () => {
  it('carries each line at its priority under the aether-kernel identifier (journalctl -p works)', async () => {
    const out = (
      await sh([
        'journalctl',
        '-u',
        'aether-kernel',
        '-o',
        'json',
        '--output-fields=MESSAGE,PRIORITY,SYSLOG_IDENTIFIER',
        '--no-pager',
      ])
    ).stdout;
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { MESSAGE?: string; PRIORITY?: string; SYSLOG_IDENTIFIER?: string })
      .filter((l) => typeof l.MESSAGE === 'string' && l.MESSAGE.startsWith('{"level":'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      const level = (JSON.parse(l.MESSAGE!) as { level: number }).level;
      // journald took the <N> prefix as the priority and stripped it (the message is the JSON alone).
      expect(l.PRIORITY, l.MESSAGE).toBe(String(level >= 60 ? 2 : level >= 50 ? 3 : level >= 40 ? 4 : level >= 30 ? 6 : 7));
      expect(l.SYSLOG_IDENTIFIER).toBe('aether-kernel');
    }
    // "aether kernel ready" is info: present without -p, absent with -p err (control).
    expect(lines.some((l) => l.MESSAGE!.includes('aether kernel ready'))).toBe(true);
    const errOnly = (await sh(['journalctl', '-u', 'aether-kernel', '-p', 'err', '--no-pager', '-o', 'cat'])).stdout;
    expect(errOnly).not.toContain('aether kernel ready');
  });
});

describe('the SDK against the kernel', () => {
  it('spawn → exec → files → logs → pause/resume → kill → wait', async () => {
    const aether = new Aether({ url: machine().url, token: machine().token });
    try {
      const agent = await aether.agents.spawn({
        name: 'sdk-demo',
        command: ['/bin/sh', '-c', 'echo started; exec sleep 600'],
        labels: { suite: 'sdk' },
      });
      started.push(agent.pid);
      await waitForState(agent.pid, ['running']);
      const r = await agent.exec(['/bin/sh', '-c', 'read x; echo "got $x"; exit 3'], { stdin: 'input\n' });
      expect(r).toMatchObject({ exitCode: 3, stdout: 'got input\n', timedOut: false });
      await agent.files.write('sdk/hello.txt', 'hi from the sdk');
      expect(await agent.files.readText('sdk/hello.txt')).toBe('hi from the sdk');
      expect((await agent.files.list('sdk')).entries.map((e) => e.name)).toEqual(['hello.txt']);
      await agent.files.remove('sdk', { recursive: true });
      await expect(agent.files.read('sdk/hello.txt')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', status: 404 });
      await waitUntil(async () => (await agent.logs()).entries.some((e) => e.text === 'started'), 15_000);
      expect((await agent.pause()).state).toBe('paused');
      await expect(agent.exec(['/bin/true'])).rejects.toMatchObject({ code: 'PROCESS_PAUSED', status: 409 });
      expect((await agent.resume()).state).toBe('running');
      await agent.kill('SIGTERM');
      expect((await agent.wait({ timeoutMs: 15_000 })).record.exit?.signal).toBe('SIGTERM');
    } finally {
      aether.close();
    }
  });
});
