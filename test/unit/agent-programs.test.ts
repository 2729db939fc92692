import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepParser } from '../../kernel-service/src/programs/steps.js';
import { endpointEnvironment } from '../../kernel-service/src/socket/endpoint/environment.js';
import { foreignLinks } from '../../kernel-service/src/socket/endpoint/netcheck.js';
import { TOKEN, testKernel } from '../helpers/kernel.js';

const j = (v: unknown) => JSON.stringify(v);

describe('agent program output as run steps', () => {
  it('turns Claude Code stream-json into thoughts, tool notes, observations and a final step', () => {
    const p = stepParser('claude-stream-json');
    const lines = [
      j({ type: 'system', subtype: 'init', model: 'anthropic/x', claude_code_version: '2.1.332', tools: ['Bash'] }),
      j({ type: 'assistant', message: { content: [{ type: 'text', text: 'Writing.' }] } }),
      j({
        type: 'assistant',
        message: { content: [{ type: 'tool_use', id: 'toolu_1', name: 'Write', input: { file_path: 'a' } }] },
      }),
      j({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'File created' }] } }),
      'not json: a progress line',
      j({ type: 'result', subtype: 'success', is_error: false, result: 'All done.' }),
    ];
    expect(lines.flatMap((l) => p.line(l))).toEqual([
      { kind: 'note', text: 'claude-code 2.1.332 started (model anthropic/x)' },
      { kind: 'thought', text: 'Writing.' },
      { kind: 'note', text: 'Write (run by claude-code)', tool: 'Write', arguments: { file_path: 'a' }, callId: 'toolu_1' },
      { kind: 'observation', output: 'File created', isError: false, callId: 'toolu_1' },
      { kind: 'final', text: 'All done.' },
    ]);
    expect(p.result()).toEqual({ text: 'All done.', isError: false });
    const failed = stepParser('claude-stream-json');
    failed.line(j({ type: 'result', is_error: true, result: 'API Error: 403' }));
    expect(failed.result()).toEqual({ text: 'API Error: 403', isError: true });
  });

  it('turns Codex exec --json events into steps, its last message the result', () => {
    const p = stepParser('codex-json');
    const lines = [
      j({ type: 'thread.started', thread_id: 't' }),
      j({ type: 'item.started', item: { type: 'command_execution', command: 'ls', status: 'in_progress' } }),
      j({ type: 'item.completed', item: { type: 'command_execution', command: 'ls', aggregated_output: 'a\n', exit_code: 2 } }),
      j({ type: 'item.completed', item: { type: 'agent_message', text: 'Listed.' } }),
      j({ type: 'turn.completed', usage: {} }),
    ];
    expect(lines.flatMap((l) => p.line(l))).toEqual([
      { kind: 'note', text: 'shell (run by codex)', tool: 'shell', arguments: { command: 'ls' } },
      { kind: 'observation', output: 'a\n', isError: true },
      { kind: 'thought', text: 'Listed.' },
    ]);
    expect(p.result()).toEqual({ text: 'Listed.', isError: false });
    p.line(j({ type: 'turn.failed', error: { message: 'stream disconnected' } }));
    expect(p.result()).toEqual({ text: 'stream disconnected', isError: true });
  });

  it('gives the sandbox base URLs and placeholder keys only', () => {
    const env = endpointEnvironment('none');
    expect(env).toMatchObject({ OPENAI_BASE_URL: 'http://127.0.0.1:4141/v1', ANTHROPIC_BASE_URL: 'http://127.0.0.1:4141' });
    expect(env.OPENAI_API_KEY).toBe('aether-placeholder');
    expect(env.ANTHROPIC_API_KEY).toBe('aether-placeholder');
  });
});

describe('the endpoint fails closed under network "none"', () => {
  it('finds the interfaces besides loopback that would make IP sockets unsafe (control: a loopback-only namespace has none)', () => {
    const header =
      'Inter-|   Receive                            |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes\n';
    expect(foreignLinks(`${header}    lo:  100  1 0 0 0 0 0 0 100 1 0 0 0 0 0 0\n`)).toEqual([]);
    expect(foreignLinks(`${header}    lo: 1 1 0 0 0 0 0 0\n  eth0: 9 9 0 0 0 0 0 0\n aeh12: 1 1 0 0 0 0 0 0\n`)).toEqual([
      'eth0',
      'aeh12',
    ]);
  });
});

describe('program templates in the API', () => {
  let k: Awaited<ReturnType<typeof testKernel>>;
  const headers = { authorization: `Bearer ${TOKEN}` };
  beforeAll(async () => {
    k = await testKernel();
  });
  afterAll(async () => {
    await k.app.close();
  });

  it('lists templates with their kind: the runtime’s agents and the programs', async () => {
    const res = await k.app.inject({ url: '/api/v1/templates', headers });
    const kinds = Object.fromEntries((res.json().templates as { name: string; kind: string }[]).map((t) => [t.name, t.kind]));
    expect(kinds).toMatchObject({ general: 'agent', coder: 'agent', 'claude-code': 'program', codex: 'program' });
  });

  it('refuses the TCP endpoint under network "host" (shared loopback), creating nothing; control: "none" passes that check', async () => {
    const before = (await k.app.inject({ url: '/api/v1/agents', headers })).json().processes.length as number;
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/agents',
      headers,
      payload: { name: 'host-ep', command: ['/bin/true'], network: 'host', endpoint: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/host/) });
    expect((await k.app.inject({ url: '/api/v1/agents', headers })).json().processes.length).toBe(before);
    const none = await k.app.inject({
      method: 'POST',
      url: '/api/v1/agents',
      headers,
      payload: { name: 'none-ep', command: ['/bin/true'], network: 'none', endpoint: true },
    });
    // This test kernel has no kernel sockets: "none" gets past the network check to that one.
    expect(none.json().message).toMatch(/no kernel sockets/);
  });
});
