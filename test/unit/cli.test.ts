/**
 * The `aether` admin CLI (kernel-service/src/cli): argument parsing, what it sends and prints,
 * exit statuses (0 ok, 1 refused with the code on stderr, 2 usage) and completion, driven through
 * runCli against the real API (buildApp) on a real port. Commands that need a sandbox (run, exec,
 * logs, cp) are driven as a subprocess against the real kernel in test/systemd/cli.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, runCli } from '../../kernel-service/src/cli/main.js';
import { parse } from '../../kernel-service/src/cli/admin/command.js';
import { spawnBody, psTable } from '../../kernel-service/src/cli/admin/processes.js';
import { age, bytes, duration, table } from '../../kernel-service/src/cli/admin/format.js';
import { exitStatus } from '../../kernel-service/src/cli/admin/io.js';
import { remoteSpec } from '../../kernel-service/src/cli/admin/cp.js';
import { bashCompletion } from '../../kernel-service/src/cli/admin/completion.js';
import { AGENT_COMMANDS } from '../../kernel-service/src/cli/agent/commands.js';
import { TOKEN, insertTestProcess, testKernel } from '../helpers/kernel.js';

const cmd = (name: string) => COMMANDS.find((c) => c.name === name)!;

async function cli(argv: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string | Uint8Array) => (stdout += String(s)) },
    stderr: { write: (s: string | Uint8Array) => (stderr += String(s)) },
    stdin: new PassThrough(),
    env: { HOME: mkdtempSync(join(tmpdir(), 'aether-home-')), ...env },
  };
  io.stdin.end();
  const status = await runCli(argv, io);
  return { status, stdout, stderr };
}

describe('argument parsing', () => {
  it('exec: options before the pid, the program argv after it (with or without --) untouched', () => {
    expect(parse(cmd('exec'), ['-i', '7', '--', 'ls', '-la'])).toMatchObject({ args: ['7'], program: ['ls', '-la'] });
    expect(parse(cmd('exec'), ['7', 'sh', '-c', 'exit 3'])).toMatchObject({ args: ['7'], program: ['sh', '-c', 'exit 3'] });
    expect(parse(cmd('exec'), ['-it', '7', 'bash']).values).toMatchObject({ interactive: true, tty: true });
    expect(parse(cmd('exec'), ['--timeout', '5', '7', 'true'])).toMatchObject({ values: { timeout: '5' }, args: ['7'] });
  });

  it('run: the spawn body from docker-like options', () => {
    const { values, program } = parse(cmd('run'), [
      '--name',
      'web',
      '--network',
      'none',
      '--memory',
      '256m',
      '--cpus',
      '0.5',
      '-l',
      'team=a',
      '--label',
      'env=dev',
      '--ttl',
      '1h30m',
      '--driver',
      'systemd',
      '-e',
      'A=1',
      '--',
      '/bin/sh',
      '-c',
      'exit 3',
    ]);
    expect(spawnBody(values, program)).toEqual({
      name: 'web',
      command: ['/bin/sh', '-c', 'exit 3'],
      network: 'none',
      limits: { memoryMax: '256M', cpuQuota: 50 },
      labels: { team: 'a', env: 'dev' },
      environment: { A: '1' },
      ttlSeconds: 5400,
      sandbox: { driver: 'systemd' },
    });
    expect(spawnBody({}, ['/usr/bin/sleep', '60'])).toEqual({ name: 'sleep', command: ['/usr/bin/sleep', '60'] });
    expect(spawnBody({ goal: 'tidy the home' }, [])).toEqual({ name: 'agent', goal: 'tidy the home' });
  });

  it.each([
    [['--memory', 'lots', '--', 'true'], /--memory/],
    [['--cpus=-1', '--', 'true'], /--cpus/],
    [['--cpus', '0', '--', 'true'], /--cpus/],
    [['--ttl', 'soon', '--', 'true'], /--ttl/],
    [['--network', 'bridge', '--', 'true'], /--network/],
    [['--label', 'novalue', '--', 'true'], /key=value/],
    [[], /a program to run/],
    [['--goal', 'x', '--', 'true'], /not both/],
  ])('run %j is a usage error', (argv, message) => {
    const { values, program } = parse(cmd('run'), argv);
    expect(() => spawnBody(values, program)).toThrow(message);
  });

  it('cp: PID:path on either side', () => {
    expect(remoteSpec('12:notes/a.txt')).toEqual({ pid: 12, path: 'notes/a.txt' });
    expect(remoteSpec('12:')).toEqual({ pid: 12, path: '/' });
    expect(remoteSpec('./12:x')).toBeNull();
    expect(remoteSpec('/tmp/a')).toBeNull();
  });

  it('exec exit status: the code, 128+signal, 124 for a timeout', () => {
    expect(exitStatus({ exitCode: 3, signal: null, timedOut: false })).toBe(3);
    expect(exitStatus({ exitCode: null, signal: 'SIGKILL', timedOut: false })).toBe(137);
    expect(exitStatus({ exitCode: null, signal: 'SIGKILL', timedOut: true })).toBe(124);
  });
});

describe('output formatting', () => {
  it('tables pad every column but the last', () => {
    expect(
      table(
        ['A', 'LONGER'],
        [
          ['1', 'x'],
          ['22', 'y y'],
        ],
      ),
    ).toBe('A   LONGER\n1   x\n22  y y');
  });
  it('ages, sizes and durations', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(age('2026-01-01T11:59:30Z', now)).toBe('30s');
    expect(age('2026-01-01T11:00:00Z', now)).toBe('60m');
    expect(age('2025-12-30T12:00:00Z', now)).toBe('2d');
    expect(age(null, now)).toBe('-');
    expect(bytes(268435456)).toBe('256M');
    expect(bytes(1536)).toBe('1.5K');
    expect(duration('90', '--ttl')).toBe(90);
    expect(duration('2d', '--ttl')).toBe(172_800);
    expect(() => duration('1x', '--ttl')).toThrow(/duration/);
  });
});

describe('completion', () => {
  it('bash: valid syntax, completes command names and each command’s flags', () => {
    const script = bashCompletion(COMMANDS, [...AGENT_COMMANDS]);
    const complete = (words: string[]) =>
      execFileSync('bash', [
        '-c',
        `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _aether; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ])
        .toString()
        .trim()
        .split('\n');
    expect(complete(['aether', 'ex'])).toEqual(expect.arrayContaining(['exec']));
    expect(complete(['aether', 're'])).toEqual(
      expect.arrayContaining(['resume', 'recv', 'recall', 'remember', 'reply', 'request']),
    );
    expect(complete(['aether', 'run', '--me'])).toEqual(['--memory']);
    expect(complete(['aether', 'logs', '--f'])).toEqual(['--follow']);
    expect(complete(['aether', 'completion', ''])).toEqual(['bash', 'zsh']);
  });

  it('zsh: the script parses (when zsh is installed) and names every command', async () => {
    const { status, stdout } = await cli(['completion', 'zsh'], {});
    expect(status).toBe(0);
    for (const c of COMMANDS) expect(stdout).toContain(`'${c.name}:`);
    if (existsSync('/usr/bin/zsh')) execFileSync('zsh', ['-n'], { input: stdout });
    expect((await cli(['completion', 'fish'], {})).status).toBe(2);
  });
});

describe('against the API', () => {
  let k: Awaited<ReturnType<typeof testKernel>>;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    k = await testKernel();
    env = { AETHER_URL: await k.app.listen({ host: '127.0.0.1', port: 0 }), AETHER_TOKEN: TOKEN };
  });
  afterAll(async () => {
    await k.app.close();
  });

  it('ps lists processes as a table and as JSON', async () => {
    const pid = insertTestProcess(k.repo, 'cli-listed');
    const table = await cli(['ps'], env);
    expect(table.status).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^PID\s+NAME\s+STATE\s+DRIVER\s+NETWORK\s+AGE\s+LABELS\s+COMMAND$/);
    expect(table.stdout).toMatch(
      new RegExp(`^${pid}\\s+cli-listed\\s+created\\s+none\\s+none\\s+\\d+s\\s+-\\s+aether-agent$`, 'm'),
    );
    const json = await cli(['ps', '-a', '-o', 'json'], env);
    expect(JSON.parse(json.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ pid, state: 'created' })]));
  });

  it('ps hides ended processes unless -a', async () => {
    const pid = insertTestProcess(k.repo, 'cli-ended');
    k.db.prepare("UPDATE processes SET state = 'exited' WHERE pid = ?").run(pid);
    expect((await cli(['ps'], env)).stdout).not.toMatch(new RegExp(`^${pid}\\s`, 'm'));
    expect((await cli(['ps', '-a'], env)).stdout).toMatch(new RegExp(`^${pid}\\s+cli-ended\\s+exited`, 'm'));
  });

  it('inspect prints the record; -o json the whole of it', async () => {
    const pid = insertTestProcess(k.repo, 'cli-inspected');
    const human = await cli(['inspect', String(pid)], env);
    expect(human.stdout).toMatch(/^agent:\s+cli-inspected \(/m);
    expect(human.stdout).toMatch(/^limits:\s+memory 1\.0G, cpu 100%, tasks 100$/m);
    const json = JSON.parse((await cli(['inspect', String(pid), '-o', 'json'], env)).stdout);
    expect(json).toMatchObject({ pid, agent: { name: 'cli-inspected' } });
  });

  it('a refusal exits 1 with the code and hint on stderr', async () => {
    const r = await cli(['inspect', '999999'], env);
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toMatch(/^aether: PROCESS_NOT_FOUND: .*\n {2}hint: /);
    const pause = await cli(['pause', String(insertTestProcess(k.repo, 'cli-never-ran'))], env);
    expect(pause.status).toBe(1);
    expect(pause.stderr).toMatch(/^aether: [A-Z_]+: /);
  });

  it('rm refuses a live process without -f, before asking the kernel to stop it', async () => {
    const pid = insertTestProcess(k.repo, 'cli-rm');
    const r = await cli(['rm', String(pid)], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/rm -f/);
    expect(k.repo.get(pid)?.state).toBe('created');
  });

  it.each([
    [['ps', 'extra']],
    [['kill']],
    [['logs', 'abc']],
    [['inspect', '1', '-o', 'yaml']],
    [['frobnicate']],
    [['ps', '--bogus']],
    [['exec', '5']],
    [['run']],
    [['approve', 'x']],
    [['events', '--after', 'x']],
  ])('bad usage %j exits 2 without calling the kernel', async (argv) => {
    let requests = 0;
    const count = () => requests++;
    k.app.server.on('request', count);
    const r = await cli(argv, env);
    k.app.server.off('request', count);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^aether: /);
    expect(requests).toBe(0);
  });

  it('no kernel configured is a usage error naming what to set', async () => {
    const r = await cli(['ps'], { AETHER_STATE_DIR: mkdtempSync(join(tmpdir(), 'no-state-')) });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/AETHER_URL.*aether login/);
  });

  it('login checks the token, writes a 0600 profile that later commands use; a wrong token writes nothing', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aether-login-'));
    const profile = join(home, '.config', 'aether', 'config.json');
    const wrong = await cli(['login', env.AETHER_URL!, '--token', 'wrong-token-wrong-token'], { HOME: home });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/UNAUTHENTICATED/);
    expect(existsSync(profile)).toBe(false);
    const ok = await cli(['login', env.AETHER_URL!, '--token', TOKEN], { HOME: home });
    expect(ok).toMatchObject({ status: 0 });
    expect(statSync(profile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(profile, 'utf8'))).toEqual({ url: env.AETHER_URL, token: TOKEN });
    const ps = await cli(['ps', '-o', 'json'], { HOME: home, AETHER_STATE_DIR: home });
    expect(ps.status).toBe(0);
    expect(Array.isArray(JSON.parse(ps.stdout))).toBe(true);
  });

  it('events prints the stream; -n stops after that many', async () => {
    const timer = setInterval(() => k.events.publish({ type: 'cli.tick', pid: 7 }), 50);
    const r = await cli(['events', '-n', '2'], env);
    clearInterval(timer);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d+\tcli\.tick\tpid=7$/);
  });

  it('top -n 1 prints one table of the live processes', async () => {
    const r = await cli(['top', '-n', '1'], env);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^PID\s+NAME\s+STATE\s+CPU%\s+MEMORY\s+TASKS\s+DRIVER$/);
  });

  it('approvals lists pending ones; approving an unknown id is refused with its code', async () => {
    const list = await cli(['approvals'], env);
    expect(list).toMatchObject({ status: 0 });
    expect(list.stdout.trim()).toMatch(/^ID\s+PID\s+STATE\s+TOOL\s+AGE\s+ARGUMENTS$/);
    const r = await cli(['approve', '4242'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^aether: [A-Z_]+NOT_FOUND: /);
  });

  it('--help per command and the overview', async () => {
    const h = await cli(['exec', '--help'], env);
    expect(h).toMatchObject({ status: 0 });
    expect(h.stdout).toMatch(/^usage: aether exec /);
    const o = await cli(['--help'], env);
    for (const c of COMMANDS) expect(o.stdout).toMatch(new RegExp(`^  ${c.name}\\s`, 'm'));
    expect(o.stdout).toMatch(/agent commands/);
  });

  it('psTable shows the exit of an ended process', () => {
    const [p] = k.supervisor.list().map((x) => ({ ...x, createdAt: null, startedAt: null, endedAt: null }));
    const ended = { ...p!, state: 'exited' as const, exit: { code: 3, signal: null, reason: 'exited' }, labels: { a: 'b' } };
    expect(psTable([ended as never])).toMatch(/exited\(3\).*a=b/);
  });
});
