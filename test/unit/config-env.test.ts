/**
 * Which AETHER_* variables the kernel refuses: unknown ones it would own (a typo must not pass
 * silently), but not the client's, the sandbox's or the build's and tests', so a shell that
 * exported them (`make run` with AETHER_CACHE set, a user with AETHER_URL) still starts a kernel.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, NON_KEY_VARIABLES } from '../../kernel-service/src/config/index.js';

const REPO = resolve(import.meta.dirname, '..', '..');
const noFile = join(REPO, 'test', 'unit', 'fixtures', 'empty-config.json');

/** Why loadConfig refuses this variable, or null when it takes it. */
function refusal(name: string, value = '1'): string | null {
  try {
    loadConfig({ file: noFile, env: { [name]: value } });
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('AETHER_* variables', () => {
  it("ignores the client's, the sandbox's and the build's variables, and refuses a typo (control)", () => {
    for (const name of ['AETHER_URL', 'AETHER_TOKEN', 'AETHER_CACHE', 'AETHER_FLAVOUR', 'AETHER_KERNEL_SOCKET'])
      expect(refusal(name, 'x'), name).toBeNull();
    expect(refusal('AETHER_API_PROT')).toMatch(/Unknown environment variable AETHER_API_PROT/);
    expect(refusal('AETHER_URLS')).toMatch(/Unknown environment variable AETHER_URLS/);
  });

  it('knows every AETHER_* name the Makefile, scripts and tests use: a configuration key or an ignored one', () => {
    const files = execFileSync('git', ['ls-files', 'Makefile', '*.mk', '*.sh', 'test', 'image', 'rootfs', 'packer', 'bench'], {
      cwd: REPO,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f && !f.startsWith('test/unit/fixtures/'));
    const names = new Set<string>();
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(join(REPO, f), 'utf8');
      } catch {
        continue; // listed by git but deleted in the work tree
      }
      for (const m of text.matchAll(/\bAETHER_[A-Z0-9_]*[A-Z0-9]\b/g)) names.add(m[0]);
    }
    // The systemd tier's deliberate typo, and this file's own.
    for (const typo of ['AETHER_API_PROT', 'AETHER_URLS']) names.delete(typo);
    expect(names.size).toBeGreaterThan(10);
    const refused = [...names].filter((n) => refusal(n)?.includes('Unknown environment variable'));
    expect(refused).toEqual([]);
    expect(NON_KEY_VARIABLES.has('AETHER_CONFIG')).toBe(true);
  });
});
