import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddingServer, type EmbeddingServer } from '../helpers/llm-servers/embeddings.js';
import { api, homeFile, sh, sleep, spawn, waitForFile, waitForState } from './client.js';

const AETHER = 'node /opt/aether/kernel-service/dist/cli/aether.js';
let embeddings: EmbeddingServer;

async function restartKernel(): Promise<void> {
  const before = (await api('GET', '/api/v1/system')).body.startedAt as string;
  await sh(['systemctl', 'restart', 'aether-kernel.service']);
  for (let i = 0; i < 200; i++) {
    const now = await api('GET', '/api/v1/system').catch(() => null);
    if (now && now.status === 200 && now.body.startedAt !== before) return;
    await sleep(100);
  }
  throw new Error('kernel did not come back');
}

async function run(name: string, script: string) {
  const p = await spawn({ name, command: ['/bin/sh', '-c', `${script}; echo done > done`] });
  await waitForFile(p.agent.id, 'done', 30_000);
  await waitForState(p.pid, ['exited']);
  return p;
}

beforeAll(async () => {
  // A local server speaking OpenAI's embeddings protocol; the kernel gets it as an administrator
  // configures a provider: through the service's environment.
  embeddings = await startEmbeddingServer({
    dim: 64,
    concepts: { rotate: 'change', rotates: 'change', renewed: 'change', key: 'secret', credential: 'secret' },
  });
  const lines = [
    `OPENAI_BASE_URL=${embeddings.url}/v1`,
    'OPENAI_API_KEY=sk-embed-test',
    'AETHER_LLM_EMBEDDING_MODEL=openai/test-embed',
  ];
  await sh(['sh', '-c', `printf '%s\\n' ${lines.map((l) => `'${l}'`).join(' ')} >> /etc/aether/environment`]);
  await restartKernel();
});

afterAll(async () => {
  await sh(['sed', '-i', '/^OPENAI_\\|^AETHER_LLM_/d', '/etc/aether/environment']);
  await restartKernel();
  await embeddings.close();
});

describe('memory in the machine', () => {
  it('is recalled by a later run of the same agent (vectors from sqlite-vec in the machine), not by another agent', async () => {
    expect((await api('GET', '/api/v1/memory/status')).body).toEqual({ retrieval: 'hybrid' });
    await run('mem-keeper', `${AETHER} remember "The deploy key rotates on the 3rd of each month" --importance 0.9 > id.txt`);
    // A second run of the same agent: a query that shares no word with the memory finds it by meaning.
    const second = await run('mem-keeper', `${AETHER} recall "when is the credential renewed" --json > recall.json`);
    const recall = JSON.parse(homeFile(second.agent.id, 'recall.json'));
    expect(recall.retrieval).toBe('hybrid');
    expect(recall.memories[0]).toMatchObject({ content: 'The deploy key rotates on the 3rd of each month', layer: 'semantic' });
    expect(recall.memories[0].why.fulltextRank).toBeNull();

    const other = await run('mem-stranger', `${AETHER} recall "deploy key" --json > recall.json`);
    expect(JSON.parse(homeFile(other.agent.id, 'recall.json')).memories).toEqual([]);
    expect(embeddings.calls.length).toBeGreaterThanOrEqual(3);

    // Mission Control's view of it, through the API.
    const browsed = await api('GET', '/api/v1/agents/by-name/mem-keeper/memory?q=deploy%20key');
    expect(browsed.body.memories[0].content).toBe('The deploy key rotates on the 3rd of each month');
  });
});
