/**
 * `make check`'s verdict (test/report/, test/summary.ts): the reporter's record of a real vitest run
 * with a failed test, a failed hook, a file that does not load and a skip with its reason; the
 * summary's counting of crashed, missing and not-run steps; the CLI's last line and exit status.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { TierReport } from '../report/format.js';
import { summarize, type StepInput } from '../report/summarize.js';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '..', '..');
const FIXTURE = join(REPO, 'test', 'unit', 'fixtures', 'check');
const tmp = mkdtempSync(join(tmpdir(), 'aether-summary-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const passing: TierReport = {
  reason: 'passed',
  tests: [{ name: 'a.test.ts > works', state: 'passed' }],
  suiteErrors: [],
  unhandledErrors: [],
};
const ok = (name: string, kind: StepInput['kind'] = 'step'): StepInput => ({ name, kind, status: { exit: 0, seconds: 1 } });
const last = (lines: string[]) => lines[lines.length - 1];

/** Runs test/summary.ts on a directory of hand-made records; returns its output and exit status. */
async function cli(dir: string): Promise<{ out: string; code: number }> {
  try {
    const { stdout } = await run(join(REPO, 'node_modules', '.bin', 'tsx'), [join(REPO, 'test', 'summary.ts'), dir]);
    return { out: stdout, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; code: number };
    return { out: e.stdout, code: e.code };
  }
}

describe('the reporter', () => {
  it('records a failed test, a failed hook, a file that did not load, and a skip with its reason', async () => {
    const out = join(tmp, 'fixture.json');
    const args = ['run', '--root', FIXTURE, '--reporter=./../../../report/reporter.ts', `--outputFile.aether=${out}`];
    await expect(run(join(REPO, 'node_modules', '.bin', 'vitest'), args, { cwd: FIXTURE })).rejects.toMatchObject({ code: 1 });
    const report = JSON.parse(readFileSync(out, 'utf8')) as TierReport;
    const state = (title: string) => report.tests.find((t) => t.name.endsWith(title));
    expect(state('plain > passes')).toMatchObject({ state: 'passed' });
    expect(state('plain > fails on purpose')?.error).toMatch(/expected 1 to be 2/);
    expect(state('plain > skips with a reason')).toMatchObject({ state: 'skipped', note: 'no GPU on this host' });
    expect(state('plain > passes on its retry')).toMatchObject({ state: 'passed', flaky: 'passed on attempt 2' });
    expect(report.suiteErrors).toEqual(
      expect.arrayContaining([
        { name: 'tier.fixture.ts > broken hook', error: 'Error: the hook broke' },
        { name: 'load-error.fixture.ts', error: expect.stringContaining('the file did not load') as string },
      ]),
    );
    // Fed to the summary: 2 passed (one on its retry, named as flaky); the failed test and both suites are
    // failures; the test under the broken hook is a skip.
    const s = summarize([{ name: 'unit', kind: 'vitest', status: { exit: 1 }, report }]);
    expect(last(s.lines)).toBe('check: 2 passed, 3 failed, 2 skipped');
    expect(s.lines).toContain('  unit: tier.fixture.ts > plain > passes on its retry: passed on attempt 2');
    expect(s.lines).toContain('  unit: tier.fixture.ts > plain > skips with a reason: no GPU on this host');
    expect(s.lines).toContain('  unit: tier.fixture.ts > broken hook > would pass: did not run: a hook of its suite failed');
    expect(s.lines).toContain(
      '  unit: tier.fixture.ts > plain > fails on purpose: AssertionError: expected 1 to be 2 // Object.is equality',
    );
    expect(s.ok).toBe(false);
  }, 60_000);
});

describe('the summary', () => {
  it('passes when every step passed (control)', () => {
    const s = summarize([ok('deps'), ok('lint'), { ...ok('unit', 'vitest'), report: passing }]);
    expect(last(s.lines)).toBe('check: 1 passed, 0 failed');
    expect(s.ok).toBe(true);
  });

  it('fails a tier that exited non-zero although its report shows no failure (it crashed)', () => {
    const s = summarize([
      { name: 'systemd', kind: 'vitest', status: { exit: 1 }, report: passing, log: 'Error: machine did not boot' },
    ]);
    expect(s.lines).toContain('  systemd: vitest exited 1 with no failure in its report: Error: machine did not boot');
    expect(last(s.lines)).toBe('check: 1 passed, 1 failed');
  });

  it('fails a tier whose report is missing or unreadable, and one that ran no test', () => {
    const s = summarize([
      { name: 'docker', kind: 'vitest', status: { exit: 1 } },
      { name: 'browser', kind: 'vitest', status: { exit: 0 }, report: 'Unexpected end of JSON input' },
      { name: 'unit', kind: 'vitest', status: { exit: 0 }, report: { ...passing, tests: [] } },
    ]);
    expect(s.lines).toEqual(
      expect.arrayContaining([
        '  docker   MISSING: no report, exit 1',
        '  browser  MISSING: unreadable report (Unexpected end of JSON input), exit 0',
        '  unit: the tier ran no test',
      ]),
    );
    expect(last(s.lines)).toBe('check: 0 passed, 3 failed');
  });

  it('counts a failed step (lint) and names the steps that did not run after a failed build', () => {
    const s = summarize([
      ok('deps'),
      { name: 'build', kind: 'step', status: { exit: 2 }, log: 'error TS2322: x\nmake: *** [build] Error 2' },
      { name: 'unit', kind: 'vitest', status: { notRun: "'make build' failed" } },
    ]);
    expect(s.lines).toContain('  build: exited 2: error TS2322: x | make: *** [build] Error 2');
    expect(s.lines).toContain("  unit     NOT RUN: 'make build' failed");
    expect(last(s.lines)).toBe('check: 0 passed, 2 failed');
  });

  it('reads the boot test: PASS lines, the line of its first failure, and an image stage that failed', () => {
    const boot = (log: string, exit: number) => summarize([{ name: 'image', kind: 'boot', status: { exit }, log }]);
    const good = boot('boot-test: PASS  a\nboot-test: PASS  b\nboot-test: all checks passed; boot-to-READY 70s\n', 0);
    expect(last(good.lines)).toBe('check: 2 passed, 0 failed');
    const bad = boot('boot-test: PASS  a\nboot-test: FAILED: slice memory.max is max\n', 1);
    expect(bad.lines).toContain('  image: boot-test: FAILED: slice memory.max is max');
    expect(last(bad.lines)).toBe('check: 1 passed, 1 failed');
    expect(last(boot("==> image: FAILED in stage 'rootfs' (rerun: make rootfs)\n", 2).lines)).toBe('check: 0 passed, 1 failed');
    expect(last(boot('boot-test: PASS  a\n', 0).lines)).toBe('check: 1 passed, 1 failed'); // never finished
  });

  it('prints its verdict as the last line and exits non-zero on a failure (the CLI on hand-made records)', async () => {
    const dir = mkdtempSync(join(tmp, 'results-'));
    writeFileSync(join(dir, 'steps'), 'lint:step\nunit:vitest\n');
    writeFileSync(join(dir, 'lint.status.json'), '{"exit":0,"seconds":3}');
    writeFileSync(join(dir, 'unit.status.json'), '{"exit":0,"seconds":9}');
    writeFileSync(join(dir, 'unit.json'), JSON.stringify(passing));
    const green = await cli(dir);
    expect([green.code, last(green.out.trimEnd().split('\n'))]).toEqual([0, 'check: 1 passed, 0 failed']);
    const failing: TierReport = {
      ...passing,
      tests: [...passing.tests, { name: 'b.test.ts > breaks', state: 'failed', error: 'Error: no' }],
    };
    writeFileSync(join(dir, 'unit.json'), JSON.stringify(failing));
    writeFileSync(join(dir, 'unit.status.json'), '{"exit":1,"seconds":9}');
    const red = await cli(dir);
    expect(red.code).toBe(1);
    expect(red.out).toContain('  unit: b.test.ts > breaks: Error: no');
    expect(last(red.out.trimEnd().split('\n'))).toBe('check: 1 passed, 1 failed');
  }, 30_000);
});
