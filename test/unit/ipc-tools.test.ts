import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpcService, ipcSocketRoutes } from '../../kernel-service/src/ipc/index.js';
import { EpisodeRecorder, MemoryService, memorySocketRoutes, SocialMemory } from '../../kernel-service/src/memory/index.js';
import { KernelClient } from '../../kernel-service/src/runtime/kernel-client.js';
import { buildSocketApp, KernelSockets } from '../../kernel-service/src/socket/index.js';
import { addProcess, open, tempDbPath } from '../helpers/memory-fixtures.js';
import { toolContext } from './tools/context.js';
import { testAuthority } from '../helpers/authority.js';

/** The memory and IPC tools as the runtime runs them: through a real kernel socket to the real services. */
const sockets = new KernelSockets(mkdtempSync(join(tmpdir(), 'aether-tools-sock-')));
let alice: ReturnType<typeof toolContext>;
let bob: ReturnType<typeof toolContext>;
let social: SocialMemory;

beforeAll(async () => {
  const db = open(tempDbPath());
  addProcess(db, 61, 'alice');
  addProcess(db, 62, 'bob');
  const memory = new MemoryService({ db, embedder: null, limits: { maxPerLayer: 1000 } });
  social = new SocialMemory(db, memory);
  const ipc = new IpcService({ db, limits: { mailboxMax: 100 }, spaceAccess: (s, a) => memory.spaces.accessOf(s, a) });
  const routes = [memorySocketRoutes({ memory, social, episodes: new EpisodeRecorder(db, memory) }), ipcSocketRoutes(ipc)];
  sockets.attach(await buildSocketApp({ llm: null, log: pino({ level: 'silent' }), authority: testAuthority(db), routes }));
  const uid = process.getuid!();
  alice = toolContext(new KernelClient(join(await sockets.serve(61, 'alice', uid), 'kernel.sock')));
  bob = toolContext(new KernelClient(join(await sockets.serve(62, 'bob', uid), 'kernel.sock')));
});
afterAll(() => sockets.stopAll());

describe('memory tools', () => {
  it('remember, recall (saying it is full-text only), forget', async () => {
    expect((await alice.run('remember', { content: 'The CI cache lives in /var/cache/ci', importance: 0.8 })).output).toMatch(
      /^Remembered as #(\d+) \(semantic\)\.$/,
    );
    const found = await alice.run('recall', { query: 'where is the CI cache' });
    expect(found.output).toMatch(/^#\d+ \[semantic\] The CI cache lives in \/var\/cache\/ci\n\(full-text search only/);
    expect((await bob.run('recall', { query: 'CI cache' })).output).toMatch(/^Nothing relevant remembered/);
    const id = Number(/#(\d+)/.exec(found.output)![1]);
    expect(await bob.run('forget', { id })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/^MEMORY_ACCESS_DENIED: .*\nhint: /s),
    });
    expect(await alice.run('forget', { id })).toEqual({ output: `Forgot #${id}.` });
    expect((await alice.run('remember', { content: 'x', layer: 'dreams' })).isError).toBe(true);
  });

  it('review_agent shapes reliability', async () => {
    expect((await alice.run('review_agent', { subject: 'bob', good: true, note: 'bob reviews fast' })).output).toBe(
      'Noted. bob: reliability 67% over 1 reviews.',
    );
    expect(social.ties('alice', 'bob')[0]).toMatchObject({ positive: 1 });
  });
});

describe('IPC tools', () => {
  it('send, receive, publish, subscribe, ask and reply, list peers', async () => {
    expect((await alice.run('send_message', { to: 'bob', text: 'hi bob', data: { pr: 3 } })).output).toMatch(
      /^Sent as message \d+\.$/,
    );
    const got = await bob.run('receive_messages', { waitSeconds: 1 });
    expect(got.output).toMatch(/^\[message \d+\] from alice \(pid 61\): hi bob\ndata: \{"pr":3\}$/);
    expect((await bob.run('receive_messages', {})).output).toBe('No messages.'); // acknowledged once read

    expect((await bob.run('subscribe_topic', { topic: 'builds' })).output).toBe('Your topics: builds.');
    expect((await alice.run('publish_message', { topic: 'builds', text: 'green' })).output).toBe('Delivered to 1 subscribers.');
    expect((await bob.run('receive_messages', {})).output).toMatch(/from alice \(pid 61\) on builds: green/);

    const asked = alice.run('ask_agent', { to: 62, text: 'ready to merge?', timeoutSeconds: 10 });
    const request = (await bob.run('receive_messages', { waitSeconds: 5 })).output;
    const corr = /correlationId "([^"]+)"/.exec(request)![1]!;
    expect((await bob.run('reply_message', { correlationId: corr, text: 'yes' })).output).toMatch(/^Replied \(message \d+\)\.$/);
    expect((await asked).output).toMatch(/from bob \(pid 62\): yes$/);

    expect(await alice.run('send_message', { to: 'nobody', text: 'x' })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/^RECIPIENT_NOT_FOUND: no agent named "nobody"\nhint: /),
    });
    const peers = (await alice.run('list_peers', {})).output;
    expect(peers).toMatch(/61\talice\trunning\t\(you\)\n62\tbob\trunning/);
  });
});
