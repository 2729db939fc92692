import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIME_BUNDLE, RUNTIME_MODULES, runtimeEntry } from '../../kernel-service/src/runs/runtime-command.js';

describe('the runtime entry point the kernel launches', () => {
  it('is the bundle when it is at least as new as the module tree, else the tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-rt-'));
    writeFileSync(join(dir, RUNTIME_MODULES), '');
    // Control: no bundle yet (a plain `tsc -b`).
    expect(runtimeEntry(dir)).toBe(join(dir, RUNTIME_MODULES));
    writeFileSync(join(dir, RUNTIME_BUNDLE), '');
    utimesSync(join(dir, RUNTIME_MODULES), 1000, 1000);
    utimesSync(join(dir, RUNTIME_BUNDLE), 2000, 2000);
    expect(runtimeEntry(dir)).toBe(join(dir, RUNTIME_BUNDLE));
    // tsc compiled newer code after the last bundling: the tree, which is current.
    utimesSync(join(dir, RUNTIME_MODULES), 3000, 3000);
    expect(runtimeEntry(dir)).toBe(join(dir, RUNTIME_MODULES));
  });
});
