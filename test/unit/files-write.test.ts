/**
 * Writing an agent's home through the API (upload, raw download, tar both ways, delete): real
 * files in a real temporary home as root, through fastify.inject. Every refusal has a control
 * that does the same thing the allowed way, and checks that nothing was written.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, insertTestProcess, testKernel } from '../helpers/kernel.js';

let k: Awaited<ReturnType<typeof testKernel>>;
let pid: number;
let uid: number;
let home: string;
const auth = { authorization: `Bearer ${TOKEN}` };
const outside = join(tmpdir(), `aether-outside-${process.pid}`);

beforeAll(async () => {
  k = await testKernel();
  pid = insertTestProcess(k.repo, 'writer');
  const agent = k.repo.agentByName('writer')!;
  uid = agent.uid;
  home = join(k.dir, 'homes', agent.id);
  mkdirSync(home, { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'victim.txt'), 'untouched');
  symlinkSync(outside, join(home, 'escape'));
});
afterAll(async () => {
  await k.app.close();
});

const put = (url: string, payload: Buffer, type = 'application/octet-stream') =>
  k.app.inject({ method: 'PUT', url, payload, headers: { ...auth, 'content-type': type } });

async function tarOf(
  entries: { name: string; type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo'; body?: string; linkname?: string }[],
) {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.type && e.type !== 'file') pack.entry({ name: e.name, type: e.type, linkname: e.linkname ?? '' });
    else pack.entry({ name: e.name, mode: 0o640 }, e.body ?? '');
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

async function untar(buf: Buffer) {
  const out: Record<string, { type: string; body: string; linkname?: string }> = {};
  const ex = tar.extract();
  ex.end(buf);
  for await (const e of ex) {
    const parts: Buffer[] = [];
    for await (const c of e as AsyncIterable<Buffer>) parts.push(c);
    out[e.header.name] = { type: e.header.type, body: Buffer.concat(parts).toString(), linkname: e.header.linkname };
  }
  return out;
}

describe('PUT /agents/:pid/files/content', () => {
  it('writes the raw body, creating parents, owned by the agent', async () => {
    const res = await put(`/api/v1/agents/${pid}/files/content?path=a/b/c.txt`, Buffer.from('hello'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ path: '/a/b/c.txt', size: 5 });
    expect(readFileSync(join(home, 'a/b/c.txt'), 'utf8')).toBe('hello');
    expect(lstatSync(join(home, 'a/b/c.txt')).uid).toBe(uid);
    expect(lstatSync(join(home, 'a')).uid).toBe(uid);
    expect(readdirSync(join(home, 'a/b'))).toEqual(['c.txt']); // no temporary file left
  });

  it('refuses a path through a symlink (control: the same name in a real directory works)', async () => {
    const res = await put(`/api/v1/agents/${pid}/files/content?path=escape/victim.txt`, Buffer.from('owned'));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FILE_SYMLINK_REFUSED');
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('untouched');
    const control = await put(`/api/v1/agents/${pid}/files/content?path=real/victim.txt`, Buffer.from('mine'));
    expect(control.statusCode).toBe(200);
  });

  it('replaces a symlink at the name itself instead of writing through it', async () => {
    symlinkSync(join(outside, 'victim.txt'), join(home, 'link.txt'));
    const res = await put(`/api/v1/agents/${pid}/files/content?path=link.txt`, Buffer.from('new'));
    expect(res.statusCode).toBe(200);
    expect(lstatSync(join(home, 'link.txt')).isFile()).toBe(true);
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('untouched');
  });

  it.each([
    ['..', '../x', 400, 'FILE_PATH_REFUSED'],
    ['the home itself', '/', 400, 'FILE_PATH_REFUSED'],
  ])('refuses %s', async (_, path, status, code) => {
    const res = await put(`/api/v1/agents/${pid}/files/content?path=${encodeURIComponent(path)}`, Buffer.from('x'));
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
  });

  it('refuses a body over 64 MiB with FILE_TOO_LARGE and leaves nothing', async () => {
    const res = await put(`/api/v1/agents/${pid}/files/content?path=huge.bin`, Buffer.alloc(64 * 1024 * 1024 + 1));
    expect(res.statusCode).toBe(413);
    expect(existsSync(join(home, 'huge.bin'))).toBe(false);
    expect(readdirSync(home).filter((n) => n.startsWith('.aether-'))).toEqual([]);
  });

  it('refuses JSON on a raw route (415) and an unknown pid (404)', async () => {
    const json = await k.app.inject({
      method: 'PUT',
      url: `/api/v1/agents/${pid}/files/content?path=j.txt`,
      payload: { a: 1 },
      headers: auth,
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const missing = await put(`/api/v1/agents/99999/files/content?path=x`, Buffer.from('x'));
    expect(missing.json().code).toBe('PROCESS_NOT_FOUND');
    expect(existsSync(join(home, 'j.txt'))).toBe(false);
  });
});

describe('GET /agents/:pid/files/raw', () => {
  it('returns the whole file as octet-stream', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    writeFileSync(join(home, 'big.bin'), big);
    const res = await k.app.inject({ url: `/api/v1/agents/${pid}/files/raw?path=big.bin`, headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.rawPayload.equals(big)).toBe(true);
  });

  it('refuses a symlink and a directory', async () => {
    const link = await k.app.inject({ url: `/api/v1/agents/${pid}/files/raw?path=escape/victim.txt`, headers: auth });
    expect(link.json().code).toBe('FILE_SYMLINK_REFUSED');
    const dir = await k.app.inject({ url: `/api/v1/agents/${pid}/files/raw?path=a`, headers: auth });
    expect(dir.json().code).toBe('FILE_WRONG_TYPE');
  });
});

describe('tar archives', () => {
  it('downloads a directory (links stored, not followed) and extracts it elsewhere', async () => {
    symlinkSync('c.txt', join(home, 'a/b/rel-link'));
    const res = await k.app.inject({ url: `/api/v1/agents/${pid}/files/archive?path=a`, headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    const got = await untar(res.rawPayload);
    expect(got['b/c.txt']).toMatchObject({ type: 'file', body: 'hello' });
    expect(got['b/rel-link']).toMatchObject({ type: 'symlink', linkname: 'c.txt' });
    const up = await put(`/api/v1/agents/${pid}/files/archive?path=copy`, res.rawPayload, 'application/x-tar');
    expect(up.statusCode).toBe(200);
    expect(up.json()).toEqual({ path: '/copy', entries: 3 });
    expect(readFileSync(join(home, 'copy/b/c.txt'), 'utf8')).toBe('hello');
    expect(readlinkSync(join(home, 'copy/b/rel-link'))).toBe('c.txt');
    expect(lstatSync(join(home, 'copy/b/c.txt')).uid).toBe(uid);
  });

  it('does not descend into a symlinked directory when archiving the home', async () => {
    const res = await k.app.inject({ url: `/api/v1/agents/${pid}/files/archive`, headers: auth });
    const got = await untar(res.rawPayload);
    expect(got['escape']).toMatchObject({ type: 'symlink' });
    expect(Object.keys(got).some((n) => n.includes('victim'))).toBe(Object.keys(got).some((n) => n === 'real/victim.txt'));
  });

  it.each([
    ['an absolute name', [{ name: '/etc/evil' }]],
    ['".."', [{ name: 'ok.txt' }, { name: '../evil' }]],
    ['a link leaving the tree', [{ name: 'l', type: 'symlink' as const, linkname: '../../etc' }]],
    ['an absolute link', [{ name: 'l', type: 'symlink' as const, linkname: '/etc/shadow' }]],
    ['an entry below a link', [{ name: 'd', type: 'symlink' as const, linkname: 'x' }, { name: 'd/f' }]],
    ['a hard link', [{ name: 'h', type: 'link' as const, linkname: 'ok.txt' }]],
    ['a FIFO', [{ name: 'p', type: 'fifo' as const }]],
  ])('refuses %s and writes nothing', async (_, entries) => {
    const res = await put(`/api/v1/agents/${pid}/files/archive?path=bad`, await tarOf(entries), 'application/x-tar');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('ARCHIVE_ENTRY_REFUSED');
    expect(existsSync(join(home, 'bad'))).toBe(false);
  });

  it('control: a link that stays inside the tree is extracted', async () => {
    const res = await put(
      `/api/v1/agents/${pid}/files/archive?path=good`,
      await tarOf([
        { name: 'd/f.txt', body: 'x' },
        { name: 'd/l', type: 'symlink', linkname: '../d/f.txt' },
      ]),
      'application/x-tar',
    );
    expect(res.statusCode).toBe(200);
    expect(readlinkSync(join(home, 'good/d/l'))).toBe('../d/f.txt');
  });

  it('refuses a body that is not a tar', async () => {
    const res = await put(`/api/v1/agents/${pid}/files/archive?path=junk`, Buffer.alloc(1024, 65), 'application/x-tar');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('ARCHIVE_ENTRY_REFUSED');
    expect(existsSync(join(home, 'junk'))).toBe(false);
  });
});

describe('DELETE /agents/:pid/files', () => {
  const del = (q: string) => k.app.inject({ method: 'DELETE', url: `/api/v1/agents/${pid}/files?${q}`, headers: auth });

  it('deletes a link, not its target', async () => {
    const res = await del('path=escape');
    expect(res.statusCode).toBe(204);
    expect(existsSync(join(home, 'escape'))).toBe(false);
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('untouched');
    symlinkSync(outside, join(home, 'escape'));
  });

  it('refuses through a link, and a non-empty directory without recursive; deletes it with', async () => {
    const through = await del('path=escape/victim.txt');
    expect(through.json().code).toBe('FILE_SYMLINK_REFUSED');
    expect(existsSync(join(outside, 'victim.txt'))).toBe(true);
    const plain = await del('path=copy');
    expect(plain.statusCode).toBe(409);
    expect(plain.json().code).toBe('FILE_DIRECTORY_NOT_EMPTY');
    expect(existsSync(join(home, 'copy/b/c.txt'))).toBe(true);
    const recursive = await del('path=copy&recursive=true');
    expect(recursive.statusCode).toBe(204);
    expect(existsSync(join(home, 'copy'))).toBe(false);
  });

  it('refuses the home itself, "..", and a missing file', async () => {
    expect((await del('path=/')).json().code).toBe('FILE_PATH_REFUSED');
    expect((await del('path=../x')).json().code).toBe('FILE_PATH_REFUSED');
    expect((await del('path=nope')).json().code).toBe('FILE_NOT_FOUND');
    expect(existsSync(home)).toBe(true);
  });
});
