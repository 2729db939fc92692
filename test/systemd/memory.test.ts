import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddingServer, type EmbeddingServer } from '../helpers/llm-servers/embeddings.js';
import { addKernelEnvironment, api, dropProvider, homeFile, restartKernel, spawn, waitForFile, waitForState } from './client.js';

const AETHER = 'node /opt/aether/kernel-service/dist/cli/aether.js';
let embeddings: EmbeddingServer;

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
  await addKernelEnvironment([
    `OPENAI_BASE_URL=${embeddings.url}/v1`,
    'OPENAI_API_KEY=sk-embed-test',
    'AETHER_LLM_EMBEDDING_MODEL=openai/test-embed',
  ]);
  await restartKernel({ timeoutMs: 20_000 });
});

afterAll(async () => {
  await dropProvider(20_000);
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
