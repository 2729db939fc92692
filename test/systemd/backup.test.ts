/**
 * Backup and restore against the real kernel under systemd. The harness boots ONE machine for the
 * tier, so "a fresh appliance" is this machine with its state wiped (database, homes, logs; the
 * admin token stays, as a fresh appliance's first boot makes its own) and the kernel restarted.
 * A: agents, a file in a home, a memory, a message -> backup -> wipe (control: they are gone) ->
 * restore -> the same records, file (owner and mode), memory and message are back. The probe's
 * control: a backup taken before the file existed restores without it, and the check sees that.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, machine, sh, spawn, waitForState, waitUntil, waitForFile } from './client.js';

async function createBackup(): Promise<Buffer> {
  const made = await api('POST', '/api/v1/system/backup', {});
  expect(made.status).toBe(200);
  const res = await fetch(`${machine().url}/api/v1/system/backups/${made.body.id}`, {
    headers: { authorization: `Bearer ${machine().token}` },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function startedAt(): Promise<string | null> {
  const r = await api('GET', '/api/v1/system').catch(() => null);
  return r?.status === 200 ? (r.body.startedAt as string) : null;
}

async function restore(file: Buffer, query = ''): Promise<{ status: number; body: { code?: string } }> {
  const before = await startedAt();
  const res = await fetch(`${machine().url}/api/v1/system/restore${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${machine().token}`, 'content-type': 'application/gzip' },
    body: new Uint8Array(file),
  });
  const body = (await res.json()) as { code?: string };
  if (res.status === 202) await waitUntil(async () => ((await startedAt()) ?? before) !== before, 60_000);
  return { status: res.status, body };
}

const homePath = (agentId: string, file: string) => join(machine().root, 'var', 'lib', 'aether', 'homes', agentId, file);

function present(agentId: string, file: string): boolean {
  try {
    statSync(homePath(agentId, file));
    return true;
  } catch {
    return false;
  }
}

describe('backup and restore of the state', () => {
  it('restores agents, homes with owners, memories and messages onto a wiped appliance', async () => {
    const writer = await spawn({ name: 'bk-writer', command: ['/bin/sh', '-c', 'echo early > early.txt'] });
    await waitForState(writer.pid, ['exited']);
    await waitForFile(writer.agent.id, 'early.txt');
    const older = await createBackup(); // before late.txt exists: the control below
    const late = await spawn({ name: 'bk-writer', command: ['/bin/sh', '-c', 'echo late > late.txt; chmod 640 late.txt'] });
    await waitForState(late.pid, ['exited']);
    await waitForFile(writer.agent.id, 'late.txt');
    const owner = statSync(homePath(writer.agent.id, 'late.txt')).uid;
    expect(owner).toBeGreaterThan(0);
    expect(
      (await api('POST', '/api/v1/agents/by-name/bk-writer/memory', { content: 'The backup drill is on Fridays' })).status,
    ).toBe(201);
    expect((await api('POST', '/api/v1/agents/by-name/bk-writer/messages', { text: 'kept across restore' })).status).toBe(201);
    const live = await spawn({ name: 'bk-live', command: ['/bin/sleep', '600'] });
    const file = await createBackup();

    // Refused while an agent is live; nothing changes (the live agent keeps running).
    const busy = await restore(file);
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('RESTORE_AGENTS_RUNNING');
    expect((await api('GET', `/api/v1/agents/${live.pid}`)).body.state).toBe('running');
    // A corrupt file is refused too (a byte flipped in the middle).
    const corrupt = Buffer.from(file);
    corrupt[corrupt.length >> 1] = (corrupt[corrupt.length >> 1] ?? 0) ^ 0xff;
    expect((await restore(corrupt, '?stopAgents=true')).body.code).toBe('BACKUP_INVALID');
    expect((await api('GET', `/api/v1/agents/${live.pid}`)).body.state).toBe('running');

    // "Fresh appliance": the state wiped, the kernel started on nothing.
    await api('DELETE', `/api/v1/agents/${live.pid}`);
    await sh(['systemctl', 'stop', 'aether-kernel.service']);
    await sh(['sh', '-c', 'cd /var/lib/aether && rm -rf aether.db aether.db-wal aether.db-shm homes container-logs']);
    await sh(['systemctl', 'start', 'aether-kernel.service']);
    await waitUntil(async () => (await startedAt()) !== null, 60_000);
    const wiped = await api('GET', '/api/v1/agents/by-name/bk-writer/memory?q=drill');
    expect(JSON.stringify(wiped.body)).not.toContain('The backup drill is on Fridays');
    expect((await api('GET', `/api/v1/agents/${late.pid}`)).status).toBe(404);
    expect(present(writer.agent.id, 'late.txt')).toBe(false);

    // Control of the probe: the older backup has no late.txt, and the check notices.
    expect((await restore(older)).status).toBe(202);
    expect(present(writer.agent.id, 'early.txt')).toBe(true);
    expect(present(writer.agent.id, 'late.txt')).toBe(false);

    expect((await restore(file)).status).toBe(202);
    const st = statSync(homePath(writer.agent.id, 'late.txt'));
    expect(st.uid).toBe(owner);
    expect(st.mode & 0o777).toBe(0o640);
    const rec = await api('GET', `/api/v1/agents/${late.pid}`);
    expect(rec.body).toMatchObject({ state: 'exited', agent: { id: writer.agent.id, name: 'bk-writer' } });
    // Live at backup time, no unit here: reconciliation marks it lost.
    expect((await api('GET', `/api/v1/agents/${live.pid}`)).body).toMatchObject({ state: 'failed', exit: { reason: 'lost' } });
    const memory = await api('GET', '/api/v1/agents/by-name/bk-writer/memory?q=drill');
    expect((memory.body as { memories: { content: string }[] }).memories.map((m) => m.content)).toContain(
      'The backup drill is on Fridays',
    );
    const messages = await api('GET', '/api/v1/agents/by-name/bk-writer/messages');
    expect(JSON.stringify(messages.body)).toContain('kept across restore');
  }, 240_000);
});
