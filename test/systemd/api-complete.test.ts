/**
 * Issue 15's API against real sandboxes: logs (the journal, stdout and stderr apart, follow),
 * exec (exit code, stdin, uid, home, inside the sandbox: the agent's /tmp and cgroup, not the
 * host's), files both ways with their refusals, labels and pagination, time-to-live (also across
 * a kernel restart) and event replay across a reconnect. Every answer is checked against
 * docs/openapi.json (expectConforms).
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import tar from 'tar-stream';
import { expectConforms } from '../helpers/openapi-check.js';
import { api, machine, restartKernel, sh, sleep, spawn, waitForFile, waitForState, waitUntil } from './client.js';

/** Agent names of their own per attempt: a retried test must not find the first attempt's files in the home. */
const fresh = (name: string) => `${name}-${Date.now().toString(36)}`;
const auth = () => ({ authorization: `Bearer ${machine().token}` });

async function raw(method: string, path: string, body?: Buffer, type = 'application/octet-stream') {
  const res = await fetch(`${machine().url}${path}`, {
    method,
    headers: { ...auth(), ...(body ? { 'content-type': type } : {}) },
    body: body ? new Uint8Array(body) : undefined,
  });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

async function exec(pid: number, body: Record<string, unknown>) {
  const res = await api('POST', `/api/v1/agents/${pid}/exec`, body);
  if (res.status === 200) expectConforms('execInAgent', res);
  return res;
}

/** Reads an ndjson answer line by line until it ends. */
async function ndjson(path: string, init: RequestInit = {}): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${machine().url}${path}`, { ...init, headers: { ...auth(), ...(init.headers ?? {}) } });
  expect(res.headers.get('content-type')).toContain('application/x-ndjson');
  const text = await res.text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('logs', () => {
  it('reads the output from the journal, also after the end; tail and since', async () => {
    // systemd gives journald one stream for stdout and stderr (journal.ts): the lines come in order,
    // a line at warning priority ("<4>", SyslogLevelPrefix=) is reported as stderr.
    const p = await spawn({
      name: fresh('logger'),
      command: ['/bin/sh', '-c', 'echo out-one; echo "<4>err-one" >&2; sleep 1; echo out-two; echo last-line'],
    });
    await waitForState(p.pid, ['exited']);
    // journald writes asynchronously: wait until the last line is there.
    let res = await api('GET', `/api/v1/agents/${p.pid}/logs`);
    await waitUntil(async () => {
      res = await api('GET', `/api/v1/agents/${p.pid}/logs`);
      return (res.body.entries as { text: string }[]).some((e) => e.text.includes('last-line'));
    });
    expectConforms('getAgentLogs', res);
    const entries = res.body.entries as { at: string; stream: string; text: string }[];
    expect(entries.map((e) => [e.stream, e.text])).toEqual([
      ['stdout', 'out-one'],
      ['stderr', 'err-one'],
      ['stdout', 'out-two'],
      ['stdout', 'last-line'],
    ]);
    expect(res.body.truncated).toBe(false);
    const tail = await api('GET', `/api/v1/agents/${p.pid}/logs?tail=1`);
    expect((tail.body.entries as { text: string }[]).map((e) => e.text)).toEqual(['last-line']);
    const since = await api('GET', `/api/v1/agents/${p.pid}/logs?since=${encodeURIComponent(entries[2]!.at)}`);
    expect((since.body.entries as { text: string }[]).map((e) => e.text)).toEqual(['out-two', 'last-line']);
  });

  it('follows a live process as ndjson until it ends', async () => {
    const p = await spawn({
      name: fresh('follower'),
      command: ['/bin/sh', '-c', 'for i in 1 2 3; do echo tick-$i; sleep 0.5; done'],
    });
    const started = Date.now();
    const lines = await ndjson(`/api/v1/agents/${p.pid}/logs?follow=true`);
    expect(lines.map((l) => l.text)).toEqual(['tick-1', 'tick-2', 'tick-3']);
    expect(lines.every((l) => l.stream === 'stdout' && typeof l.at === 'string')).toBe(true);
    expect(Date.now() - started).toBeGreaterThan(900); // it was streamed, not read after the end
    expect((await api('GET', `/api/v1/agents/${p.pid}`)).body.state).toBe('exited');
  });
});

describe('exec', () => {
  it('runs in the sandbox: its uid, its home, its /tmp and cgroup slice, stdin, exit code', async () => {
    const p = await spawn({
      name: fresh('exec-target'),
      command: ['/bin/sh', '-c', 'id -u > uid; echo private > /tmp/marker; echo ok > ready; sleep 600'],
    });
    await waitForFile(p.agent.id, 'ready');
    const uid = (await waitForFile(p.agent.id, 'uid')).trim();
    await sh(['sh', '-c', 'echo host > /tmp/marker-host; echo host > /tmp/marker']);
    const res = await exec(p.pid, {
      command: [
        '/bin/sh',
        '-c',
        'id -u; pwd; cat /tmp/marker; cat /tmp/marker-host 2>/dev/null || echo no-host-file; cat; echo oops >&2; exit 3',
      ],
      stdin: 'from-stdin\n',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ exitCode: 3, signal: null, timedOut: false, stderr: 'oops\n' });
    expect(res.body.stdout).toBe(`${uid}\n/home/agent\nprivate\nno-host-file\nfrom-stdin\n`);
    expect(Number(uid)).toBeGreaterThan(0);
    // Its unit is in the process's slice (limits and accounting) while it runs, gone once it ended.
    const running = exec(p.pid, { command: ['/bin/sleep', '2'] });
    let unit = '';
    await waitUntil(async () => {
      unit = (await sh(['systemctl', 'list-units', '--plain', '--no-legend', `aether-p${p.pid}-exec*`])).stdout.split(/\s+/)[0]!;
      return unit !== '';
    });
    const cgroup = (await sh(['systemctl', 'show', '-P', 'ControlGroup', unit])).stdout.trim();
    expect(cgroup).toMatch(new RegExp(`-p${p.pid}\\.slice/${unit.replace(/\./g, '\\.')}$`));
    expect((await sh(['systemctl', 'show', '-P', 'User', unit])).stdout.trim()).toMatch(/^aether-u\d+$/);
    expect((await running).body.exitCode).toBe(0);
    const env = await exec(p.pid, {
      command: ['/bin/sh', '-c', 'echo $GREETING; cat /proc/self/cgroup'],
      env: { GREETING: 'hi' },
    });
    // A cgroup namespace rooted at the unit's own cgroup: the unified line reads "0::/".
    expect(env.body.stdout).toMatch(/^hi\n/);
    expect(env.body.stdout).toMatch(/^0::\/$/m);
    const units = await sh(['systemctl', 'list-units', '--all', '--plain', '--no-legend', `aether-p${p.pid}-exec*`]);
    expect(units.stdout.trim()).toBe('');
  });

  it('times out, streams, and refuses paused and ended processes', async () => {
    const p = await spawn({ name: fresh('exec-more'), command: ['/bin/sleep', '600'] });
    const slow = await exec(p.pid, { command: ['/bin/sleep', '30'], timeoutMs: 500 });
    expect(slow.body.timedOut).toBe(true);
    expect(slow.body.exitCode === 0).toBe(false);
    const lines = await ndjson(`/api/v1/agents/${p.pid}/exec?stream=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ command: ['/bin/sh', '-c', 'echo a; sleep 0.3; echo b >&2; exit 5'] }),
    });
    const chunks = lines.slice(0, -1).map((l) => [l.stream, Buffer.from(l.data as string, 'base64').toString()]);
    expect(chunks).toEqual([
      ['stdout', 'a\n'],
      ['stderr', 'b\n'],
    ]);
    expect(lines.at(-1)).toEqual({ exitCode: 5, signal: null, timedOut: false });
    expect((await api('POST', `/api/v1/agents/${p.pid}/pause`)).status).toBe(200);
    const paused = await exec(p.pid, { command: ['/bin/true'] });
    expect(paused).toMatchObject({ status: 409, body: { code: 'PROCESS_PAUSED' } });
    await api('POST', `/api/v1/agents/${p.pid}/resume`);
    await api('DELETE', `/api/v1/agents/${p.pid}`);
    const ended = await exec(p.pid, { command: ['/bin/true'] });
    expect(ended).toMatchObject({ status: 409, body: { code: 'PROCESS_NOT_RUNNING' } });
  });
});

describe('files', () => {
  it('writes, downloads, archives both ways and deletes, as the agent; a link the agent planted is not followed', async () => {
    const p = await spawn({
      name: fresh('files-agent'),
      command: ['/bin/sh', '-c', 'ln -s /etc escape; echo ok > ready; sleep 600'],
    });
    await waitForFile(p.agent.id, 'ready');
    const put = await raw('PUT', `/api/v1/agents/${p.pid}/files/content?path=dir/note.txt`, Buffer.from('hello'));
    expect(put.status).toBe(200);
    expectConforms('writeAgentFile', { status: 200, body: JSON.parse(put.bytes.toString()) });
    const seen = await exec(p.pid, { command: ['/bin/sh', '-c', 'stat -c %u dir/note.txt; id -u; cat dir/note.txt'] });
    const [owner, self, text] = (seen.body.stdout as string).trim().split('\n');
    expect(owner).toBe(self);
    expect(text).toBe('hello');
    const escape = await raw('PUT', `/api/v1/agents/${p.pid}/files/content?path=escape/evil`, Buffer.from('x'));
    expect(escape.status).toBe(403);
    expect(JSON.parse(escape.bytes.toString()).code).toBe('FILE_SYMLINK_REFUSED');
    expect((await sh(['test', '-e', '/etc/evil'], true)).code).not.toBe(0);

    const got = await raw('GET', `/api/v1/agents/${p.pid}/files/raw?path=dir/note.txt`);
    expect(got).toMatchObject({ status: 200, type: 'application/octet-stream' });
    expect(got.bytes.toString()).toBe('hello');
    const archive = await raw('GET', `/api/v1/agents/${p.pid}/files/archive?path=dir`);
    expect(archive.type).toBe('application/x-tar');
    const names: string[] = [];
    const ex = tar.extract();
    ex.end(archive.bytes);
    for await (const e of ex) {
      names.push(e.header.name);
      e.resume();
    }
    expect(names).toEqual(['note.txt']);
    const up = await raw('PUT', `/api/v1/agents/${p.pid}/files/archive?path=copy`, archive.bytes, 'application/x-tar');
    expect(JSON.parse(up.bytes.toString())).toEqual({ path: '/copy', entries: 1 });
    expect((await exec(p.pid, { command: ['/bin/cat', 'copy/note.txt'] })).body.stdout).toBe('hello');
    const del = await raw('DELETE', `/api/v1/agents/${p.pid}/files?path=escape`);
    expect(del.status).toBe(204);
    expect((await sh(['test', '-d', '/etc'])).code).toBe(0); // the link went, not its target
    const listing = await api('GET', `/api/v1/agents/${p.pid}/files?path=/`);
    expectConforms('listAgentFiles', listing);
    expect((listing.body.entries as { name: string }[]).map((e) => e.name)).not.toContain('escape');
    await api('DELETE', `/api/v1/agents/${p.pid}`);
  });
});

describe('labels, pagination and time-to-live', () => {
  it('selects by labels, pages with a cursor, and stops a process when its ttl runs out', async () => {
    const tag = `run-${Date.now()}`;
    const a = await spawn({
      name: fresh('ttl-a'),
      command: ['/bin/sleep', '600'],
      labels: { suite: tag, role: 'a' },
      ttlSeconds: 4,
    });
    const b = await spawn({ name: fresh('ttl-b'), command: ['/bin/sleep', '600'], labels: { suite: tag, role: 'b' } });
    const page1 = await api('GET', `/api/v1/agents?label=suite=${tag}&limit=1`);
    expectConforms('listAgents', page1);
    expect((page1.body.processes as { pid: number }[]).map((p) => p.pid)).toEqual([a.pid]);
    const page2 = await api('GET', `/api/v1/agents?label=suite=${tag}&limit=1&cursor=${page1.body.nextCursor}`);
    expect((page2.body.processes as { pid: number }[]).map((p) => p.pid)).toEqual([b.pid]);
    const onlyB = await api('GET', `/api/v1/agents?label=suite=${tag}&label=role=b`);
    expect(onlyB.body).toMatchObject({ processes: [{ pid: b.pid, labels: { suite: tag, role: 'b' } }], nextCursor: null });
    expect(Date.parse((await api('GET', `/api/v1/agents/${a.pid}`)).body.expiresAt)).toBeGreaterThan(Date.now());

    const ended = await waitForState(a.pid, ['exited', 'killed'], 10_000);
    const rec = (await api('GET', `/api/v1/agents/${a.pid}`)).body;
    expectConforms('getAgent', { status: 200, body: rec });
    expect(rec.endReason).toBe('ttl-expired');
    expect(ended.state).not.toBe('running');
    // Control: the one without a ttl still runs, and says nothing ended it.
    const other = (await api('GET', `/api/v1/agents/${b.pid}`)).body;
    expect(other).toMatchObject({ state: 'running', expiresAt: null, endReason: null });
    await api('DELETE', `/api/v1/agents/${b.pid}`);
  });

  it('stops a process whose ttl ran out while the kernel was away', async () => {
    const p = await spawn({ name: fresh('ttl-restart'), command: ['/bin/sleep', '600'], ttlSeconds: 2 });
    await restartKernel({ meanwhile: () => sleep(2500), timeoutMs: 30_000 });
    await waitForState(p.pid, ['exited', 'killed'], 15_000);
    expect((await api('GET', `/api/v1/agents/${p.pid}`)).body.endReason).toBe('ttl-expired');
  });
});

describe('event replay', () => {
  it('gives a client that reconnects with after= exactly what it missed, then live events', async () => {
    type Ev = { type: string; seq?: number; pid?: number; to?: string };
    const connect = (after?: number) => {
      const got: Ev[] = [];
      const q = after === undefined ? '' : `&after=${after}`;
      const ws = new WebSocket(`${machine().url.replace('http', 'ws')}/api/v1/events?token=${machine().token}${q}`);
      ws.on('message', (d: Buffer) => got.push(JSON.parse(d.toString()) as Ev));
      return { ws, got, open: new Promise((r) => ws.on('open', r)) };
    };
    const first = connect();
    await first.open;
    const p = await spawn({ name: fresh('replayed'), command: ['/bin/sleep', '600'] });
    await waitUntil(() => first.got.some((e) => e.pid === p.pid && e.to === 'running'));
    const last = Math.max(...first.got.filter((e) => e.seq !== undefined).map((e) => e.seq!));
    first.ws.close();
    // While away: the process stops.
    await api('DELETE', `/api/v1/agents/${p.pid}`);
    const page = await api('GET', `/api/v1/events?after=${last}`);
    expectConforms('listEvents', page);
    expect((page.body.events as Ev[]).filter((e) => e.pid === p.pid).map((e) => e.to)).toEqual(['stopping', 'killed']);
    const second = connect(last);
    await second.open;
    const q = await spawn({ name: fresh('replayed-live'), command: ['/bin/true'] });
    await waitUntil(() => second.got.some((e) => e.pid === q.pid && e.to === 'exited'));
    second.ws.close();
    const seqs = second.got.filter((e) => e.seq !== undefined).map((e) => e.seq!);
    expect(seqs[0]).toBe(last + 1);
    expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y)); // in order, no duplicate
    expect(second.got.filter((e) => e.pid === p.pid).map((e) => e.to)).toEqual(['stopping', 'killed']);
    expect(second.got.filter((e) => e.pid === q.pid).map((e) => e.to)).toEqual(['starting', 'running', 'exited']);
  });
});
