/**
 * Real agent programs as Aether processes: the published Claude Code and Codex binaries
 * (programs/, make deps-programs) run in real sandboxes with network "none", their models
 * reached through the in-sandbox TCP endpoint and the kernel, against local scripted servers
 * speaking the providers' wire protocols. The script makes each write a file and run a command;
 * the command also probes for the provider key everywhere the sandbox can look.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropic, startAnthropicServer } from '../helpers/llm-servers/anthropic.js';
import { openai, startOpenAIServer } from '../helpers/llm-servers/openai.js';
import type { RecordedRequest, ScriptedServer } from '../helpers/llm-servers/scripted-server.js';
import {
  addKernelEnvironment,
  api,
  get,
  homeFile,
  restartKernel,
  sh,
  sleep,
  spawn,
  waitForFile,
  waitForState,
} from './client.js';

const ANT_KEY = `sk-ant-aether-test-${randomBytes(12).toString('hex')}`;
const OAI_KEY = `sk-aether-test-${randomBytes(12).toString('hex')}`;
/** Everything a hostile program could try for a key: its environment, every environ it can see, the kernel's files. */
const PROBE = '{ env; cat /proc/[0-9]*/environ; cat /etc/aether/environment; ls -la /run/aether; cat /var/lib/aether/*; } 2>&1';
/** Claude Code's startup and a few turns under TCG-slow nspawn on two cores. */
const PROGRAM_MS = 150_000;

let ant: ScriptedServer;
let oai: ScriptedServer;

beforeAll(async () => {
  [ant, oai] = await Promise.all([startAnthropicServer(), startOpenAIServer()]);
  await addKernelEnvironment([
    `ANTHROPIC_API_KEY=${ANT_KEY}`,
    `ANTHROPIC_BASE_URL=${ant.url}`,
    `OPENAI_API_KEY=${OAI_KEY}`,
    `OPENAI_BASE_URL=${oai.url}/v1`,
    'AETHER_LLM_DEFAULT_MODEL=openai/scripted',
  ]);
  await restartKernel();
});

afterAll(async () => {
  await sh(['sed', '-i', '/^OPENAI_\\|^ANTHROPIC_\\|^AETHER_LLM_/d', '/etc/aether/environment']);
  await restartKernel();
  await Promise.all([ant?.close(), oai?.close()]);
});

const lastUser = (r: RecordedRequest) => (r.body as { messages: { role: string; content: unknown }[] }).messages.at(-1)!;
const resultFor = (r: RecordedRequest, id: string) =>
  Array.isArray(lastUser(r).content) &&
  (lastUser(r).content as { type: string; tool_use_id?: string }[]).some((b) => b.tool_use_id === id);

function keyOf(r: RecordedRequest): string {
  return `${String(r.headers.authorization ?? '')} ${String(r.headers['x-api-key'] ?? '')}`;
}

/** The program's output (the unit's journal), for a failure message. */
async function journal(p: { sandbox: { id: string } }): Promise<string> {
  const j = await sh(['journalctl', '--no-pager', '-q', '-o', 'cat', '-u', p.sandbox.id], true);
  return j.stdout.slice(-4000);
}

async function steps(pid: number): Promise<{ kind: string; text: string | null; tool: string | null; output: string | null }[]> {
  return (await api('GET', `/api/v1/agents/${pid}/steps`)).body.steps;
}

describe('agent programs from npm in a sandbox with network "none"', () => {
  it(
    'runs Claude Code (Anthropic Messages, streamed tool use) on an Anthropic-protocol provider: writes a file, runs a command',
    async () => {
      // The conversation decides the answer: Claude Code also makes calls of its own (titles, checks).
      ant.respondWith((r) => {
        const tools = (r.body as { tools?: { name: string }[] }).tools ?? [];
        const wantsTools = tools.some((t) => t.name === 'Write');
        if (!wantsTools) return anthropic.streamText(['ok'], 3, 1);
        if (resultFor(r, 'toolu_write')) {
          const command = `id -u > claude-ran.txt; ${PROBE} > claude-probe.txt`;
          return anthropic.streamToolUse('Running it.', { id: 'toolu_bash', name: 'Bash' }, [
            JSON.stringify({ command, description: 'probe' }),
          ]);
        }
        if (resultFor(r, 'toolu_bash')) return anthropic.streamText(['Wrote the file ', 'and ran the command.'], 50, 9);
        const input = { file_path: '/home/agent/claude.txt', content: 'hello from claude code' };
        return anthropic.streamToolUse('Writing it.', { id: 'toolu_write', name: 'Write' }, [JSON.stringify(input)]);
      });
      const p = await spawn({
        name: 'claude-agent',
        template: 'claude-code',
        goal: 'Write claude.txt, then run a command.',
        model: 'anthropic/scripted',
      });
      const ended = await waitForState(p.pid, ['exited', 'failed'], PROGRAM_MS);
      expect(ended.exit, await journal(p)).toMatchObject({ code: 0 });

      expect(homeFile(p.agent.id, 'claude.txt')).toBe('hello from claude code');
      const uid = Number((await waitForFile(p.agent.id, 'claude-ran.txt')).trim());
      expect(uid).toBeGreaterThan(0); // the agent's own user ran it, not root
      // The provider saw the kernel's key on every call; the sandbox never had it.
      const calls = ant.requests.filter((r) => r.path === '/v1/messages');
      expect(calls.length).toBeGreaterThanOrEqual(3);
      for (const c of calls) expect(keyOf(c)).toContain(ANT_KEY);
      const probe = homeFile(p.agent.id, 'claude-probe.txt');
      expect(probe).toContain('ANTHROPIC_BASE_URL=http://127.0.0.1:4141'); // the probe did read the environment
      expect(probe).toContain('aether-placeholder');
      expect(probe).not.toContain(ANT_KEY);
      expect(probe).not.toContain(OAI_KEY);
      // Control: the same probe finds the key where it is, in the kernel's configuration.
      expect((await sh(['sh', '-c', PROBE], true)).stdout).toContain(ANT_KEY);

      // Its stream-json output became the run's steps, and its result completed the run.
      const s = await steps(p.pid);
      expect(s.some((x) => x.kind === 'note' && x.tool === 'Write')).toBe(true);
      expect(s.some((x) => x.kind === 'note' && x.tool === 'Bash')).toBe(true);
      expect(s.at(-1)).toMatchObject({ kind: 'final', text: 'Wrote the file and ran the command.' });
      expect((await api('GET', `/api/v1/agents/${p.pid}`)).body.run).toMatchObject({ status: 'done', template: 'claude-code' });
    },
    PROGRAM_MS + 30_000,
  );

  it(
    'runs Codex (OpenAI Responses, streamed function calls) on an OpenAI-protocol provider: runs a command that writes a file',
    async () => {
      oai.respondWith((r) => {
        const last = lastUser(r);
        // The last answer comes slowly, so the program can be paused while it waits for it.
        if (last.role === 'tool') return openai.streamText(['Done: ', 'codex.txt ', 'written.'], 40, 6, { gapMs: 1500 });
        const cmd = `printf 'hello from codex' > codex.txt && id -u > codex-ran.txt && ${PROBE} > codex-probe.txt`;
        return openai.streamToolCall({ id: 'call_exec', name: 'exec_command' }, [JSON.stringify({ cmd })]);
      });
      const p = await spawn({
        name: 'codex-agent',
        template: 'codex',
        goal: 'Write codex.txt with a shell command.',
        model: 'openai/scripted',
      });
      // Pause and resume work on a program as on any process: the whole sandbox is frozen, then thawed.
      await waitForFile(p.agent.id, 'codex-probe.txt', PROGRAM_MS);
      const paused = await api('POST', `/api/v1/agents/${p.pid}/pause`);
      expect(paused.body.state).toBe('paused');
      await sleep(6_000); // longer than the rest of the answer takes to arrive
      expect((await get(p.pid)).state).toBe('paused');
      expect((await api('GET', `/api/v1/agents/${p.pid}`)).body.run.status).not.toBe('done');
      expect((await api('POST', `/api/v1/agents/${p.pid}/resume`)).body.state).toBe('running');
      const ended = await waitForState(p.pid, ['exited', 'failed'], PROGRAM_MS);
      expect(ended.exit, await journal(p)).toMatchObject({ code: 0 });

      expect(homeFile(p.agent.id, 'codex.txt')).toBe('hello from codex');
      expect(Number(homeFile(p.agent.id, 'codex-ran.txt').trim())).toBeGreaterThan(0);
      const calls = oai.requests.filter((r) => r.path === '/v1/chat/completions');
      expect(calls.length).toBeGreaterThanOrEqual(2);
      for (const c of calls) expect(c.headers.authorization).toBe(`Bearer ${OAI_KEY}`);
      const probe = homeFile(p.agent.id, 'codex-probe.txt');
      expect(probe).toContain('OPENAI_BASE_URL=http://127.0.0.1:4141/v1');
      expect(probe).not.toContain(OAI_KEY);
      expect(probe).not.toContain(ANT_KEY);
      expect((await sh(['sh', '-c', PROBE], true)).stdout).toContain(OAI_KEY);

      const s = await steps(p.pid);
      expect(s.some((x) => x.kind === 'note' && x.tool === 'shell')).toBe(true);
      expect(s.at(-1)).toMatchObject({ kind: 'thought', text: 'Done: codex.txt written.' });
      expect((await api('GET', `/api/v1/agents/${p.pid}`)).body.run).toMatchObject({ status: 'done', template: 'codex' });
    },
    PROGRAM_MS + 30_000,
  );

  it(
    'runs Claude Code on an OpenAI-protocol provider: the kernel translates Anthropic Messages to chat completions and back',
    async () => {
      const before = oai.requests.length;
      oai.respondWith((r) => {
        const tools = (r.body as { tools?: { function: { name: string } }[] }).tools ?? [];
        if (!tools.some((t) => t.function.name === 'Write')) return openai.streamText(['ok'], 3, 1);
        const last = lastUser(r) as { role: string; tool_call_id?: string };
        if (last.role === 'tool' && last.tool_call_id === 'call_write') {
          return openai.streamToolCall({ id: 'call_bash', name: 'Bash' }, [JSON.stringify({ command: 'id -u > cross-ran.txt' })]);
        }
        if (last.role === 'tool' && last.tool_call_id === 'call_bash') return openai.streamText(['Crossed over.'], 30, 3);
        const input = { file_path: '/home/agent/cross.txt', content: 'claude code on an openai model' };
        return openai.streamToolCall({ id: 'call_write', name: 'Write' }, ['{"file_path":', JSON.stringify(input).slice(13)]);
      });
      const p = await spawn({
        name: 'claude-cross',
        template: 'claude-code',
        goal: 'Write cross.txt.',
        model: 'openai/scripted',
      });
      const ended = await waitForState(p.pid, ['exited', 'failed'], PROGRAM_MS);
      expect(ended.exit, await journal(p)).toMatchObject({ code: 0 });
      expect(homeFile(p.agent.id, 'cross.txt')).toBe('claude code on an openai model');
      expect(Number(homeFile(p.agent.id, 'cross-ran.txt').trim())).toBeGreaterThan(0);
      const calls = oai.requests.slice(before).filter((r) => r.path === '/v1/chat/completions');
      expect(calls.length).toBeGreaterThanOrEqual(3);
      for (const c of calls) expect(c.headers.authorization).toBe(`Bearer ${OAI_KEY}`);
      expect((await steps(p.pid)).at(-1)).toMatchObject({ kind: 'final', text: 'Crossed over.' });
    },
    PROGRAM_MS + 30_000,
  );
});

describe('the TCP endpoint', () => {
  it('answers each process as itself, is not reachable from another agent nor the host, and is refused under network "host"', async () => {
    // Names of this attempt only: a retried test must not read the files of the first attempt.
    const tag = randomBytes(3).toString('hex');
    const whoami = (file: string) => `curl -s -m 5 http://127.0.0.1:4141/v1/whoami > ${file}; echo $? > ${file}.rc`;
    /** The answer, once curl is done (the redirect creates the file before curl writes to it). */
    const answer = async (agentId: string, file: string) => {
      const rc = (await waitForFile(agentId, `${file}.rc`, 20_000)).trim();
      return { rc, body: homeFile(agentId, file) };
    };
    const a = await spawn({ name: `tcp-a-${tag}`, command: ['/bin/sh', '-c', `${whoami('a.json')}; sleep 30`], endpoint: true });
    const b = await spawn({ name: `tcp-b-${tag}`, command: ['/bin/sh', '-c', `${whoami('b.json')}; sleep 30`], endpoint: true });
    // Without the endpoint, no IP sockets under "none": nothing to connect to.
    const c = await spawn({ name: `tcp-c-${tag}`, command: ['/bin/sh', '-c', whoami('c.json')] });
    const fromA = await answer(a.agent.id, 'a.json');
    expect(fromA.rc).toBe('0');
    expect(JSON.parse(fromA.body)).toEqual({ pid: a.pid, agent: `tcp-a-${tag}` });
    // b reaches 127.0.0.1:4141 too, and gets its own kernel socket: a's is out of its reach.
    const fromB = await answer(b.agent.id, 'b.json');
    expect(fromB.rc).toBe('0');
    expect(JSON.parse(fromB.body)).toEqual({ pid: b.pid, agent: `tcp-b-${tag}` });
    expect((await answer(c.agent.id, 'c.json')).rc).not.toBe('0');
    // A terminal of a's sandbox is a's too: it reaches a's endpoint, and it is told where (its environment).
    const term = await api('POST', `/api/v1/agents/${a.pid}/terminals`, {
      cols: 80,
      rows: 24,
      command: ['/bin/sh', '-c', `${whoami('t.json')}; echo "$OPENAI_BASE_URL" > t.url; sleep 5`],
    });
    expect(term.status, JSON.stringify(term.body)).toBe(201);
    const fromTerminal = await answer(a.agent.id, 't.json');
    expect(fromTerminal.rc).toBe('0');
    expect(JSON.parse(fromTerminal.body)).toEqual({ pid: a.pid, agent: `tcp-a-${tag}` });
    expect(homeFile(a.agent.id, 't.url').trim()).toBe('http://127.0.0.1:4141/v1');
    // The host (and every host-mode agent on it) has no such port.
    const host = await sh(['sh', '-c', 'curl -s -m 5 http://127.0.0.1:4141/v1/whoami; echo rc=$?'], true);
    expect(host.stdout).toMatch(/rc=[1-9]/);
    const refused = await api('POST', '/api/v1/agents', {
      name: 'tcp-host',
      command: ['/bin/true'],
      network: 'host',
      endpoint: true,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    for (const p of [a, b]) await api('DELETE', `/api/v1/agents/${p.pid}`);
    expect((await get(a.pid)).state).toMatch(/exited|killed/);
  });
});
