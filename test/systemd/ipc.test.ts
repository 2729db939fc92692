import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, homeFile, machine, sh, spawn, waitForFile, waitForState, waitUntil } from './client.js';

/** The in-sandbox command, as the image's /usr/local/bin/aether runs it. */
const AETHER = 'node /opt/aether/kernel-service/dist/cli/aether.js';

const lines = (agentId: string, file: string): string[] => {
  try {
    return homeFile(agentId, file).split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

/** Texts of every message an `aether recv --json` loop wrote, in order of arrival. */
const received = (agentId: string) =>
  lines(agentId, 'got.jsonl').flatMap((l) => (JSON.parse(l) as { messages: { text: string }[] }).messages.map((m) => m.text));

async function killKernelAndWait(): Promise<void> {
  const before = (await api('GET', '/api/v1/system')).body.startedAt as string;
  await sh(['systemctl', 'kill', '--signal=SIGKILL', 'aether-kernel.service']);
  await waitUntil(async () => {
    const now = await api('GET', '/api/v1/system').catch(() => null);
    return now?.status === 200 && now.body.startedAt !== before;
  }, WAITS.restart);
}

/** The first test's waits, one after another; its timeout is their sum plus the kernel's restart. */
const WAITS = { midStream: 60_000, restart: 60_000, sent: 180_000, all: 60_000, sentinel: 30_000, exit: 30_000 };
const sum = (w: Record<string, number>) => Object.values(w).reduce((a, b) => a + b, 0);

describe('IPC between sandboxes', () => {
  it(
    'delivers every message exactly once across a kernel SIGKILL and restart',
    async () => {
      const N = 80;
      const receiver = await spawn({
        name: 'ipc-receiver',
        command: [
          '/bin/sh',
          '-c',
          `while [ ! -f stop ]; do ${AETHER} recv --wait 1 --limit 50 --json >> got.jsonl || echo "recv failed: $?" >> errors; done; echo done > done`,
        ],
      });
      const sender = await spawn({
        name: 'ipc-sender',
        command: [
          '/bin/sh',
          '-c',
          `i=0; while [ $i -lt ${N} ]; do i=$((i+1)); ${AETHER} send ipc-receiver "m$i" > /dev/null || echo "send $i failed" >> errors; done; echo done > sent`,
        ],
      });
      // Mid-stream: some messages sent and read, most still to come.
      await waitUntil(() => received(receiver.agent.id).length >= 5, WAITS.midStream);
      await killKernelAndWait();
      await waitForFile(sender.agent.id, 'sent', WAITS.sent);
      await waitUntil(() => received(receiver.agent.id).length >= N, WAITS.all);
      // A barrier instead of a pause: a message sent after all N arrives after any redelivery of them
      // (unread messages go out oldest first), so a duplicate, if there were one, is in by then.
      const sentinel = await api('POST', '/api/v1/agents/by-name/ipc-receiver/messages', { text: 'sentinel' });
      expect(sentinel.status).toBeLessThan(300);
      await waitUntil(() => received(receiver.agent.id).includes('sentinel'), WAITS.sentinel);
      writeFileSync(join(machine().root, 'var/lib/aether/homes', receiver.agent.id, 'stop'), '');
      await waitForState(receiver.pid, ['exited'], WAITS.exit);

      const got = received(receiver.agent.id).filter((t) => t !== 'sentinel');
      expect(got).toHaveLength(N);
      expect(new Set(got).size).toBe(N);
      expect([...got].sort()).toEqual(Array.from({ length: N }, (_, i) => `m${i + 1}`).sort());
      expect(lines(sender.agent.id, 'errors')).toEqual([]);
      expect(lines(receiver.agent.id, 'errors')).toEqual([]);
      // The history on the API agrees: every message read, by the receiver's process.
      const history = await api('GET', `/api/v1/agents/by-name/ipc-receiver/messages?limit=500`);
      const mine = (history.body.messages as { text: string; readAt: string | null; from: { agent: string } }[]).filter(
        (m) => m.from.agent === 'ipc-sender',
      );
      expect(mine).toHaveLength(N);
      expect(mine.every((m) => m.readAt !== null)).toBe(true);
    },
    sum(WAITS) + 30_000,
  );

  it('runs request/reply and topics between two sandboxes, and refuses a bad recipient with its code', async () => {
    const answerer = await spawn({
      name: 'ipc-answerer',
      command: [
        '/bin/sh',
        '-c',
        [
          `${AETHER} subscribe news > subscribed`,
          // Wait for the request, answer it by its correlation id.
          `until ${AETHER} recv --wait 5 --json > req.json && grep -q correlationId req.json; do :; done`,
          `corr=$(node -e 'const m=JSON.parse(require("fs").readFileSync("req.json","utf8")).messages.find(m=>m.kind==="request");process.stdout.write(m.correlationId)')`,
          `${AETHER} reply "$corr" "approved: $(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync("req.json","utf8")).messages[0].text)')"`,
          `until ${AETHER} recv --wait 5 --json > news.json && grep -q shipped news.json; do :; done`,
          'echo done > done',
        ].join('; '),
      ],
    });
    await waitForFile(answerer.agent.id, 'subscribed');
    const asker = await spawn({
      name: 'ipc-asker',
      command: [
        '/bin/sh',
        '-c',
        [
          `${AETHER} request ipc-answerer "patch 12" --timeout 60 > reply.txt`,
          `${AETHER} publish news "release shipped" > published`,
          `${AETHER} send no-such-agent hello 2> bad.txt; echo $? > bad.code`,
          'echo done > done',
        ].join('; '),
      ],
    });
    await waitForFile(asker.agent.id, 'done', 60_000);
    await waitForFile(answerer.agent.id, 'done', 60_000);
    expect(homeFile(asker.agent.id, 'reply.txt').trim()).toBe('approved: patch 12');
    expect(homeFile(asker.agent.id, 'published').trim()).toBe('delivered to 1');
    expect(homeFile(asker.agent.id, 'bad.code').trim()).toBe('1');
    expect(homeFile(asker.agent.id, 'bad.txt')).toMatch(/RECIPIENT_NOT_FOUND/);
    expect(JSON.parse(homeFile(answerer.agent.id, 'news.json'))).toMatchObject({
      messages: [{ kind: 'topic', topic: 'news', text: 'release shipped', from: { agent: 'ipc-asker', pid: asker.pid } }],
    });
  });
});
