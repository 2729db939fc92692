/** What test/report/reporter.ts writes per vitest tier and test/summary.ts reads. */
export interface TierReport {
  /** vitest's end reason: passed, failed or interrupted. */
  reason: string;
  /** `flaky`: a test that passed only on a retry (the tier's `retry`), with its attempts. */
  tests: { name: string; state: 'passed' | 'failed' | 'skipped'; error?: string; note?: string; flaky?: string }[];
  /** Errors outside any test: a hook (beforeAll/afterAll) or a file that failed to load. */
  suiteErrors: { name: string; error: string }[];
  unhandledErrors: string[];
}

/** What test/check.sh writes per step: its exit status and time, or why it did not run. */
export interface StepStatus {
  exit?: number;
  seconds?: number;
  notRun?: string;
}
