/**
 * MCP plugins: their declaration at spawn (refused before any sandbox), and the runtime's
 * bridge against a real stdio MCP server (test/helpers/mcp-test-server.ts, the SDK's
 * McpServer): tools under a prefix, calls through the kernel's grants and approval policy,
 * failures to start as steps with a stable code, plugins stopped with the run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pluginToolName, type PluginSpec } from '../../kernel-service/src/runtime/plugins/names.js';
import { REPO } from '../machine/machine.js';
import { TOKEN, testKernel } from '../helpers/kernel.js';
import { openai, runtimeHarness } from '../helpers/runtime-harness.js';

const SERVER = join(REPO, 'test', 'helpers', 'mcp-test-server.ts');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
const helper = (...args: string[]): PluginSpec => ({ name: 'helper', command: [TSX, SERVER, ...args] });
const call = (id: string, name: string, args: unknown) => ({ id, name, arguments: JSON.stringify(args) });

describe('plugin declarations at spawn', () => {
  let k: Awaited<ReturnType<typeof testKernel>>;
  beforeAll(async () => {
    k = await testKernel();
  });
  afterAll(async () => k.app.close());
  const spawn = (body: Record<string, unknown>) =>
    k.app.inject({
      method: 'POST',
      url: '/api/v1/agents',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: { name: 'plugged', goal: 'use the plugin', ...body },
    });

  it.each([
    ['a name with a dash', { plugins: [{ name: 'my-plugin', command: ['/bin/x'] }] }, 'VALIDATION_FAILED'],
    ['an upper-case name', { plugins: [{ name: 'Memory' }] }, 'VALIDATION_FAILED'],
    ['a command that is not an array', { plugins: [{ name: 'p', command: { argv: ['/bin/x'] } }] }, 'VALIDATION_FAILED'],
    ['an empty command', { plugins: [{ name: 'p', command: [] }] }, 'VALIDATION_FAILED'],
    ['an unknown key', { plugins: [{ name: 'p', command: ['/bin/x'], sudo: true }] }, 'VALIDATION_FAILED'],
    [
      '17 plugins',
      { plugins: Array.from({ length: 17 }, (_, i) => ({ name: `p${i}`, command: ['/bin/x'] })) },
      'VALIDATION_FAILED',
    ],
    [
      'a name twice',
      {
        plugins: [
          { name: 'p', command: ['/bin/x'] },
          { name: 'p', command: ['/bin/y'] },
        ],
      },
      'VALIDATION_FAILED',
    ],
    ['package and command', { plugins: [{ name: 'p', package: 'aether-probe', command: ['/bin/x'] }] }, 'VALIDATION_FAILED'],
    ['a package that is not installed', { plugins: [{ name: 'p', package: 'left-pad' }] }, 'PLUGIN_NOT_FOUND'],
    ['a bare name that is no installed plugin', { plugins: [{ name: 'nothere' }] }, 'PLUGIN_NOT_FOUND'],
    ['a grant of an undeclared plugin', { tools: ['read_file', 'mcp:ghost'] }, 'TOOL_NOT_FOUND'],
    ['a grant of an undeclared plugin tool', { tools: ['ghost__run'] }, 'TOOL_NOT_FOUND'],
    ['plugins on a bare command', { goal: undefined, command: ['/bin/true'], plugins: [{ name: 'probe' }] }, 'VALIDATION_FAILED'],
  ])('refuses %s with 400 %s; nothing is spawned', async (_, body, code) => {
    const before = k.supervisor.list().length;
    const launches = k.driver.launches;
    const res = await spawn(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
    expect(k.driver.launches).toBe(launches);
    expect(k.supervisor.list().length).toBe(before);
  });

  it('lets a valid declaration through to the sandbox (control: the host tier driver is what refuses it)', async () => {
    const launches = k.driver.launches;
    const res = await spawn({ plugins: [{ name: 'probe' }, { name: 'mem', package: '@modelcontextprotocol/server-memory' }] });
    expect(k.driver.launches).toBe(launches + 1);
    expect(res.statusCode).toBeGreaterThanOrEqual(500);
  });

  it('lists the installed plugins registry', async () => {
    const res = await k.app.inject({ url: '/api/v1/plugins', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    const plugins = res.json().plugins as { name: string; package: string; version: string | null; tools: string[] | null }[];
    const memory = plugins.find((p) => p.name === 'memory')!;
    const pkg = JSON.parse(
      readFileSync(join(REPO, 'node_modules', '@modelcontextprotocol', 'server-memory', 'package.json'), 'utf8'),
    ) as { version: string };
    expect(memory).toMatchObject({ package: '@modelcontextprotocol/server-memory', version: pkg.version });
    expect(plugins.find((p) => p.name === 'probe')).toMatchObject({
      package: 'aether-probe',
      tools: ['whoami', 'echo', 'write_note'],
    });
    expect(plugins.find((p) => p.name === 'filesystem')?.version).toMatch(/^\d+\./);
  });
});

describe('plugin tool names', () => {
  it('prefixes and sanitises', () => {
    expect(pluginToolName('helper', 'Mark-File.v2')).toBe('helper__mark_file_v2');
    expect(pluginToolName('fs', 'read_text_file')).toBe('fs__read_text_file');
    expect(pluginToolName('fs', '...')).toBeNull();
    expect(pluginToolName('p', 'x'.repeat(100))!.length).toBe(64);
  });
});

describe('the runtime bridge against a real stdio MCP server', () => {
  let h: Awaited<ReturnType<typeof runtimeHarness>>;
  beforeAll(async () => {
    h = await runtimeHarness({ timeoutMs: 5000 });
  });
  afterAll(async () => h.close());
  afterEach(() => expect(h.provider.pending()).toBe(0));

  it("lists the plugin's tools under its prefix, with their schemas, and the loop observes a call's result", async () => {
    const r = await h.newRun({ tools: ['finish', 'mcp:helper'], plugins: [helper()] });
    h.provider.push(
      openai.toolCalls([call('c1', 'helper__add', { a: 2, b: 3 })]),
      openai.toolCalls([call('c2', 'helper__mark_file_v2', { name: 'marker.txt' })]),
      openai.toolCalls([call('c3', 'helper__fail', {})]),
      openai.toolCalls([call('c4', 'finish', { result: 'added' })]),
    );
    expect(await r.loopWithPlugins()).toEqual({ status: 'done', result: 'added' });
    const first = h.provider.requests.at(-4)!.body as { tools: { function: { name: string; parameters: unknown } }[] };
    const names = first.tools.map((t) => t.function.name);
    expect(names).toEqual(
      expect.arrayContaining(['helper__add', 'helper__mark_file_v2', 'helper__pid', 'helper__fail', 'finish']),
    );
    expect(names).not.toContain('read_file'); // only what the run is granted
    expect(first.tools.find((t) => t.function.name === 'helper__add')!.function.parameters).toMatchObject({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
    });
    const obs = r.steps().filter((s) => s.kind === 'observation');
    expect(obs[0]).toMatchObject({ tool: 'helper__add', output: 'sum=5', isError: false });
    expect(obs[1]!.output).toBe('wrote marker.txt');
    expect(existsSync(join(r.home, 'marker.txt'))).toBe(true); // the plugin works in the agent's home
    expect(obs[2]).toMatchObject({ tool: 'helper__fail', output: 'it failed on purpose', isError: true });
    // The model read the result of its call.
    expect(JSON.stringify(h.provider.requests.at(-3)!.body.messages)).toContain('sum=5');
  });

  it('refuses a plugin tool the run is not granted (control: granted by name, it runs)', async () => {
    const denied = await h.newRun({ tools: ['finish', 'helper__add'], plugins: [helper()] });
    h.provider.push(
      openai.toolCalls([call('c1', 'helper__mark_file_v2', { name: 'denied.txt' })]),
      openai.toolCalls([call('c2', 'helper__add', { a: 1, b: 1 })]),
      openai.toolCalls([call('c3', 'finish', { result: 'tried' })]),
    );
    await denied.loopWithPlugins();
    // The model is not offered the ungranted tool; calling it anyway does nothing.
    const defs = (h.provider.requests.at(-3)!.body.tools as { function: { name: string } }[]).map((t) => t.function.name);
    expect(defs).toContain('helper__add');
    expect(defs).not.toContain('helper__mark_file_v2');
    expect(denied.steps().find((s) => s.kind === 'error')).toMatchObject({ tool: 'helper__mark_file_v2', isError: true });
    expect(existsSync(join(denied.home, 'denied.txt'))).toBe(false);
    const obs = denied.steps().filter((s) => s.kind === 'observation');
    expect(obs[0]).toMatchObject({ tool: 'helper__add', output: 'sum=2', isError: false });
    // A runtime that asks the kernel anyway (it is the agent's code) is refused there: the grant is the kernel's.
    const ask = (tool: string) =>
      denied.kernel.post<{ allowed: boolean; reason: string | null }>('/v1/run/steps', {
        n: 99,
        kind: 'tool_call',
        tool,
        arguments: { name: 'x' },
        callId: `hostile-${tool}`,
      });
    expect(await ask('helper__mark_file_v2')).toMatchObject({ allowed: false, reason: expect.stringMatching(/not granted/) });
    expect(await ask('helper__add')).toMatchObject({ allowed: true });
    // A tool named like another plugin's (not declared by this run) is refused even under a broad grant.
    const broad = await h.newRun({ tools: ['finish', 'mcp:helper'], plugins: [helper()] });
    const other = await broad.kernel.post<{ allowed: boolean }>('/v1/run/steps', {
      n: 1,
      kind: 'tool_call',
      tool: 'ghost__run',
      arguments: {},
      callId: 'g1',
    });
    expect(other.allowed).toBe(false);
    const mine = await broad.kernel.post<{ allowed: boolean }>('/v1/run/steps', {
      n: 1,
      kind: 'tool_call',
      tool: 'helper__mark_file_v2',
      arguments: {},
      callId: 'g2',
    });
    expect(mine.allowed).toBe(true);
  });

  it('holds a plugin tool for approval under mcp:<plugin> in the policy; runs it once approved, not when denied', async () => {
    const r = await h.newRun({
      tools: ['finish', 'mcp:helper'],
      plugins: [helper()],
      approval: { tools: ['mcp:helper'] },
    });
    h.provider.push(
      openai.toolCalls([call('c1', 'helper__mark_file_v2', { name: 'approved.txt' })]),
      openai.toolCalls([call('c2', 'helper__mark_file_v2', { name: 'refused.txt' })]),
      openai.toolCalls([call('c3', 'finish', { result: 'asked twice' })]),
    );
    const loop = r.loopWithPlugins();
    const decideNext = async (decision: 'approve' | 'deny') => {
      for (let i = 0; i < 200; i++) {
        const pending = h.kernel.runs.repo.approvals('pending', r.pid);
        if (pending.length) {
          expect(pending[0]).toMatchObject({ tool: 'helper__mark_file_v2' });
          expect(pending[0]!.why).toMatch(/plugin helper/);
          return h.kernel.runs.decide(pending[0]!.id, decision, decision === 'deny' ? 'not that one' : null, 'test');
        }
        await sleep(25);
      }
      throw new Error('no approval was requested');
    };
    await decideNext('approve');
    await decideNext('deny');
    expect(await loop).toEqual({ status: 'done', result: 'asked twice' });
    expect(existsSync(join(r.home, 'approved.txt'))).toBe(true);
    expect(existsSync(join(r.home, 'refused.txt'))).toBe(false);
    const obs = r.steps().filter((s) => s.kind === 'observation');
    expect(obs[1]!.output).toMatch(/Not allowed: not that one/);
  });

  it('reports a plugin that exits at start as a PLUGIN_START_FAILED step; the run goes on without it', async () => {
    const r = await h.newRun({ tools: ['finish', 'mcp:helper'], plugins: [helper('--crash')] });
    h.provider.push(openai.text('finished without the plugin'));
    const started = Date.now();
    expect(await r.loopWithPlugins()).toEqual({ status: 'done', result: 'finished without the plugin' });
    expect(Date.now() - started).toBeLessThan(15_000);
    const err = r.steps().find((s) => s.kind === 'error')!;
    expect(err.text).toMatch(/^PLUGIN_START_FAILED: plugin "helper"/);
    expect(err.text).toMatch(/crashing as asked/); // the end of its stderr
    const defs = (h.provider.requests.at(-1)!.body.tools as { function: { name: string } }[] | undefined) ?? [];
    expect(defs.map((t) => t.function.name)).not.toContain('helper__add');
  });

  it('reports a plugin that never answers as PLUGIN_TIMEOUT, not a hang', async () => {
    const r = await h.newRun({ tools: ['finish', 'mcp:helper'], plugins: [helper('--hang')] });
    h.provider.push(openai.text('done anyway'));
    const started = Date.now();
    expect(await r.loopWithPlugins({ startTimeoutMs: 1500 })).toMatchObject({ status: 'done' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.steps().find((s) => s.kind === 'error')!.text).toMatch(/^PLUGIN_TIMEOUT: plugin "helper" did not start/);
  });

  it('starts the shipped npm plugins by their registry name, working in the home', async () => {
    const r = await h.newRun({
      tools: ['finish', 'mcp:memory', 'mcp:fs'],
      plugins: [{ name: 'memory' }, { name: 'fs', package: '@modelcontextprotocol/server-filesystem' }],
    });
    h.provider.push(
      openai.toolCalls([
        call('c1', 'memory__create_entities', {
          entities: [{ name: 'aether', entityType: 'project', observations: ['runs agents as processes'] }],
        }),
      ]),
      openai.toolCalls([call('c2', 'fs__write_file', { path: 'from-fs.txt', content: 'written by server-filesystem' })]),
      openai.toolCalls([call('c3', 'fs__write_file', { path: '/etc/escape.txt', content: 'no' })]),
      openai.toolCalls([call('c4', 'finish', { result: 'used both' })]),
    );
    expect(await r.loopWithPlugins()).toEqual({ status: 'done', result: 'used both' });
    expect(r.steps().filter((s) => s.kind === 'error')).toEqual([]);
    const obs = r.steps().filter((s) => s.kind === 'observation');
    expect(obs[0]).toMatchObject({ tool: 'memory__create_entities', isError: false });
    // Its graph is kept in the home (the installation is read-only in a sandbox).
    expect(readFileSync(join(r.home, '.mcp-memory.jsonl'), 'utf8')).toContain('runs agents as processes');
    expect(obs[1]).toMatchObject({ tool: 'fs__write_file', isError: false });
    expect(readFileSync(join(r.home, 'from-fs.txt'), 'utf8')).toBe('written by server-filesystem');
    // Its root is the home by default: outside it, the server itself refuses.
    expect(obs[2]).toMatchObject({ tool: 'fs__write_file', isError: true });
    expect(existsSync('/etc/escape.txt')).toBe(false);
  });

  it('stops the plugins when the run ends', async () => {
    const r = await h.newRun({ tools: ['finish', 'mcp:helper'], plugins: [helper()] });
    h.provider.push(openai.toolCalls([call('c1', 'helper__pid', {})]), openai.text('done'));
    await r.loopWithPlugins();
    const pid = Number(r.steps().find((s) => s.kind === 'observation')!.output);
    expect(pid).toBeGreaterThan(1);
    let alive = true;
    for (let i = 0; i < 100 && alive; i++) {
      try {
        process.kill(pid, 0);
        await sleep(50);
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
  });
});
