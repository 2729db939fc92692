/**
 * A directory tree as a tar file and back, owners, modes and mtimes kept (agents' homes belong to
 * per-agent uids). Links are stored as links, never followed; FIFOs, sockets and devices are
 * skipped. Extraction refuses absolute names, `..` and any entry below a link it made, so a
 * hostile archive cannot write outside the target.
 */
import {
  createReadStream,
  createWriteStream,
  lchownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  chmodSync,
  chownSync,
  utimesSync,
} from 'node:fs';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

/** Packs root's contents (names relative to root) into the tar file `out`. */
export async function packDirectory(root: string, out: string): Promise<number> {
  const pack = tar.pack();
  const written = pipeline(Readable.from(pack), createWriteStream(out, { mode: 0o600 }));
  let count = 0;
  const walk = async (rel: string): Promise<void> => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const path = join(root, r);
      let st;
      try {
        st = lstatSync(path);
      } catch {
        continue; // removed meanwhile
      }
      const header = { name: r, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime };
      if (st.isSymbolicLink()) {
        pack.entry({ ...header, type: 'symlink', linkname: readlinkSync(path) });
      } else if (st.isDirectory()) {
        pack.entry({ ...header, type: 'directory' });
        count++;
        await walk(r);
        continue;
      } else if (st.isFile() && st.size === 0) {
        // An empty file has no bytes to stream (and `end: -1` is out of range for a read stream).
        pack.entry({ ...header, size: 0 }, Buffer.alloc(0));
      } else if (st.isFile()) {
        // The read stream first: were it to throw, no entry would be left open to error unhandled.
        // A file growing while it is read is cut at its size at lstat (tar needs the size up front).
        const source = createReadStream(path, { start: 0, end: st.size - 1 });
        const entry = pack.entry({ ...header, size: st.size });
        await pipeline(source, entry);
      } else {
        continue;
      }
      count++;
    }
  };
  try {
    await walk('');
    pack.finalize();
  } catch (err) {
    pack.destroy(err as Error);
  }
  await written;
  return count;
}

/** Extracts the tar file `file` into `root` (created), restoring owners and modes. */
export async function extractDirectory(file: string, root: string): Promise<number> {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const links = new Set<string>();
  const dirs: { path: string; mtime?: Date }[] = [];
  const extract = tar.extract();
  let count = 0;
  const done = (async () => {
    for await (const entry of extract) {
      const h = entry.header;
      const name = posix.normalize(h.name).replace(/\/+$/, '');
      const parts = name.split('/');
      if (h.name.startsWith('/') || parts.includes('..') || name === '.' || name === '')
        throw new Error(`unsafe name "${h.name}" in a tree`);
      for (let i = 1; i < parts.length; i++)
        if (links.has(parts.slice(0, i).join('/'))) throw new Error(`"${h.name}" lies below a link`);
      const path = join(root, name);
      const uid = h.uid ?? 0;
      const gid = h.gid ?? 0;
      const mode = (h.mode ?? 0o600) & 0o7777;
      if (h.type === 'directory') {
        mkdirSync(path, { recursive: true });
        chownSync(path, uid, gid);
        chmodSync(path, mode);
        dirs.push({ path, mtime: h.mtime });
        entry.resume();
      } else if (h.type === 'file') {
        await pipeline(entry, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
        chownSync(path, uid, gid);
        chmodSync(path, mode);
        if (h.mtime) utimesSync(path, h.mtime, h.mtime);
      } else if (h.type === 'symlink' && h.linkname) {
        symlinkSync(h.linkname, path);
        lchownSync(path, uid, gid);
        links.add(name);
        entry.resume();
      } else {
        throw new Error(`entry "${h.name}" of type ${h.type} is not allowed in a tree`);
      }
      count++;
    }
  })();
  const source = createReadStream(file);
  source.on('error', (err) => extract.destroy(err));
  source.pipe(extract);
  await done;
  // Directories' times last: writing their entries changed them.
  for (const d of dirs) if (d.mtime) utimesSync(d.path, d.mtime, d.mtime);
  return count;
}
