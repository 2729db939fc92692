/**
 * The kernel starts dist/runtime/agent.mjs (the esbuild bundle) for every run, not tsc's output:
 * a bundle that cannot load (a CommonJS dependency's require() of a built-in, say) fails every run,
 * which no test of the unbundled runtime sees. Started with no kernel socket, a sound bundle loads
 * and keeps retrying the connection (as when the kernel restarts); a broken one dies at once.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { REPO } from '../machine/machine.js';

const bundle = join(REPO, 'kernel-service', 'dist', 'runtime', 'agent.mjs');

describe('the runtime bundle', () => {
  it('loads every module and is still up, retrying its kernel socket, after 3 s', async () => {
    expect(existsSync(bundle), 'make build writes the bundle').toBe(true);
    const child = spawn(process.execPath, [bundle], {
      env: { PATH: process.env.PATH ?? '', AETHER_KERNEL_SOCKET: '/nonexistent/aether/kernel.sock' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    let exit: number | null = null;
    child.on('exit', (code) => (exit = code ?? -1));
    await sleep(3000);
    child.kill('SIGKILL');
    expect(stderr).not.toMatch(/Dynamic require|Cannot find module|SyntaxError|ERR_/);
    expect(exit, `the bundle ended early: ${stderr}`).toBeNull();
  });
});
