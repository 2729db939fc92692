import { statSync } from 'node:fs';
import { join } from 'node:path';

/** The bundled runtime (kernel-service/scripts/bundle-runtime.ts, part of `make build`). */
export const RUNTIME_BUNDLE = 'agent.mjs';
/** What tsc compiles: the runtime as ~640 modules. */
export const RUNTIME_MODULES = 'main.js';

/**
 * The runtime's entry point in `dir` (dist/runtime): the bundle, which costs an idle-waiting run
 * ~13 MB PSS where the module tree costs ~30 (bench/density), unless it is missing or older than
 * what tsc compiled last (a `tsc -b` without the bundling step): then the module tree, which is
 * the same code, current.
 */
export function runtimeEntry(dir: string): string {
  const bundle = join(dir, RUNTIME_BUNDLE);
  const modules = join(dir, RUNTIME_MODULES);
  try {
    if (statSync(bundle).mtimeMs >= statSync(modules).mtimeMs) return bundle;
  } catch {
    /* no bundle (or no tree): the tree */
  }
  return modules;
}
