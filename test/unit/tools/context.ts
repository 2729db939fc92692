import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelClient } from '../../../kernel-service/src/runtime/kernel-client.js';
import { builtinRegistry, type RuntimeState } from '../../../kernel-service/src/runtime/tools/index.js';

export const registry = builtinRegistry();

/** A fresh home and tool context; kernel-backed tools get a real socket from the runtime harness. */
export function toolContext(kernel = new KernelClient('/nonexistent/kernel.sock')) {
  const home = mkdtempSync(join(tmpdir(), 'aether-tools-'));
  const state: RuntimeState = { plan: [], extra: {} };
  let n = 0;
  const run = (name: string, args: unknown = {}, signal = new AbortController().signal) =>
    registry.invoke(name, typeof args === 'string' ? args : JSON.stringify(args), {
      home,
      kernel,
      signal,
      callId: `call-${++n}`,
      state,
    });
  return { home, state, run };
}
