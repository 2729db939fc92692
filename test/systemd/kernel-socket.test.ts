import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openai } from '../helpers/llm-servers/openai.js';
import { spawn, useScriptedProvider, waitForFile, waitForState } from './client.js';

const KEY = `sk-aether-test-${randomBytes(12).toString('hex')}`;
const fixture = useScriptedProvider(KEY);

describe('the kernel socket', () => {
  it('identifies the caller and serves OpenAI chat completions from inside the sandbox, keys staying outside', async () => {
    fixture.server.push(openai.text('hello from the model', 12, 4), openai.streamText(['hel', 'lo'], 8, 2));
    const curl = 'curl -s --unix-socket /run/aether/kernel.sock';
    const body = '{"messages":[{"role":"user","content":"hi"}]}';
    const streamBody = '{"stream":true,"messages":[{"role":"user","content":"hi"}]}';
    const script = [
      `${curl} http://kernel/v1/whoami > whoami.json`,
      `${curl} -H content-type:application/json -d '${body}' http://kernel/v1/chat/completions > chat.json`,
      `${curl} -N -H content-type:application/json -d '${streamBody}' http://kernel/v1/chat/completions > stream.txt`,
      // Everything a hostile program could try for the key: its environment, the kernel's
      // configuration, every /proc environ it can see, the kernel's state directory.
      '{ env; cat /etc/aether/environment; cat /proc/*/environ; ls -la /run/aether; cat /var/lib/aether/*; } > probe.txt 2>&1',
      'echo done > done',
    ].join('; ');
    const p = await spawn({ name: 'llm-user', command: ['/bin/sh', '-c', script] });
    await waitForFile(p.agent.id, 'done', 20_000);
    await waitForState(p.pid, ['exited']);

    expect(JSON.parse(await waitForFile(p.agent.id, 'whoami.json'))).toEqual({ pid: p.pid, agent: 'llm-user' });
    const chat = JSON.parse(await waitForFile(p.agent.id, 'chat.json'));
    expect(chat).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'hello from the model' } }],
    });
    expect(chat.usage).toEqual({ prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 });
    const stream = await waitForFile(p.agent.id, 'stream.txt');
    const pieces = stream
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => JSON.parse(l.slice(6)).choices[0]?.delta?.content)
      .filter(Boolean);
    expect(pieces.join('')).toBe('hello');
    expect(stream.trim().endsWith('data: [DONE]')).toBe(true);

    // The provider saw the key (the kernel holds it); the sandbox never did.
    expect(fixture.server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    const probe = await waitForFile(p.agent.id, 'probe.txt');
    expect(probe).not.toContain(KEY);
    expect(probe).toContain('kernel.sock');
  });

  it('answers a bad request with an OpenAI-shaped error carrying our code', async () => {
    const script =
      'curl -s --unix-socket /run/aether/kernel.sock -H content-type:application/json -d \'{"messages":[]}\' http://kernel/v1/chat/completions > bad.json; echo done > done';
    const p = await spawn({ name: 'llm-bad', command: ['/bin/sh', '-c', script] });
    await waitForFile(p.agent.id, 'done');
    const bad = JSON.parse(await waitForFile(p.agent.id, 'bad.json'));
    expect(bad.error).toMatchObject({ code: 'VALIDATION_FAILED', type: 'VALIDATION_FAILED' });
  });
});
