#!/usr/bin/env node
/**
 * aether-agent: the built-in agent runtime. Started by the kernel as the main process of a
 * sandbox; everything it needs comes through the kernel socket at /run/aether/kernel.sock.
 */
import { KernelClient } from './kernel-client.js';
import type { RunSpec } from './loop.js';
import { runWithPlugins } from './plugins/run.js';
import { jobs } from './tools/background.js';
import { builtinRegistry } from './tools/index.js';
import type { Checkpoint } from './wire.js';

async function main(): Promise<number> {
  const kernel = new KernelClient();
  const stop = new AbortController();
  // SIGTERM (a stop, or the kernel's DELETE): finish the current call, checkpoint, exit cleanly.
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => stop.abort());
  const { run, checkpoint } = await kernel.get<{ run: RunSpec; checkpoint: Checkpoint | null }>('/v1/run');
  // The run's MCP plugins start first (children of this process, in this sandbox) and stop with the loop.
  const outcome = await runWithPlugins({
    kernel,
    registry: builtinRegistry(),
    run,
    checkpoint,
    home: process.env.HOME ?? process.cwd(),
    signal: stop.signal,
  });
  await jobs.stopAll();
  process.stderr.write(
    `aether-agent: run ${run.pid} ${outcome.status}${outcome.result ? `: ${outcome.result.slice(0, 500)}` : ''}\n`,
  );
  return outcome.status === 'failed' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`aether-agent: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(70); // EX_SOFTWARE
  },
);
