/**
 * The kernel as an MCP server: the SDK's own Client over Streamable HTTP against a real
 * listening buildApp (SQLite, supervisor, run service; the host tier's driver refuses every
 * launch, so nothing reaches a sandbox). Scoped tokens: /mcp only, revocable at once.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpTokens } from '../../kernel-service/src/mcp/index.js';
import { TEMPLATES } from '../../kernel-service/src/runs/index.js';
import { insertTestProcess, testKernel, TOKEN } from '../helpers/kernel.js';

let k: Awaited<ReturnType<typeof testKernel>>;
let base: string;
const admin = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  k = await testKernel({ extend: (db) => ({ mcp: { tokens: new McpTokens(db) } }) });
  base = await k.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await k.app.close();
});

async function newToken(name: string): Promise<{ id: string; token: string }> {
  const res = await k.app.inject({ method: 'POST', url: '/api/v1/mcp/tokens', headers: admin, payload: { name } });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; token: string }>();
}

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'test-assistant', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
  );
  return client;
}

const text = (r: unknown) => (r as { content: { text: string }[] }).content[0]?.text ?? '';
const json = (r: unknown) => JSON.parse(text(r)) as Record<string, unknown>;

/** A process and its run as a spawn records them (no sandbox in this tier). */
function seedRun(name: string): number {
  const pid = insertTestProcess(k.repo, name);
  const t = TEMPLATES[0]!;
  k.runs.repo.insert(
    {
      pid,
      goal: `goal of ${name}`,
      template: t.name,
      model: null,
      tools: ['read_file'],
      approval: {},
      maxSteps: 10,
      tokenBudget: 10_000,
      contextTokens: 10_000,
      prompt: t.prompt,
      resumedFrom: null,
    },
    null,
  );
  return pid;
}

describe('kernel MCP endpoint', () => {
  it('lists its tools to the SDK client with a scoped token', async () => {
    const client = await connect((await newToken('lister')).token);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        'answer_approval',
        'inspect_agent',
        'kill_agent',
        'list_agents',
        'list_approvals',
        'pause_agent',
        'read_logs',
        'resume_agent',
        'spawn_agent',
      ].sort(),
    );
    expect(tools.find((t) => t.name === 'inspect_agent')!.inputSchema).toMatchObject({ required: ['pid'] });
    await client.close();
  });

  it('lists and inspects agents through the same services as REST', async () => {
    const pid = seedRun('mcp-seeded');
    k.runs.recordStep(pid, { n: 1, kind: 'thought', text: 'thinking about it' });
    const client = await connect((await newToken('inspector')).token);
    const listed = json(await client.callTool({ name: 'list_agents', arguments: {} })) as { agents: { pid: number }[] };
    expect(listed.agents.map((a) => a.pid)).toContain(pid);
    const one = json(await client.callTool({ name: 'inspect_agent', arguments: { pid } }));
    expect(one).toMatchObject({ pid, agent: 'mcp-seeded', run: { goal: 'goal of mcp-seeded', template: TEMPLATES[0]!.name } });
    expect((one.steps as { text?: string }[]).map((s) => s.text)).toContain('thinking about it');
    // The REST view of the same process agrees.
    const rest = await k.app.inject({ url: `/api/v1/agents/${pid}`, headers: admin });
    expect(rest.json()).toMatchObject({ pid, run: { goal: 'goal of mcp-seeded' } });
    await client.close();
  });

  it('answers a service refusal as an isError result carrying the stable code; nothing is spawned', async () => {
    const client = await connect((await newToken('spawner')).token);
    const launches = k.driver.launches;
    const bad = await client.callTool({ name: 'spawn_agent', arguments: { name: 'mcp-child', goal: 'x', template: 'nope' } });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/^TEMPLATE_NOT_FOUND: /);
    expect(bad.structuredContent).toMatchObject({ error: { code: 'TEMPLATE_NOT_FOUND' } });
    const plugin = await client.callTool({
      name: 'spawn_agent',
      arguments: { name: 'mcp-child', goal: 'x', plugins: [{ name: 'nothere', package: 'left-pad' }] },
    });
    expect(text(plugin)).toMatch(/^PLUGIN_NOT_FOUND: /);
    const missing = await client.callTool({ name: 'inspect_agent', arguments: { pid: 999_999 } });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/^PROCESS_NOT_FOUND: /);
    // read_logs of a process that never had a sandbox: the code, not a crash.
    const logs = await client.callTool({ name: 'read_logs', arguments: { pid: seedRun('mcp-nologs') } });
    expect(text(logs)).toMatch(/^PROCESS_NOT_RUNNING: /);
    expect(k.driver.launches).toBe(launches);
    expect(k.supervisor.list().some((p) => p.agent.name === 'mcp-child')).toBe(false);
    await client.close();
  });

  it("answers bad requests in JSON-RPC's error shape with our code in data", async () => {
    const client = await connect((await newToken('sloppy')).token);
    const unknown = await client.callTool({ name: 'format_disk', arguments: {} }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(McpError);
    expect((unknown as McpError).code).toBe(-32602);
    expect((unknown as McpError).data).toMatchObject({ code: 'MCP_TOOL_NOT_FOUND' });
    const invalid = await client.callTool({ name: 'inspect_agent', arguments: { pid: 'one' } }).catch((e: unknown) => e);
    expect((invalid as McpError).data).toMatchObject({ code: 'VALIDATION_FAILED' });
    await client.close();

    // Below MCP: a body that is not JSON, straight over HTTP.
    const { token } = await newToken('raw');
    const res = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{"jsonrpc": "2.0", ',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700, data: { code: 'BAD_JSON' } } });
  });

  it('answers and lists approvals; the decider is the token', async () => {
    const pid = seedRun('mcp-approver');
    const a = k.runs.repo.findOrCreateApproval({
      pid,
      callId: 'c1',
      tool: 'run_command',
      arguments: { command: 'ls' },
      why: 'test',
    });
    const client = await connect((await newToken('reviewer')).token);
    const pending = json(await client.callTool({ name: 'list_approvals', arguments: {} })) as { approvals: { id: number }[] };
    expect(pending.approvals.map((x) => x.id)).toContain(a.id);
    const decided = json(
      await client.callTool({ name: 'answer_approval', arguments: { id: a.id, decision: 'deny', reason: 'no' } }),
    );
    expect(decided).toMatchObject({ id: a.id, state: 'denied', reason: 'no', decidedBy: 'mcp:reviewer' });
    const again = await client.callTool({ name: 'answer_approval', arguments: { id: a.id, decision: 'approve' } });
    expect(text(again)).toMatch(/^APPROVAL_ALREADY_DECIDED: /);
    await client.close();
  });
});

describe('scoped MCP tokens', () => {
  it('drives /mcp but not the REST admin API (control: the admin token does both)', async () => {
    const { token } = await newToken('scoped');
    expect(token).toMatch(/^aether_mcp_/);
    for (const url of ['/api/v1/agents', '/api/v1/system', '/api/v1/mcp/tokens', '/metrics']) {
      const res = await k.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
      expect((await k.app.inject({ url, headers: admin })).statusCode, url).toBe(200);
    }
    // Nor can it mint tokens for itself.
    const mint = await k.app.inject({
      method: 'POST',
      url: '/api/v1/mcp/tokens',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'escalate' },
    });
    expect(mint.statusCode).toBe(401);
    const adminClient = await connect(TOKEN);
    expect((await adminClient.listTools()).tools.length).toBe(9);
    await adminClient.close();
  });

  it('is stored hashed, listed without its secret', async () => {
    const { id, token } = await newToken('hashed');
    const rows = k.db.prepare('SELECT * FROM mcp_tokens WHERE id = ?').all(id) as Record<string, unknown>[];
    expect(JSON.stringify(rows)).not.toContain(token.slice('aether_mcp_'.length));
    const list = await k.app.inject({ url: '/api/v1/mcp/tokens', headers: admin });
    expect(JSON.stringify(list.json())).not.toContain(token);
    expect(list.json<{ tokens: { id: string }[] }>().tokens.some((t) => t.id === id)).toBe(true);
  });

  it('is refused at its next request once revoked', async () => {
    const { id, token } = await newToken('revoked');
    const client = await connect(token);
    expect((await client.callTool({ name: 'list_agents', arguments: {} })).isError).toBeFalsy();
    const del = await k.app.inject({ method: 'DELETE', url: `/api/v1/mcp/tokens/${id}`, headers: admin });
    expect(del.statusCode).toBe(200);
    expect(del.json().revokedAt).not.toBeNull();
    const after = await client.callTool({ name: 'list_agents', arguments: {} }).catch((e: unknown) => e);
    expect(after).toBeInstanceOf(Error);
    expect((after as { code?: number }).code).toBe(401);
    expect(String(after)).toMatch(/UNAUTHENTICATED/);
    const gone = await k.app.inject({ method: 'DELETE', url: '/api/v1/mcp/tokens/000000000000', headers: admin });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('MCP_TOKEN_NOT_FOUND');
  });

  it('refuses a missing or wrong token with 401 in JSON-RPC shape', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const extras: Record<string, string>[] = [
      {},
      { authorization: 'Bearer aether_mcp_not-a-real-token' },
      { authorization: 'Bearer nope' },
    ];
    for (const extra of extras) {
      const res = await fetch(`${base}/mcp`, { method: 'POST', headers: { ...headers, ...extra }, body });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { data: { code: 'UNAUTHENTICATED' } } });
    }
    // Control: the same request with a token is answered.
    const { token } = await newToken('control');
    const ok = await fetch(`${base}/mcp`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${token}` }, body });
    expect(ok.status).toBe(200);
  });

  it('expires', async () => {
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/mcp/tokens',
      headers: admin,
      payload: { name: 'short', expiresInSeconds: 60 },
    });
    const { token, id } = res.json<{ token: string; id: string }>();
    const tokens = new McpTokens(k.db);
    expect(tokens.verify(token)?.id).toBe(id);
    k.db.prepare('UPDATE mcp_tokens SET expires_at = ? WHERE id = ?').run(Date.now() - 1, id);
    expect(tokens.verify(token)).toBeNull();
    const bad = await k.app.inject({
      method: 'POST',
      url: '/api/v1/mcp/tokens',
      headers: admin,
      payload: { name: 'short', expiresInSeconds: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });
});
