/**
 * `make check`'s closing verdict: reads what test/check.sh recorded for every step (RESULTS/steps
 * lists them as name:kind; per step name.status.json, name.log and, for a vitest tier, name.json),
 * prints each step's line, every skip with its reason, every failure by name, and as its very last
 * line `check: N passed, N failed[, N skipped]`. Exits 1 on any failure or when nothing passed.
 *   npx tsx test/summary.ts build/test-results
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepStatus, TierReport } from './report/format.js';
import { summarize, type StepInput, type StepKind } from './report/summarize.js';

const dir = process.argv[2] ?? 'build/test-results';
const read = (file: string): string | undefined =>
  existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined;

function parse<T>(text: string | undefined): T | string | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    return (err as Error).message;
  }
}

const steps: StepInput[] = (read('steps') ?? '')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [name = line, kind = 'step'] = line.split(':');
    const status = parse<StepStatus>(read(`${name}.status.json`));
    const report = kind === 'vitest' ? parse<TierReport>(read(`${name}.json`)) : undefined;
    return {
      name,
      kind: kind as StepKind,
      status: typeof status === 'object' ? status : undefined,
      report,
      log: read(`${name}.log`),
      logPath: join(dir, `${name}.log`),
    };
  });

const summary = summarize(steps);
console.log(summary.lines.join('\n'));
process.exit(summary.ok ? 0 : 1);
