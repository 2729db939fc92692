/**
 * `make run` as a user runs it: started with a provider key in the environment (and the client's and
 * the build's AETHER_* variables, which the kernel must ignore), read what it prints (the URL and
 * the token), use them (the system view, an agent whose model call reaches the provider with that
 * key), stop it with Ctrl-C; started again, it keeps the token and the agent; FRESH=1 forgets them.
 * Each start runs `make run`'s own build and boot: the waits below are sized for that.
 */
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openai, startOpenAIServer } from '../helpers/llm-servers/openai.js';
import type { ScriptedServer } from '../helpers/llm-servers/scripted-server.js';
import { REPO, isHealthy } from '../machine/machine.js';
import { waitUntil } from './client.js';

/** make run's own build (tsc -b, vite) plus the boot (bootMachine waits up to 120 s for health). */
const START_MS = 300_000;
const STOP_MS = 60_000;

interface Run {
  child: ChildProcess;
  output: () => string;
  url: string;
  token: string;
}

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

let llm: ScriptedServer;
let port: number;
mkdirSync('/var/lib/aether-dev', { recursive: true });
const state = mkdtempSync('/var/lib/aether-dev/run-test-');
const runs: Run[] = [];

/** Starts `make run` in its own process group (as a terminal would) and waits for the token line. */
async function makeRun(extra: string[] = []): Promise<Run> {
  let out = '';
  const child = spawnChild('make', ['--no-print-directory', 'run', `RUN_STATE=${state}`, ...extra], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      // A user's shell, not the make that runs this tier (make check): no inherited MAKEFLAGS.
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL'].includes(k))),
      OPENAI_API_KEY: 'sk-make-run-test',
      OPENAI_BASE_URL: `${llm.url}/v1`,
      AETHER_LLM_DEFAULT_MODEL: 'openai/scripted',
      AETHER_API_PORT: String(port),
      AETHER_URL: 'http://the-client-s-own-setting', // the client's: must not stop the kernel
      AETHER_CACHE: process.env.AETHER_CACHE ?? '/var/cache/aether',
    },
  });
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const run: Run = { child, output: () => out, url: '', token: '' };
  runs.push(run);
  await waitUntil(() => /Admin token: +\S+/.test(out) || child.exitCode !== null, START_MS - 10_000).catch(() => undefined);
  const token = /Admin token: +(\S+)/.exec(out)?.[1];
  const url = /API: +(http:\/\/\S+)\/api\/v1/.exec(out)?.[1];
  if (!token || !url) throw new Error(`make run printed no URL and token (exit ${child.exitCode}):\n${out.slice(-3000)}`);
  return { ...run, url, token };
}

/**
 * Ctrl-C: SIGINT to the whole foreground process group. make itself dies of it; what counts is
 * that make run stops its machine: the machine's directory (it prints it) is removed last.
 */
async function interrupt(run: Run): Promise<void> {
  const root = /Machine: +(\S+)/.exec(run.output())?.[1];
  if (!root) throw new Error(`make run printed no machine directory:\n${run.output()}`);
  if (run.child.exitCode === null && run.child.signalCode === null) {
    const exited = new Promise((r) => run.child.once('exit', r));
    process.kill(-run.child.pid!, 'SIGINT');
    await exited;
  }
  await waitUntil(() => !existsSync(root), STOP_MS - 5_000);
  expect(run.output()).toContain('stopping the machine');
  expect(await isHealthy(run.url)).toBe(false);
}

const call = async (run: Run, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${run.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${run.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  llm = await startOpenAIServer();
  port = await freePort();
  // A stale token from an earlier life: FRESH=1 must not reuse it.
  mkdirSync(state, { recursive: true, mode: 0o700 });
  writeFileSync(join(state, 'admin.token'), 'stale-token-from-before\n', { mode: 0o600 });
});
afterAll(async () => {
  for (const r of runs) if (r.child.exitCode === null && r.child.signalCode === null) process.kill(-r.child.pid!, 'SIGKILL');
  await llm?.close();
  rmSync(state, { recursive: true, force: true });
});

describe('make run', () => {
  let first: Run;
  let agentId: string;

  it(
    'prints a URL and token that work: the system view, and an agent whose model call reaches the provider with the key',
    async () => {
      first = await makeRun(['FRESH=1']);
      expect(first.url).toBe(`http://127.0.0.1:${port}`);
      expect(first.token).not.toBe('stale-token-from-before');
      expect(first.output()).toContain(`ssh -N -L ${port}:127.0.0.1:${port}`);
      expect(first.output()).toMatch(/Passed to the kernel: .*OPENAI_API_KEY/);
      const system = await call(first, 'GET', '/api/v1/system');
      expect(system.status).toBe(200);
      expect((system.body.sandbox as { defaultDriver: string }).defaultDriver).toBe('systemd');

      llm.push(openai.text('hello from the scripted model'));
      const chat = '{"messages":[{"role":"user","content":"hello"}]}';
      const spawned = await call(first, 'POST', '/api/v1/agents', {
        name: 'run-hello',
        command: [
          '/bin/sh',
          '-c',
          `curl -s --unix-socket /run/aether/kernel.sock -H 'content-type: application/json' -d '${chat}' http://kernel/v1/chat/completions > reply.json.tmp && mv reply.json.tmp reply.json; sleep 600`,
        ],
      });
      expect(spawned.status).toBe(201);
      agentId = (spawned.body.agent as { id: string }).id;
      const reply = join(state, 'homes', agentId, 'reply.json');
      await waitUntil(() => {
        try {
          return readFileSync(reply, 'utf8').length > 0;
        } catch {
          return false;
        }
      }, 30_000);
      expect(readFileSync(reply, 'utf8')).toContain('hello from the scripted model');
      expect(llm.requests[0]?.headers.authorization).toBe('Bearer sk-make-run-test');
    },
    START_MS + 60_000,
  );

  it(
    'stops on Ctrl-C, and a second make run keeps the token and the agent',
    async () => {
      await interrupt(first);
      const second = await makeRun();
      expect(second.token).toBe(first.token);
      const agents = await call(second, 'GET', '/api/v1/agents');
      expect(JSON.stringify(agents.body)).toContain(agentId);
      await interrupt(second);
    },
    STOP_MS + START_MS + STOP_MS,
  );
});
