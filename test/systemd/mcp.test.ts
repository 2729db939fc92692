/**
 * MCP in a real systemd sandbox: a run that declares the probe plugin (an MCP server on stdio,
 * shipped in the installed plugins registry) calls its tools; they ran inside the agent's
 * sandbox (its uid, its cgroup, its home) and their results came back into the run's steps.
 * Then the kernel's own MCP endpoint, driven by the SDK's client with a scoped token, reads
 * that process's journal.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { openai } from '../helpers/llm-servers/openai.js';
import { api, machine, sh, useScriptedProvider, waitForFile, waitForState } from './client.js';

const KEY = `sk-aether-mcp-${randomBytes(12).toString('hex')}`;
const fixture = useScriptedProvider(KEY);
const call = (id: string, name: string, args: unknown) => ({ id, name, arguments: JSON.stringify(args) });

interface RunProc {
  pid: number;
  agent: { id: string; name: string };
  sandbox: { id: string };
  exit: { code: number | null } | null;
  run: { status: string; result: string | null; tools: string[] } | null;
}

describe('MCP plugins inside the sandbox', () => {
  it("starts the declared plugin in the agent's sandbox; the model calls its tools and reads their results", async () => {
    fixture.server.push(
      openai.toolCalls([call('m1', 'probe__whoami', {})]),
      openai.toolCalls([call('m2', 'probe__write_note', { path: 'plugin-note.txt', content: 'written by the plugin' })]),
      openai.toolCalls([
        call('m3', 'run_command', {
          command: 'id -u; for n in cgroup pid mnt net; do echo "$n=$(readlink /proc/self/ns/$n)"; done',
        }),
      ]),
      openai.toolCalls([call('m4', 'finish', { result: 'probed' })]),
    );
    const res = await api('POST', '/api/v1/agents', {
      name: 'mcp-prober',
      goal: 'probe where the plugin runs',
      template: 'general',
      plugins: [{ name: 'probe' }],
    });
    expect(res.status).toBe(201);
    const p = res.body as RunProc;
    expect(p.run!.tools).toContain('mcp:probe');

    const done = (await waitForState(p.pid, ['exited', 'failed'], 45_000)) as unknown as RunProc;
    const steps = (await api('GET', `/api/v1/agents/${p.pid}/steps`)).body.steps as Record<string, unknown>[];
    expect(
      steps.filter((s) => s.kind === 'error'),
      JSON.stringify(steps),
    ).toEqual([]);
    expect(done.exit).toMatchObject({ code: 0 });
    const final = (await api('GET', `/api/v1/agents/${p.pid}`)).body as RunProc;
    expect(final.run).toMatchObject({ status: 'done', result: 'probed' });

    const obs = steps.filter((s) => s.kind === 'observation');
    expect(obs.map((s) => s.tool)).toEqual(['probe__whoami', 'probe__write_note', 'run_command', 'finish']);
    const who = JSON.parse(String(obs[0]!.output)) as {
      uid: number;
      cgroup: string;
      namespaces: Record<string, string>;
      cwd: string;
      home: string;
    };
    // The plugin ran as the agent (the same uid its shell has), in the sandbox's namespaces (cgroup,
    // pid, mount, network: the ones the agent's own shell is in), in its home.
    const shell = String(obs[2]!.output);
    expect(who.uid).toBeGreaterThanOrEqual(200_000);
    expect(who.uid).toBe(Number(/^(\d+)$/m.exec(shell)?.[1]));
    for (const ns of ['cgroup', 'pid', 'mnt', 'net']) {
      expect(who.namespaces[ns]).toMatch(/^\w+:\[\d+\]$/);
      expect(shell).toContain(`${ns}=${who.namespaces[ns]}`);
    }
    // Control: network "none" is a network namespace of its own, not the machine's.
    const machineNet = (await sh(['readlink', '/proc/1/ns/net'])).stdout.trim();
    expect(machineNet).toMatch(/^net:\[\d+\]$/);
    expect(who.namespaces.net).not.toBe(machineNet);
    expect(who.cgroup).toMatch(/^0::\/$/m); // its own cgroup namespace: the sandbox's root
    expect(who.cwd).toBe(who.home);
    expect(obs[1]!.output).toBe(`${who.home}/plugin-note.txt`);
    expect(await waitForFile(p.agent.id, 'plugin-note.txt')).toBe('written by the plugin');
    // The model saw the plugin's answer.
    expect(JSON.stringify(fixture.server.requests.at(-2)!.body.messages)).toContain('plugin-note.txt');
    // Nothing of the key reached the plugin's environment.
    expect(JSON.stringify(obs)).not.toContain(KEY);

    // The kernel's MCP endpoint, with a scoped token, reads that process's journal.
    const minted = await api('POST', '/api/v1/mcp/tokens', { name: 'systemd-tier' });
    expect(minted.status).toBe(201);
    const client = new Client({ name: 'outside-assistant', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${machine().url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${minted.body.token as string}` } },
      }),
    );
    const logs = await client.callTool({ name: 'read_logs', arguments: { pid: p.pid, lines: 50 } });
    expect(logs.isError).toBeFalsy();
    const text = (logs.content as { text: string }[])[0]!.text;
    expect(text).toContain(`aether-agent: run ${p.pid} done: probed`);
    const inspected = await client.callTool({ name: 'inspect_agent', arguments: { pid: p.pid } });
    expect(JSON.parse((inspected.content as { text: string }[])[0]!.text)).toMatchObject({
      pid: p.pid,
      run: { status: 'done', result: 'probed' },
    });
    await client.close();
    // The same token is no key to the REST API.
    expect((await api('GET', '/api/v1/agents', undefined, minted.body.token as string)).status).toBe(401);
  });
});
