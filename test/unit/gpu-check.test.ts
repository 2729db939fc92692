/**
 * `make gpu-check` on a host without a GPU (CI has none): it must say so plainly and exit 2, never
 * pass as if it had checked something. nvidia-smi is kept off PATH, so this holds on a GPU host too.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SCRIPT = resolve(import.meta.dirname, '..', 'gpu', 'gpu-check.sh');
const bin = mkdtempSync(join(tmpdir(), 'aether-gpu-check-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

describe('make gpu-check', () => {
  it('says that no GPU is there and exits 2 when nvidia-smi is missing', async () => {
    // Only the tools the script needs before it looks for a GPU.
    for (const tool of ['bash', 'ls', 'paste', 'dirname', 'id']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    const result = await run('/usr/bin/bash', [SCRIPT], { env: { PATH: bin } }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(result.code).toBe(2);
    expect(result.out).toMatch(/^gpu-check: NO NVIDIA GPU on this host \(nvidia-smi: not found; .*\): nothing was checked$/m);
    expect(result.out).not.toMatch(/PASS/);
  });
});
