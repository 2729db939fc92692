import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openai, startOpenAIServer } from '../helpers/llm-servers/openai.js';
import type { ScriptedServer } from '../helpers/llm-servers/scripted-server.js';
import { api, machine, restartKernel, sh, waitForState, waitUntil } from './client.js';

/**
 * A coder and a reviewer agent, each the real runtime in its own sandbox, exchange a review over
 * IPC. Each has its own scripted model (an OpenAI-compatible server per agent), so their scripts
 * do not depend on which of them asks first.
 */
let coderLlm: ScriptedServer;
let reviewerLlm: ScriptedServer;
const CONFIG = '/etc/aether/config.json';
let previousConfig: string | null = null;

const call = (id: string, name: string, args: unknown) => ({ id, name, arguments: JSON.stringify(args) });

async function writeConfig(text: string | null): Promise<void> {
  if (text === null) await sh(['rm', '-f', CONFIG]);
  else await sh(['sh', '-c', `cat > ${CONFIG} <<'EOF'\n${text}\nEOF`]);
}

beforeAll(async () => {
  coderLlm = await startOpenAIServer();
  reviewerLlm = await startOpenAIServer();
  const host = join(machine().root, CONFIG.slice(1));
  previousConfig = existsSync(host) ? readFileSync(host, 'utf8') : null;
  const base = previousConfig ? (JSON.parse(previousConfig) as Record<string, unknown>) : {};
  const config = {
    ...base,
    llm: {
      compatible: { 'coder-llm': { baseUrl: `${coderLlm.url}/v1` }, 'reviewer-llm': { baseUrl: `${reviewerLlm.url}/v1` } },
    },
  };
  await writeConfig(JSON.stringify(config));
  await restartKernel({ timeoutMs: 30_000 });
});

afterAll(async () => {
  await writeConfig(previousConfig);
  await restartKernel({ timeoutMs: 30_000 });
  await Promise.all([coderLlm.close(), reviewerLlm.close()]);
});

const steps = async (pid: number) =>
  (await api('GET', `/api/v1/agents/${pid}/steps?limit=500`)).body.steps as { kind: string; tool?: string; output?: string }[];
const conversation = (server: ScriptedServer, n: number) => JSON.stringify(server.requests[n]?.body.messages ?? []);

describe('a coder and a reviewer agent', () => {
  it(
    'exchange a review over IPC, end to end, and remember it',
    async () => {
      reviewerLlm.push(
        openai.toolCalls([call('r1', 'receive_messages', { waitSeconds: 60 })]),
        openai.toolCalls([
          call('r2', 'send_message', { to: 'e2e-coder', text: 'Review of patch 1: LGTM, but rename tmp to buffer.' }),
        ]),
        openai.toolCalls([
          call('r3', 'review_agent', { subject: 'e2e-coder', good: true, note: 'e2e-coder writes small tested patches' }),
        ]),
        openai.toolCalls([call('r4', 'finish', { result: 'reviewed patch 1' })]),
      );
      coderLlm.push(
        openai.toolCalls([
          call('c1', 'send_message', { to: 'e2e-reviewer', text: 'Please review patch 1: adds a retry to the fetcher.' }),
        ]),
        openai.toolCalls([call('c2', 'receive_messages', { waitSeconds: 30 })]),
        openai.toolCalls([call('c3', 'finish', { result: 'patch 1 reviewed: LGTM' })]),
      );
      const reviewer = await api('POST', '/api/v1/agents', {
        name: 'e2e-reviewer',
        goal: 'Review the patches the coder sends you and answer with your review.',
        model: 'openai-compatible:reviewer-llm/scripted',
      });
      expect(reviewer.status).toBe(201);
      // The reviewer is waiting for mail before the coder writes.
      await waitUntil(async () => (await steps(reviewer.body.pid)).some((s) => s.tool === 'receive_messages'), 30_000);
      const coder = await api('POST', '/api/v1/agents', {
        name: 'e2e-coder',
        goal: 'Get patch 1 (a retry in the fetcher) reviewed by e2e-reviewer.',
        model: 'openai-compatible:coder-llm/scripted',
      });
      expect(coder.status).toBe(201);

      const [c, r] = await Promise.all([
        waitForState(coder.body.pid, ['exited', 'failed'], 90_000),
        waitForState(reviewer.body.pid, ['exited', 'failed'], 90_000),
      ]);
      expect([c.state, r.state]).toEqual(['exited', 'exited']);
      expect((await api('GET', `/api/v1/agents/${coder.body.pid}`)).body.run).toMatchObject({
        status: 'done',
        result: 'patch 1 reviewed: LGTM',
      });
      expect((await api('GET', `/api/v1/agents/${reviewer.body.pid}`)).body.run).toMatchObject({ status: 'done' });

      // Each model saw the other's message: the reviewer the request, the coder the review.
      expect(conversation(reviewerLlm, 1)).toContain('Please review patch 1: adds a retry to the fetcher.');
      expect(conversation(coderLlm, 2)).toContain('LGTM, but rename tmp to buffer.');
      expect(coderLlm.pending() + reviewerLlm.pending()).toBe(0);

      // Mission Control's views: the messages, read; what the reviewer now knows about the coder.
      const mail = (await api('GET', '/api/v1/agents/by-name/e2e-coder/messages')).body.messages as {
        text: string;
        readAt: string | null;
      }[];
      expect(mail.map((m) => m.text).sort()).toEqual([
        'Please review patch 1: adds a retry to the fetcher.',
        'Review of patch 1: LGTM, but rename tmp to buffer.',
      ]);
      expect(mail.every((m) => m.readAt !== null)).toBe(true);
      const ties = (await api('GET', '/api/v1/agents/by-name/e2e-reviewer/social')).body.ties as {
        subject: string;
        positive: number;
      }[];
      expect(ties.find((t) => t.subject === 'e2e-coder')).toMatchObject({ positive: 1 });

      // The runs became memories of their agents: an episode each, a how-to for the coder.
      await waitUntil(async () => {
        const m = (await api('GET', '/api/v1/agents/by-name/e2e-coder/memory?layer=procedural')).body.memories as unknown[];
        return m.length > 0;
      }, 10_000);
      const episodes = (await api('GET', '/api/v1/agents/by-name/e2e-coder/memory?layer=episodic')).body.memories as {
        content: string;
      }[];
      expect(episodes[0]?.content).toMatch(/succeeded.*send_message -> receive_messages -> finish/);
      const social = (await api('GET', '/api/v1/agents/by-name/e2e-reviewer/memory?layer=social')).body.memories as {
        content: string;
      }[];
      expect(social.map((m) => m.content)).toContain('e2e-coder writes small tested patches');

      // The coder's next run with a similar goal starts knowing how it went, and who reviewed it.
      coderLlm.push(openai.text('Patch 2 is in review the same way.'));
      const again = await api('POST', '/api/v1/agents', {
        name: 'e2e-coder',
        goal: 'Get patch 2 (a timeout in the fetcher) reviewed by e2e-reviewer.',
        model: 'openai-compatible:coder-llm/scripted',
      });
      await waitForState(again.body.pid, ['exited', 'failed'], 60_000);
      const system = (coderLlm.requests.at(-1)!.body.messages as { role: string; content: string }[])[0]!;
      expect(system.role).toBe('system');
      expect(system.content).toMatch(
        /How you did similar things before:\n- To "Get patch 1.*send_message -> receive_messages -> finish/,
      );
      expect(system.content).toMatch(/e2e-reviewer: \d+ messages exchanged/);
      // The waits above, one after another (the two runs' 90 s run side by side), and a margin.
    },
    30_000 + 90_000 + 10_000 + 60_000 + 30_000,
  );
});
