import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolContext } from './context.js';

describe('shell tools', () => {
  it('run_command reports exit code, stdout and stderr, takes stdin, and runs in the home', async () => {
    const { run, home } = toolContext();
    const ok = await run('run_command', { command: 'pwd; cat; echo oops >&2', stdin: 'from stdin' });
    expect(ok.isError).toBe(false);
    expect(ok.output).toContain('exit code 0');
    expect(ok.output).toContain(home);
    expect(ok.output).toContain('from stdin');
    expect(ok.output).toMatch(/--- stderr ---\noops/);
    expect(await run('run_command', { command: 'exit 3' })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/exit code 3/),
    });
  });

  it('kills a command and its children when the time is up', async () => {
    const { run, home } = toolContext();
    const started = Date.now();
    const r = await run('run_command', { command: '(sleep 30; echo late > late.txt) & sleep 30', timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r).toMatchObject({ isError: true, output: expect.stringMatching(/timed out after 300 ms/) });
    await sleep(200);
    expect(() => readFileSync(join(home, 'late.txt'))).toThrow();
  });

  it('keeps long jobs in the background with their output readable later', async () => {
    const { run } = toolContext();
    const started = await run('start_background', { command: 'for i in 1 2 3; do echo line$i; sleep 0.05; done; sleep 30' });
    const id = Number(/job (\d+)/.exec(started.output)![1]);
    await sleep(400);
    const first = await run('read_background', { id });
    expect(first.output).toMatch(/^running; next offset 18\nline1\nline2\nline3/);
    expect((await run('read_background', { id, offset: 18 })).output).toBe('running; next offset 18\n');
    expect((await run('list_background')).output).toMatch(new RegExp(`${id}: running`));
    await run('stop_background', { id });
    expect((await run('read_background', { id })).output).toMatch(/^ended by SIGTERM/);
    expect(await run('read_background', { id: 999 })).toMatchObject({ isError: true });
  });
});

describe('process tools', () => {
  it('lists the processes it can see and signals only its own children', async () => {
    const { run } = toolContext();
    const started = await run('start_background', { command: 'sleep 30' });
    const pid = Number(/pid (\d+)/.exec(started.output)![1]);
    const list = (await run('list_processes')).output;
    expect(list).toMatch(new RegExp(`\\s${pid}\\s+${process.pid}\\s`));
    expect(list).toContain('<- runtime');
    expect(await run('signal_process', { pid: 1 })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/not one of your children/),
    });
    expect((await run('signal_process', { pid, signal: 'SIGKILL' })).output).toBe(`Sent SIGKILL to ${pid}.`);
    expect(await run('signal_process', { pid: 2 ** 22 + 7 })).toMatchObject({ isError: true });
  });
});

describe('web tools', () => {
  let url = '';
  const server = createServer((req, res) => {
    if (req.url === '/json') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    if (req.url === '/blob') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(2048, 7));
    if (req.url === '/echo') {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      return req.on('end', () => res.writeHead(201, { 'content-type': 'text/plain' }).end(`${req.method} ${body}`));
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('nope');
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('fetch_url answers status, type and body; a 404 is an error observation', async () => {
    const { run } = toolContext();
    expect((await run('fetch_url', { url: `${url}/json` })).output).toMatch(
      /^HTTP 200 OK\ncontent-type: application\/json\n\n\{"ok":true\}/,
    );
    expect((await run('fetch_url', { url: `${url}/echo`, method: 'POST', body: 'hi' })).output).toContain('POST hi');
    expect(await run('fetch_url', { url: `${url}/missing` })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/HTTP 404/),
    });
    expect(await run('fetch_url', { url: 'file:///etc/passwd' })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/Invalid arguments/),
    });
  });

  it('says what an unreachable network means in a sandbox', async () => {
    const { run } = toolContext();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await run('fetch_url', { url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 });
    expect(r).toMatchObject({ isError: true, output: expect.stringMatching(/ECONNREFUSED.*network "none"/s) });
  });

  it('download_file saves bytes and respects maxBytes', async () => {
    const { run, home } = toolContext();
    expect((await run('download_file', { url: `${url}/blob`, path: 'd/blob.bin' })).output).toMatch(/Saved 2048 bytes/);
    expect(readFileSync(join(home, 'd/blob.bin')).length).toBe(2048);
    expect(await run('download_file', { url: `${url}/blob`, path: 'small.bin', maxBytes: 100 })).toMatchObject({ isError: true });
  });
});

describe('planning and completion', () => {
  it('keeps a plan in the run state', async () => {
    const { run, state } = toolContext();
    expect((await run('read_plan')).output).toBe('No plan yet.');
    await run('create_plan', { steps: ['read', 'write'] });
    await run('update_plan', { id: 1, status: 'done', note: 'read 3 files' });
    await run('update_plan', { title: 'test' });
    expect((await run('read_plan')).output).toBe('1. [done] read — read 3 files\n2. [pending] write\n3. [pending] test');
    expect(state.plan).toHaveLength(3);
    expect(await run('update_plan', { id: 9, status: 'done' })).toMatchObject({ isError: true });
    expect(await run('update_plan', { id: 1, status: 'finished' })).toMatchObject({ isError: true });
  });

  it('finish carries the result and success', async () => {
    const { run } = toolContext();
    expect(await run('finish', { result: 'shipped' })).toMatchObject({ finish: { result: 'shipped', success: true } });
    expect(await run('finish', { result: 'blocked', success: false })).toMatchObject({
      finish: { result: 'blocked', success: false },
    });
  });
});
