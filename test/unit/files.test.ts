/** The file browser API: real files in a real (temporary) home, through fastify.inject. */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HomeFiles } from '../../kernel-service/src/files/index.js';
import { TOKEN, testKernel } from '../helpers/kernel.js';
import { execFileSync } from 'node:child_process';

let k: Awaited<ReturnType<typeof testKernel>>;
let pid: number;
let home: string;
const headers = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  k = await testKernel();
  const agent = k.repo.findOrCreateAgent('files-owner', 200_000);
  pid = k.repo.insertProcess({
    ppid: null,
    agentId: agent.id,
    command: ['/bin/true'],
    environment: {},
    limits: { memoryMax: 1 << 26, cpuQuota: 100, tasksMax: 64 },
    network: 'none',
    driver: 'none',
    sandboxOptions: {},
  });
  home = join(k.dir, 'homes', agent.id);
  mkdirSync(join(home, 'notes', 'deep'), { recursive: true });
  writeFileSync(join(home, 'notes', 'todo.txt'), 'buy milk\n');
  writeFileSync(join(home, 'blob.bin'), Buffer.from([0xff, 0xfe, 0x00, 0x01]));
  writeFileSync(join(home, 'big.log'), 'x'.repeat(1024 * 1024 + 10));
  symlinkSync('/etc/shadow', join(home, 'shadow'));
  symlinkSync('/etc', join(home, 'etc-link'));
  execFileSync('mkfifo', [join(home, 'pipe')]);
});
afterAll(async () => {
  await k.app.close();
});

const get = (url: string) => k.app.inject({ url, headers });

describe('GET /agents/:pid/files', () => {
  it('lists the home, directories first, symlinks shown but not followed', async () => {
    const res = await get(`/api/v1/agents/${pid}/files?path=/`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ path: string; entries: { name: string; type: string }[] }>();
    expect(body.path).toBe('/');
    expect(body.entries[0]).toMatchObject({ name: 'notes', type: 'directory' });
    expect(body.entries.find((e) => e.name === 'shadow')).toMatchObject({
      type: 'symlink',
      target: '/etc/shadow',
    });
    expect(body.entries.find((e) => e.name === 'pipe')).toMatchObject({ type: 'other' });
  });

  it('lists a subdirectory', async () => {
    const res = await get(`/api/v1/agents/${pid}/files?path=notes`);
    expect(res.json<{ entries: { name: string }[] }>().entries.map((e) => e.name)).toEqual(['deep', 'todo.txt']);
  });

  it.each([
    ['..', 'FILE_PATH_REFUSED', 400],
    ['notes/../../..', 'FILE_PATH_REFUSED', 400],
    ['etc-link', 'FILE_SYMLINK_REFUSED', 403],
    ['missing', 'FILE_NOT_FOUND', 404],
    ['notes/todo.txt', 'FILE_WRONG_TYPE', 400],
  ])('refuses %s with %s', async (path, code, status) => {
    const res = await get(`/api/v1/agents/${pid}/files?path=${encodeURIComponent(path)}`);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
  });

  it('answers PROCESS_NOT_FOUND for an unknown pid and 401 without a token', async () => {
    expect((await get('/api/v1/agents/999999/files')).json().code).toBe('PROCESS_NOT_FOUND');
    expect((await k.app.inject({ url: `/api/v1/agents/${pid}/files` })).statusCode).toBe(401);
  });
});

describe('GET /agents/:pid/files/content', () => {
  it('reads a text file', async () => {
    const res = await get(`/api/v1/agents/${pid}/files/content?path=notes/todo.txt`);
    expect(res.json()).toEqual({ path: '/notes/todo.txt', size: 9, truncated: false, encoding: 'utf8', content: 'buy milk\n' });
  });

  it('sends binary files as base64', async () => {
    const res = await get(`/api/v1/agents/${pid}/files/content?path=blob.bin`);
    expect(res.json()).toMatchObject({ encoding: 'base64', content: Buffer.from([0xff, 0xfe, 0, 1]).toString('base64') });
  });

  it('cuts a file larger than the cap and says so', async () => {
    const body = (await get(`/api/v1/agents/${pid}/files/content?path=big.log`)).json();
    expect(body).toMatchObject({ size: 1024 * 1024 + 10, truncated: true });
    expect(body.content.length).toBe(1024 * 1024);
  });

  it.each([
    ['shadow', 'FILE_SYMLINK_REFUSED', 403],
    ['etc-link/shadow', 'FILE_SYMLINK_REFUSED', 403],
    ['etc-link/passwd', 'FILE_SYMLINK_REFUSED', 403],
    ['../../../../etc/shadow', 'FILE_PATH_REFUSED', 400],
    ['notes', 'FILE_WRONG_TYPE', 400],
    ['pipe', 'FILE_WRONG_TYPE', 400],
    ['/', 'FILE_WRONG_TYPE', 400],
    ['notes/todo.txt/x', 'FILE_WRONG_TYPE', 400],
  ])('refuses %s with %s', async (path, code, status) => {
    const res = await get(`/api/v1/agents/${pid}/files/content?path=${encodeURIComponent(path)}`);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
    expect(res.body).not.toContain('root:');
  });
});

describe('HomeFiles', () => {
  it('refuses a path whose resolved descriptor lies outside the home (a swapped-in bind or link)', () => {
    // A home that is itself reached through a symlink still works: the home is resolved first.
    const alias = join(k.dir, 'home-alias');
    symlinkSync(home, alias);
    expect(new HomeFiles().read(alias, 'notes/todo.txt').content).toBe('buy milk\n');
  });

  it('lists at most the cap and says so', () => {
    const files = new HomeFiles(1024, 3);
    const all = new HomeFiles().list(home, '/');
    const cut = files.list(home, '/');
    expect(all.truncated).toBe(false);
    expect(cut).toMatchObject({ truncated: true });
    expect(cut.entries).toHaveLength(3);
  });

  it('never blocks on a FIFO', () => {
    expect(() => new HomeFiles().read(home, 'pipe')).toThrow(/not a regular file/);
  });
});
