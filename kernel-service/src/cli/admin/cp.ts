/**
 * `aether cp`: files between this machine and an agent's home, as tar through the archive routes
 * (GET/PUT /agents/:pid/files/archive). The kernel's tar of a directory names entries relative to
 * it, of a file gives one entry under its name. Semantics follow `docker cp`: into an existing
 * directory the copy keeps its name, otherwise it takes the destination's. `-` as the local side
 * is a tar on stdout/stdin. Local extraction refuses absolute names and `..` like the kernel does.
 */
import { createWriteStream, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { basename, join, posix, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { Agent } from '@aether-os/sdk';
import { UsageError } from '../usage.js';
import type { Command, Ctx } from './command.js';
import { pidArg } from './format.js';

interface Remote {
  pid: number;
  path: string;
}

/** "PID:path" → {pid, path}; a local path (which may contain ':' after a '/') → null. */
export function remoteSpec(s: string): Remote | null {
  const m = /^(\d+):(.*)$/.exec(s);
  if (!m) return null;
  return { pid: pidArg(m[1], 'cp'), path: m[2] || '/' };
}

/** The type of path in the agent's home, from its parent's listing (undefined: it does not exist). */
async function remoteType(agent: Agent, path: string): Promise<string | undefined> {
  const clean = posix.normalize(`/${path}`).replace(/\/+$/, '');
  if (clean === '' || clean === '/') return 'directory';
  const listing = await agent.files.list(posix.dirname(clean)).catch(() => null);
  return listing?.entries.find((e) => e.name === posix.basename(clean))?.type;
}

/** A name from the archive under root, or an error: never outside root. */
function inside(root: string, name: string): string {
  if (name.startsWith('/') || name.split('/').includes('..')) throw new Error(`the archive holds an unsafe name "${name}"`);
  const target = resolve(root, name);
  if (target !== resolve(root) && !target.startsWith(resolve(root) + sep)) throw new Error(`"${name}" leaves ${root}`);
  return target;
}

async function download(ctx: Ctx, from: Remote, to: string): Promise<number> {
  const agent = await ctx.aether().agents.get(from.pid);
  const type = await remoteType(agent, from.path);
  if (type !== undefined && type !== 'file' && type !== 'directory')
    throw new Error(`${from.pid}:${from.path} is a ${type}; only files and folders are copied`);
  const tarStream = await agent.files.download(from.path);
  if (to === '-') {
    await pipeline(tarStream, ctx.io.stdout as NodeJS.WritableStream);
    return 0;
  }
  const name = posix.basename(posix.normalize(`/${from.path}`)) || 'home';
  const isDir = (p: string) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  const root = isDir(to) ? join(to, name) : to;
  const extract = tar.extract();
  const done = (async () => {
    for await (const entry of extract) {
      const h = entry.header;
      // A file's archive is one entry under its own name: it becomes root itself.
      const target = type === 'file' ? root : inside(root, h.name);
      if (type !== 'file') mkdirSync(root, { recursive: true });
      if (h.type === 'directory') {
        mkdirSync(target, { recursive: true });
        entry.resume();
      } else if (h.type === 'file') {
        mkdirSync(resolve(target, '..'), { recursive: true });
        await pipeline(Readable.from(entry), createWriteStream(target, { mode: (h.mode ?? 0o644) & 0o777 }));
      } else if (h.type === 'symlink' && h.linkname) {
        symlinkSync(h.linkname, target);
        entry.resume();
      } else {
        entry.resume();
      }
    }
  })();
  // tar-stream's streams are streamx, not node's: piped, with the source's errors passed on.
  tarStream.on('error', (err) => extract.destroy(err));
  tarStream.pipe(extract);
  await done;
  if (type === 'directory') mkdirSync(root, { recursive: true });
  return 0;
}

/** Adds a local file or folder to the pack under `name`; links as links, other kinds skipped. */
async function addLocal(pack: tar.Pack, path: string, name: string): Promise<void> {
  const st = lstatSync(path);
  const mode = st.mode & 0o777;
  if (st.isSymbolicLink()) {
    pack.entry({ name, type: 'symlink', linkname: readlinkSync(path), mode });
  } else if (st.isDirectory()) {
    pack.entry({ name, type: 'directory', mode });
    for (const child of readdirSync(path).sort()) await addLocal(pack, join(path, child), `${name}/${child}`);
  } else if (st.isFile()) {
    // Whole files: an upload is capped by the kernel's body limit anyway, and this keeps the pack simple.
    const data = readFileSync(path);
    await new Promise<void>((res, rej) =>
      pack.entry({ name, size: data.length, mode, mtime: st.mtime }, data, (err) => (err ? rej(err) : res())),
    );
  }
}

async function upload(ctx: Ctx, from: string, to: Remote): Promise<number> {
  const agent = await ctx.aether().agents.get(to.pid);
  if (from === '-') {
    await agent.files.upload(to.path, Readable.from(ctx.io.stdin));
    return 0;
  }
  lstatSync(from); // a missing source fails here, before anything is sent
  const dest = posix.normalize(`/${to.path}`);
  const intoDir = to.path.endsWith('/') || (await remoteType(agent, dest)) === 'directory';
  const where = intoDir ? dest : posix.dirname(dest);
  const name = intoDir ? basename(resolve(from)) : posix.basename(dest);
  const pack = tar.pack();
  const filled = addLocal(pack, from, name).then(
    () => pack.finalize(),
    (err: unknown) => pack.destroy(err as Error),
  );
  const r = await agent.files.upload(where, pack as unknown as AsyncIterable<Uint8Array>);
  await filled;
  ctx.io.stderr.write(`copied ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'} to ${to.pid}:${posix.join(where, name)}\n`);
  return 0;
}

export const cp: Command = {
  name: 'cp',
  summary: "Copy files between here and an agent's home (PID:path on one side; - for a tar on stdin/stdout)",
  synopsis: 'SRC DST',
  details: [
    'aether cp 12:notes.txt ./notes.txt     from the home of pid 12',
    'aether cp ./data 12:inputs/             into a folder of its home',
  ],
  options: {},
  async run(ctx, _o, args) {
    if (args.length !== 2) throw new UsageError('cp wants SRC and DST, one of them PID:path', 'cp');
    const [src, dst] = [remoteSpec(args[0]!), remoteSpec(args[1]!)];
    if (src && dst) throw new UsageError('copy between two agents through here: cp PID:path ./tmp, then cp ./tmp PID:path', 'cp');
    if (src) return download(ctx, src, args[1]!);
    if (dst) return upload(ctx, args[0]!, dst);
    throw new UsageError('one side of cp must be PID:path', 'cp');
  },
};
