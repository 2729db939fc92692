// Bundles the agent runtime (dist/runtime/main.js and everything it imports, dependencies too)
// into one file, dist/runtime/agent.mjs, which the kernel starts for every run (runs/runtime-command.ts).
// One module instead of ~640 (TypeBox alone is ~600 files): an idle-waiting run costs ~13 MB PSS
// instead of ~30 (bench/density). Not minified: stack traces stay readable.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'runtime');
await build({
  entryPoints: [join(dist, 'main.js')],
  outfile: join(dist, 'agent.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // CommonJS dependencies bundled into an ES module still call require() for node's built-ins
  // (cross-spawn, under the MCP SDK's stdio client, needs child_process): give them node's own.
  banner: {
    js: "import { createRequire as __aetherCreateRequire } from 'node:module';\nconst require = __aetherCreateRequire(import.meta.url);",
  },
});
