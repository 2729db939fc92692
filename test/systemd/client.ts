/** A small API client for the systemd tier: real HTTP to the kernel inside the machine. */
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { startOpenAIServer } from '../helpers/llm-servers/openai.js';
import type { ScriptedServer } from '../helpers/llm-servers/scripted-server.js';
import { execInMachine } from '../machine/machine.js';
import { expectConforms } from '../helpers/openapi-check.js';

export const machine = () => inject('machine');

export async function api(method: string, path: string, body?: unknown, token = machine().token) {
  const res = await fetch(`${machine().url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export interface Proc {
  pid: number;
  state: string;
  agent: { id: string; name: string };
  exit: { code: number | null; signal: string | null; reason: string } | null;
  sandbox: { id: string; pauseMethod: string };
}

export async function spawn(body: Record<string, unknown>): Promise<Proc> {
  const res = await api('POST', '/api/v1/agents', body);
  if (res.status !== 201) throw new Error(`spawn failed: ${res.status} ${JSON.stringify(res.body)}`);
  expectConforms('spawnAgent', res); // every systemd-tier spawn checks the record against docs/openapi.json
  return res.body as Proc;
}

export async function get(pid: number): Promise<Proc> {
  const res = await api('GET', `/api/v1/agents/${pid}`);
  if (res.status === 200) expectConforms('getAgent', res);
  return res.body as Proc;
}

/** Waits (event-free, for tests only) until the process reaches one of the states. */
export async function waitForState(pid: number, states: string[], timeoutMs = 15_000): Promise<Proc> {
  const deadline = Date.now() + timeoutMs;
  let p = await get(pid);
  while (!states.includes(p.state)) {
    if (Date.now() > deadline) throw new Error(`pid ${pid} stayed ${p.state}, wanted ${states.join('|')}`);
    await sleep(50);
    p = await get(pid);
  }
  return p;
}

export async function sh(cmd: string[], allowFailure = false) {
  return execInMachine(machine().initPid, cmd, { allowFailure });
}

/** Reads a file from an agent's home, through the machine's filesystem on the host. */
export function homeFile(agentId: string, file: string): string {
  return readFileSync(join(machine().root, 'var', 'lib', 'aether', 'homes', agentId, file), 'utf8');
}

export async function waitForFile(agentId: string, file: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return homeFile(agentId, file);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(50);
    }
  }
}

export { sleep };

export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/**
 * Restarts the kernel unit and waits (up to `timeoutMs`) until the new instance answers;
 * `meanwhile` runs while it is stopped.
 */
export async function restartKernel(opts: { meanwhile?: () => Promise<void>; timeoutMs?: number } = {}): Promise<void> {
  const before = (await api('GET', '/api/v1/system')).body.startedAt as string;
  if (opts.meanwhile) {
    await sh(['systemctl', 'stop', 'aether-kernel.service']);
    await opts.meanwhile();
    await sh(['systemctl', 'start', 'aether-kernel.service']);
  } else {
    await sh(['systemctl', 'restart', 'aether-kernel.service']);
  }
  await waitUntil(async () => {
    const now = await api('GET', '/api/v1/system').catch(() => null);
    return now?.status === 200 && now.body.startedAt !== before;
  }, opts.timeoutMs ?? 10_000);
}

/** Appends KEY=value lines to the kernel's environment file (read at its next start). */
export async function addKernelEnvironment(lines: string[]): Promise<void> {
  await sh(['sh', '-c', `printf '%s\\n' ${lines.map((l) => `'${l}'`).join(' ')} >> /etc/aether/environment`]);
}

/**
 * Points the kernel at a local server speaking OpenAI's protocol, the way an administrator gives
 * a provider: key and URL in the service's environment file. dropProvider() undoes it.
 */
export async function useProvider(provider: { url: string }, key: string): Promise<void> {
  await addKernelEnvironment([
    `OPENAI_API_KEY=${key}`,
    `OPENAI_BASE_URL=${provider.url}/v1`,
    'AETHER_LLM_DEFAULT_MODEL=openai/scripted',
  ]);
  await restartKernel();
}

/** Removes what useProvider (or any OPENAI_ / AETHER_LLM_ line) added, and restarts the kernel. */
export async function dropProvider(timeoutMs?: number): Promise<void> {
  await sh(['sed', '-i', '/^OPENAI_\\|^AETHER_LLM_/d', '/etc/aether/environment']);
  await restartKernel({ timeoutMs });
}

/**
 * A scripted server speaking OpenAI's protocol as the kernel's provider for the whole file
 * (registered in its beforeAll/afterAll); the key stays in the kernel's environment file.
 */
export function useScriptedProvider(key: string): { readonly server: ScriptedServer } {
  const fixture = { server: undefined as unknown as ScriptedServer };
  beforeAll(async () => {
    fixture.server = await startOpenAIServer();
    await useProvider(fixture.server, key);
  });
  afterAll(async () => {
    await dropProvider();
    await fixture.server.close();
  });
  return fixture;
}
