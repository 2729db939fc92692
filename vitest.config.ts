import { defineConfig } from 'vitest/config';

/**
 * Test tiers, each runnable alone (`vitest run --project NAME`):
 *  - unit:    host only, fast: pure logic, real SQLite, the API through fastify.inject
 *  - systemd: boots Debian trixie in systemd-nspawn and drives the real kernel service inside
 *  - docker:  the Docker sandbox driver against a real Docker engine (test/docker/docker.mk starts one)
 *  - browser: Mission Control in Debian's Chromium (playwright-core) against the kernel in a booted machine
 * `make test-*` adds test/report/reporter.ts, whose record test/summary.ts reads. testTimeout is a
 * default: a test whose own waits add up to more sets its timeout from them (ipc, desktop, make-run).
 */
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          // Mission Control's pure logic has its tests beside it (web/src/**).
          include: ['test/unit/**/*.test.ts', 'web/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'systemd',
          include: ['test/systemd/**/*.test.ts'],
          globalSetup: ['test/systemd/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // One booted machine shared by every file: run the files one after another.
          fileParallelism: false,
          // One retry: on 2 cores two tests (lifecycle's SIGKILL after grace, ipc's receiver exit) failed
          // once in a run and passed in the next three. A retried pass is named under "flaky" in
          // make check's summary (test/report/), so it is visible, not hidden; a steady failure fails.
          retry: 1,
        },
      },
      {
        test: {
          name: 'docker',
          include: ['test/docker/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // One machine and one Chromium at a time: the files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
