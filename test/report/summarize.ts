/**
 * Turns what every step of `make check` left behind into one verdict. Anything that is not a
 * clear pass counts as a failure: a missing report, a tier that exited non-zero with no failed
 * test in its report (it crashed), a failed hook, an unhandled error, a step that never ran.
 */
import type { StepStatus, TierReport } from './format.js';

/** step: deps, build, lint (pass or fail as a whole); vitest: a test tier; boot: the image's QEMU boot test. */
export type StepKind = 'step' | 'vitest' | 'boot';

export interface StepInput {
  name: string;
  kind: StepKind;
  status?: StepStatus;
  /** The vitest tier's report; a string when the file was there but unreadable. */
  report?: TierReport | string;
  log?: string;
  logPath?: string;
}

export interface Summary {
  lines: string[];
  passed: number;
  failed: number;
  skipped: number;
  ok: boolean;
}

interface Tally {
  passed: number;
  failed: string[];
  skipped: string[];
  /** Passed on a retry only: not a failure, but named so that nobody mistakes it for a steady pass. */
  flaky?: string[];
  line: string;
}

const lastLines = (log: string | undefined, n: number) =>
  (log ?? '')
    .trimEnd()
    .split('\n')
    .slice(-n)
    .map((l) => l.slice(0, 200))
    .join(' | ');

function tallyStep(s: StepInput): Tally {
  const t: Tally = { passed: 0, failed: [], skipped: [], line: '' };
  const exit = s.status?.exit;
  if (exit === 0) t.line = 'ok';
  else {
    t.failed.push(`${s.name}: exited ${exit ?? '(no status)'}: ${lastLines(s.log, 2)}`);
    t.line = `FAILED (exit ${exit ?? '?'})`;
  }
  return t;
}

function tallyVitest(s: StepInput): Tally {
  const t: Tally = { passed: 0, failed: [], skipped: [], line: '' };
  const r = s.report;
  if (r === undefined || typeof r === 'string') {
    const why = r === undefined ? 'no report' : `unreadable report (${r})`;
    t.failed.push(`${s.name}: ${why}: vitest did not finish (exit ${s.status?.exit ?? '?'}): ${lastLines(s.log, 3)}`);
    t.line = `MISSING: ${why}, exit ${s.status?.exit ?? '?'}`;
    return t;
  }
  for (const test of r.tests) {
    if (test.state === 'passed') {
      t.passed++;
      if (test.flaky) (t.flaky ??= []).push(`${s.name}: ${test.name}: ${test.flaky}`);
    } else if (test.state === 'failed') t.failed.push(`${s.name}: ${test.name}: ${test.error ?? 'failed'}`);
    else t.skipped.push(`${s.name}: ${test.name}: ${test.note ?? 'no reason given'}`);
  }
  for (const e of r.suiteErrors) t.failed.push(`${s.name}: ${e.name} (suite): ${e.error}`);
  for (const e of r.unhandledErrors) t.failed.push(`${s.name}: unhandled error: ${e}`);
  if (r.reason === 'interrupted') t.failed.push(`${s.name}: the run was interrupted`);
  const exit = s.status?.exit;
  if (exit !== 0 && t.failed.length === 0)
    t.failed.push(`${s.name}: vitest exited ${exit ?? '(no status)'} with no failure in its report: ${lastLines(s.log, 3)}`);
  if (r.tests.length === 0 && t.failed.length === 0) t.failed.push(`${s.name}: the tier ran no test`);
  t.line = `${t.passed} passed, ${t.failed.length} failed, ${t.skipped.length} skipped`;
  return t;
}

/** The boot test prints `boot-test: PASS` per check and stops at its first `boot-test: FAILED`. */
function tallyBoot(s: StepInput): Tally {
  const t: Tally = { passed: 0, failed: [], skipped: [], line: '' };
  const lines = (s.log ?? '').split('\n');
  for (const l of lines) {
    if (/^boot-test: PASS/.test(l)) t.passed++;
    else if (/^boot-test: (FAILED|PENDING)/.test(l)) t.failed.push(`${s.name}: ${l.trim()}`);
    else if (/^==> image: FAILED/.test(l)) t.failed.push(`${s.name}: ${l.trim()}`);
  }
  const complete = lines.some((l) => l.startsWith('boot-test: all checks passed'));
  const exit = s.status?.exit;
  if (exit !== 0 && t.failed.length === 0)
    t.failed.push(`${s.name}: exited ${exit ?? '(no status)'} before the boot test finished: ${lastLines(s.log, 3)}`);
  else if (exit === 0 && !complete) t.failed.push(`${s.name}: exited 0 but the boot test never said "all checks passed"`);
  const after = t.failed.length > 0 && t.passed > 0 ? ' (it stops at its first failure: later checks did not run)' : '';
  t.line = `${t.passed} passed, ${t.failed.length} failed (boot test in QEMU)${after}`;
  return t;
}

export function summarize(steps: StepInput[]): Summary {
  const lines: string[] = [];
  const failures: string[] = [];
  const skips: string[] = [];
  const flaky: string[] = [];
  let passed = 0;
  for (const s of steps) {
    let t: Tally;
    if (s.status?.notRun !== undefined) {
      t = { passed: 0, failed: [`${s.name}: not run: ${s.status.notRun}`], skipped: [], line: `NOT RUN: ${s.status.notRun}` };
    } else if (s.status === undefined && s.kind !== 'vitest') {
      t = { passed: 0, failed: [`${s.name}: no status: the step never finished`], skipped: [], line: 'MISSING: no status' };
    } else t = s.kind === 'vitest' ? tallyVitest(s) : s.kind === 'boot' ? tallyBoot(s) : tallyStep(s);
    const time = s.status?.seconds !== undefined ? `  [${s.status.seconds}s]` : '';
    const log = s.logPath && t.failed.length > 0 ? `  log: ${s.logPath}` : '';
    lines.push(`  ${s.name.padEnd(8)} ${t.line}${time}${log}`);
    passed += t.passed;
    failures.push(...t.failed);
    skips.push(...t.skipped);
    flaky.push(...(t.flaky ?? []));
  }
  if (steps.length === 0) failures.push('no step recorded');
  if (skips.length > 0) lines.push('skipped (and why):', ...skips.map((l) => `  ${l}`));
  if (flaky.length > 0) lines.push('flaky (passed only on a retry; fix them):', ...flaky.map((l) => `  ${l}`));
  if (failures.length > 0) lines.push('failed:', ...failures.map((l) => `  ${l}`));
  const ok = failures.length === 0 && passed > 0;
  lines.push(`check: ${passed} passed, ${failures.length} failed${skips.length ? `, ${skips.length} skipped` : ''}`);
  return { lines, passed, failed: failures.length, skipped: skips.length, ok };
}
