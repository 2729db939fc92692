/**
 * Tar streams of an agent's home, both ways (GET/PUT /agents/:pid/files/archive), with
 * tar-stream for the format. Same rules as every other file route: the walk and the extraction
 * go through directory descriptors (home-write.ts), never follow a link, never leave the tree.
 *
 * Download: a directory's entries are named relative to it (so they extract anywhere), a file is
 * one entry under its own name; links are stored as links (their text), never followed; FIFOs,
 * sockets and devices are skipped; a mount point inside the home is not entered.
 *
 * Upload: the whole archive (at most the route's cap) is checked before anything is written, so
 * a refused archive leaves nothing behind: no absolute names, no `..`, no hard links, devices or
 * FIFOs, no symbolic link whose target leaves the extracted tree, no entry below a link.
 */
import {
  closeSync,
  constants,
  createReadStream,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
} from 'node:fs';
import { once } from 'node:events';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { AetherError } from '../errors/index.js';
import { pathComponents } from './home-files.js';
import { at, openDirAt, openHome, symlinkAt, writeFileAt } from './home-write.js';

const O_CLOEXEC = 0o2000000;
const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW | O_CLOEXEC;
const FILE_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | O_CLOEXEC;
/** Deeper trees are cut there: a hostile home must not exhaust descriptors. */
const MAX_DEPTH = 64;
/** At most this many entries in one upload (an archive of millions of empty files is refused). */
export const MAX_ARCHIVE_ENTRIES = 100_000;
const CHUNK = 256 * 1024;

/** Opens home/path (file or directory) without following links; throws the catalogue's errors before any byte is sent. */
function openTarget(homePath: string, path: string): { fd: number; name: string; dir: boolean } {
  const parts = pathComponents(path);
  const home = openHome(homePath);
  try {
    if (parts.length === 0) return { fd: openDirAt(home, [], null), name: '', dir: true };
    const parent = openDirAt(home, parts.slice(0, -1), null);
    try {
      const name = parts[parts.length - 1]!;
      let st;
      try {
        st = lstatSync(at(parent, name));
      } catch {
        throw new AetherError('FILE_NOT_FOUND', `/${parts.join('/')} does not exist in the home.`);
      }
      if (st.isSymbolicLink())
        throw new AetherError('FILE_SYMLINK_REFUSED', `/${parts.join('/')} is a symbolic link; links are not followed.`);
      if (st.isDirectory()) return { fd: openDirAt(parent, [name], null), name, dir: true };
      if (!st.isFile()) throw new AetherError('FILE_WRONG_TYPE', `/${parts.join('/')} is not a regular file or directory.`);
      return { fd: openSync(at(parent, name), FILE_FLAGS), name, dir: false };
    } finally {
      closeSync(parent);
    }
  } finally {
    closeSync(home);
  }
}

/**
 * A whole regular file as a stream of exactly its size at open time (GET /files/raw); the
 * descriptor was opened without following links, so the stream reads what was checked.
 */
export function rawFile(homePath: string, path: string): { size: number; stream: Readable } {
  if (pathComponents(path).length === 0) throw new AetherError('FILE_WRONG_TYPE', 'The home itself is a directory.');
  const target = openTarget(homePath, path);
  if (target.dir) {
    closeSync(target.fd);
    throw new AetherError('FILE_WRONG_TYPE', `${path} is a directory; download it with /files/archive.`);
  }
  const size = fstatSync(target.fd).size;
  const stream =
    size === 0
      ? (closeSync(target.fd), Readable.from([]))
      : createReadStream('', { fd: target.fd, start: 0, end: size - 1, autoClose: true });
  return { size, stream };
}

/** A tar stream of home/path; errors about the path are thrown here, before the stream exists. */
export function packTree(homePath: string, path: string): { stream: Readable } {
  const target = openTarget(homePath, path);
  const pack = tar.pack();
  void (async () => {
    try {
      if (target.dir) {
        const dev = fstatSync(target.fd).dev;
        await packDir(pack, target.fd, '', dev, 0);
      } else {
        await packFile(pack, target.fd, target.name);
      }
      pack.finalize();
    } catch (err) {
      pack.destroy(err as Error);
    } finally {
      closeSync(target.fd);
    }
  })();
  // tar-stream's streams are streamx ones: fastify gets a node Readable.
  return { stream: Readable.from(pack) };
}

async function packDir(pack: tar.Pack, fd: number, prefix: string, dev: number, depth: number): Promise<void> {
  for (const name of readdirSync(`/proc/self/fd/${fd}`).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    let st;
    try {
      st = lstatSync(at(fd, name));
    } catch {
      continue; // removed meanwhile
    }
    const common = { name: rel, mode: st.mode & 0o777, mtime: st.mtime };
    if (st.isSymbolicLink()) {
      await entry(pack, { ...common, type: 'symlink', linkname: readlinkSync(at(fd, name)) });
    } else if (st.isDirectory()) {
      if (st.dev !== dev || depth >= MAX_DEPTH) continue;
      let sub: number;
      try {
        sub = openSync(at(fd, name), DIR_FLAGS);
      } catch {
        continue; // swapped for a link or removed: skipped, never followed
      }
      try {
        await entry(pack, { ...common, name: `${rel}/`, type: 'directory' });
        await packDir(pack, sub, rel, dev, depth + 1);
      } finally {
        closeSync(sub);
      }
    } else if (st.isFile()) {
      let file: number;
      try {
        file = openSync(at(fd, name), FILE_FLAGS);
      } catch {
        continue;
      }
      try {
        if (fstatSync(file).isFile()) await packFile(pack, file, rel);
      } finally {
        closeSync(file);
      }
    }
  }
}

/** One regular file: exactly the size fstat gave (a file that shrinks meanwhile is padded with zeros). */
async function packFile(pack: tar.Pack, fd: number, name: string): Promise<void> {
  const st = fstatSync(fd);
  let done!: (err?: Error | null) => void;
  const finished = new Promise<void>((resolve, reject) => {
    done = (err) => (err ? reject(err) : resolve());
  });
  const sink = pack.entry({ name, size: st.size, mode: st.mode & 0o777, mtime: st.mtime, type: 'file' }, done);
  let sent = 0;
  const buf = Buffer.alloc(CHUNK);
  while (sent < st.size) {
    const want = Math.min(CHUNK, st.size - sent);
    const n = readSync(fd, buf, 0, want, sent);
    const chunk = n > 0 ? Buffer.from(buf.subarray(0, n)) : Buffer.alloc(want);
    sent += chunk.length;
    if (!sink.write(chunk)) await once(sink as unknown as NodeJS.EventEmitter, 'drain');
  }
  sink.end(undefined);
  await finished;
}

function entry(pack: tar.Pack, header: Partial<tar.Header> & { name: string }): Promise<void> {
  return new Promise((resolve, reject) => pack.entry(header, Buffer.alloc(0), (err) => (err ? reject(err) : resolve())));
}

/** One entry of an archive being read: its header and its content stream. */
type TarEntry = tar.ExtractEvents['entry'][1];

interface Planned {
  parts: string[];
  type: 'file' | 'directory' | 'symlink';
  linkname?: string;
  mode: number;
}

/** Checks one header; returns its home-relative components, or null for the archive's own root ("./"). */
function plan(h: tar.Header, links: Set<string>): Planned | null {
  const name = h.name;
  const refuse = (why: string) => {
    throw new AetherError('ARCHIVE_ENTRY_REFUSED', `${JSON.stringify(name.slice(0, 200))}: ${why}`, {
      details: { entry: name.slice(0, 200) },
    });
  };
  if (name.startsWith('/')) refuse('absolute names are refused');
  if (name.includes('\0')) refuse('a NUL byte in the name');
  const raw = name.split('/').filter((p) => p !== '' && p !== '.');
  if (raw.includes('..')) refuse('".." leaves the tree');
  if (raw.length === 0) return null;
  for (let i = 1; i < raw.length; i++) {
    if (links.has(raw.slice(0, i).join('/'))) refuse('it lies below a symbolic link of the archive');
  }
  const mode = (h.mode ?? 0o644) & 0o777;
  switch (h.type) {
    case 'file':
    case 'contiguous-file':
    case undefined:
    case null:
      return { parts: raw, type: 'file', mode };
    case 'directory':
      return { parts: raw, type: 'directory', mode };
    case 'symlink': {
      const target = h.linkname ?? '';
      if (!target || target.startsWith('/')) refuse('a symbolic link to an absolute path leaves the tree');
      const resolved = posix.normalize(posix.join(posix.dirname(raw.join('/')), target));
      if (resolved === '..' || resolved.startsWith('../')) refuse('a symbolic link whose target leaves the tree');
      links.add(raw.join('/'));
      return { parts: raw, type: 'symlink', linkname: target, mode };
    }
    case 'link':
      return refuse('hard links are refused');
    default:
      return refuse(`entries of type ${h.type} (devices, FIFOs) are refused`);
  }
}

async function* entries(archive: Buffer): AsyncGenerator<TarEntry> {
  const extract = tar.extract();
  extract.end(archive);
  try {
    for await (const e of extract) yield e;
  } catch (err) {
    if (err instanceof AetherError) throw err;
    throw new AetherError('ARCHIVE_ENTRY_REFUSED', `Not a readable tar archive: ${(err as Error).message}`);
  }
}

/**
 * Extracts `archive` under home/path (created if missing), as the agent's uid. Two passes: every
 * header is checked first, then the entries are written; returns how many were written.
 */
export async function extractTree(homePath: string, path: string, uid: number, archive: Buffer): Promise<number> {
  const links = new Set<string>();
  let count = 0;
  for await (const e of entries(archive)) {
    plan(e.header, links);
    if (++count > MAX_ARCHIVE_ENTRIES)
      throw new AetherError('ARCHIVE_ENTRY_REFUSED', `The archive holds more than ${MAX_ARCHIVE_ENTRIES} entries.`);
    e.resume();
  }
  const home = openHome(homePath);
  let root: number;
  try {
    root = openDirAt(home, pathComponents(path), { uid });
  } finally {
    closeSync(home);
  }
  let written = 0;
  try {
    const again = new Set<string>();
    for await (const e of entries(archive)) {
      const p = plan(e.header, again);
      if (!p) {
        e.resume();
        continue;
      }
      const shown = `/${p.parts.join('/')}`;
      const name = p.parts[p.parts.length - 1]!;
      if (p.type === 'directory') {
        closeSync(openDirAt(root, p.parts, { uid }));
        e.resume();
      } else {
        const dir = openDirAt(root, p.parts.slice(0, -1), { uid });
        try {
          if (p.type === 'file')
            await writeFileAt(dir, name, uid, e as AsyncIterable<Buffer>, { maxBytes: Infinity, mode: p.mode, shown });
          else {
            e.resume();
            symlinkAt(dir, name, p.linkname!, uid, shown);
          }
        } finally {
          closeSync(dir);
        }
      }
      written++;
    }
  } finally {
    closeSync(root);
  }
  return written;
}
