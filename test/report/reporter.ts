/**
 * A vitest reporter that writes one tier's results for test/summary.ts: every test with its state,
 * the note of a skipped test (`ctx.skip(note)`: why it cannot run on this machine), and the errors
 * that belong to no test (a failing beforeAll/afterAll, a file that failed to load, an unhandled
 * rejection). Vitest's own JSON report marks tests under a failed hook as merely "skipped" and
 * drops the hook's error; a summary built on it would call a broken suite green.
 *
 *   vitest run --project unit --reporter=default --reporter=./test/report/reporter.ts \
 *     --outputFile.aether=build/test-results/unit.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';
import type { SerializedError } from 'vitest';
import type { TierReport } from './format.js';

const firstLine = (e: { name?: string; message?: string }): string =>
  `${e.name ?? 'Error'}: ${(e.message ?? '(no message)').split('\n').slice(0, 3).join(' ').slice(0, 500)}`;

/** Whether a suite around this test (or its file) has errors of its own: its tests were then never run. */
function hookFailed(test: TestCase): boolean {
  for (let p: TestCase['parent'] | TestModule = test.parent; ; p = p.parent) {
    if (p.errors().length > 0) return true;
    if (p.type === 'module') return false;
  }
}

export default class AetherReporter implements Reporter {
  private vitest?: Vitest;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>, reason: string): void {
    const target = this.outputFile();
    if (!target) return;
    const root = this.vitest?.config.root ?? process.cwd();
    const report: TierReport = { reason, tests: [], suiteErrors: [], unhandledErrors: unhandled.map(firstLine) };
    for (const mod of modules) {
      const file = relative(root, mod.moduleId);
      for (const e of mod.errors()) report.suiteErrors.push({ name: file, error: firstLine(e) });
      for (const suite of mod.children.allSuites())
        for (const e of suite.errors()) report.suiteErrors.push({ name: `${file} > ${suite.fullName}`, error: firstLine(e) });
      for (const test of mod.children.allTests()) {
        const r = test.result();
        const name = `${file} > ${test.fullName}`;
        if (r.state === 'failed')
          report.tests.push({ name, state: 'failed', error: firstLine(r.errors[0] ?? { message: 'failed without an error' }) });
        else if (r.state === 'skipped') {
          const note = r.note ?? (hookFailed(test) ? 'did not run: a hook of its suite failed' : undefined);
          report.tests.push({ name, state: 'skipped', ...(note ? { note } : {}) });
        } else if (r.state === 'passed') {
          // Passed, but only on a retry: counted as passed and named in the summary, so a flake stays visible.
          const d = test.diagnostic();
          report.tests.push(
            d?.flaky ? { name, state: 'passed', flaky: `passed on attempt ${d.retryCount + 1}` } : { name, state: 'passed' },
          );
        }
        // 'pending': the run was interrupted before the test ran; `reason` says so.
        else report.tests.push({ name, state: 'skipped', note: 'did not run (the run ended first)' });
      }
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(report, null, 1));
  }

  private outputFile(): string | undefined {
    const out = this.vitest?.config.outputFile;
    return typeof out === 'object' && out !== null ? (out as Record<string, string>).aether : undefined;
  }
}
