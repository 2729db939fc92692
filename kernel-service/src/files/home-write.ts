/**
 * Writing into an agent's home: upload a file, delete, extract a tar. Same rules as reading
 * (home-files.ts): no `..`, no symbolic link is ever followed, nothing outside the home is touched.
 *
 * The kernel runs as root and the home belongs to hostile code that may swap a directory for a
 * link at any moment, so no step resolves a path from the home down. Every step is anchored to an
 * open directory descriptor: a child is named /proc/self/fd/<dirfd>/<name>, which Linux resolves
 * from that directory itself (openat in effect), and every directory is opened with
 * O_DIRECTORY|O_NOFOLLOW, so a link swapped in fails instead of leading out. What we create
 * belongs to the agent's uid (fchown on the descriptor, lchown for links).
 */
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmdirSync,
  symlinkSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { AetherError } from '../errors/index.js';
import { removeTree } from '../protection/index.js';
import { pathComponents } from './home-files.js';

/** Linux's O_CLOEXEC (node does not export it). */
const O_CLOEXEC = 0o2000000;
const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW | O_CLOEXEC;

export const at = (dirFd: number, name: string) => `/proc/self/fd/${dirFd}/${name}`;
const display = (parts: string[]) => `/${parts.join('/')}`;
const errno = (err: unknown) => (err as NodeJS.ErrnoException).code;

/** The open home directory (the caller closes it). */
export function openHome(homePath: string): number {
  let home: string;
  try {
    home = realpathSync(homePath);
  } catch {
    throw new AetherError('FILE_NOT_FOUND', 'This agent has no home on this host yet.');
  }
  return openSync(home, DIR_FLAGS);
}

/**
 * Opens the directory home/parts..., one component at a time from the home's descriptor; with
 * `create`, missing directories are made (0700, the agent's). Returns the descriptor (caller closes).
 */
export function openDirAt(homeFd: number, parts: string[], create: { uid: number } | null): number {
  let fd = homeFd;
  for (const [i, part] of parts.entries()) {
    const shown = display(parts.slice(0, i + 1));
    let next: number;
    try {
      next = openSync(at(fd, part), DIR_FLAGS);
    } catch (err) {
      const code = errno(err);
      if (code === 'ENOENT' && create) {
        try {
          mkdirSync(at(fd, part), { mode: 0o700 });
        } catch (e) {
          if (errno(e) !== 'EEXIST') throw e;
        }
        try {
          next = openSync(at(fd, part), DIR_FLAGS);
        } catch (e) {
          const why = refusal(e, shown, fd, part);
          if (fd !== homeFd) closeSync(fd);
          throw why;
        }
        fchownSync(next, create.uid, create.uid);
      } else {
        const why = refusal(err, shown, fd, part);
        if (fd !== homeFd) closeSync(fd);
        throw why;
      }
    }
    if (fd !== homeFd) closeSync(fd);
    fd = next;
  }
  return fd === homeFd ? openSync(at(homeFd, '.'), DIR_FLAGS) : fd;
}

/**
 * The error an open of a path component failed with, in the catalogue's words. A symlink opened
 * with O_DIRECTORY|O_NOFOLLOW fails with ENOTDIR, not ELOOP: lstat tells the two apart.
 */
function refusal(err: unknown, shown: string, dirFd: number, name: string): unknown {
  const code = errno(err);
  let link = false;
  try {
    link = lstatSync(at(dirFd, name)).isSymbolicLink();
  } catch {
    /* gone: judged by the errno */
  }
  if (code === 'ELOOP' || link)
    return new AetherError('FILE_SYMLINK_REFUSED', `${shown} is a symbolic link; links are not followed.`);
  if (code === 'ENOTDIR') return new AetherError('FILE_WRONG_TYPE', `${shown} is not a directory.`);
  if (code === 'ENOENT') return new AetherError('FILE_NOT_FOUND', `${shown} does not exist in the home.`);
  return err;
}

/** A home-relative path split into its directory and its last name; the home itself is refused. */
export function splitTarget(path: string): { dir: string[]; name: string; parts: string[] } {
  const parts = pathComponents(path);
  const name = parts[parts.length - 1];
  if (name === undefined) throw new AetherError('FILE_PATH_REFUSED', 'Name a path inside the home, not the home itself.');
  return { dir: parts.slice(0, -1), name, parts };
}

/**
 * Writes `chunks` as dirFd/name: into a fresh temporary file first, renamed over the name at the
 * end (rename replaces a link or file at the name without following it; a directory there is
 * refused). So a reader never sees half a file, and a failed upload leaves nothing behind.
 */
export async function writeFileAt(
  dirFd: number,
  name: string,
  uid: number,
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  opts: { maxBytes: number; mode?: number; shown: string },
): Promise<number> {
  const tmp = `.aether-upload-${randomBytes(6).toString('hex')}`;
  const fd = openSync(
    at(dirFd, tmp),
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | O_CLOEXEC,
    0o600,
  );
  let size = 0;
  let done = false;
  try {
    fchownSync(fd, uid, uid);
    for await (const chunk of chunks) {
      size += chunk.length;
      if (size > opts.maxBytes) {
        throw new AetherError('FILE_TOO_LARGE', `${opts.shown}: more than ${opts.maxBytes} bytes.`, {
          details: { maxBytes: opts.maxBytes },
        });
      }
      for (let off = 0; off < chunk.length;) off += writeSync(fd, chunk, off, chunk.length - off);
    }
    closeSync(fd);
    done = true;
    if (opts.mode !== undefined) {
      const m = openSync(at(dirFd, tmp), constants.O_RDONLY | constants.O_NOFOLLOW | O_CLOEXEC);
      try {
        // fchmod through the descriptor: the name could have been swapped meanwhile.
        fchmodSync(m, opts.mode & 0o777);
      } finally {
        closeSync(m);
      }
    }
    replaceAt(dirFd, tmp, name, opts.shown);
    return size;
  } catch (err) {
    if (!done) closeSync(fd);
    try {
      unlinkSync(at(dirFd, tmp));
    } catch {
      /* already gone */
    }
    throw err;
  }
}

/** rename(tmp, name) inside one directory; a directory at `name` is refused (and tmp removed by the caller). */
function replaceAt(dirFd: number, tmp: string, name: string, shown: string): void {
  try {
    renameSync(at(dirFd, tmp), at(dirFd, name));
  } catch (err) {
    const code = errno(err);
    if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST')
      throw new AetherError('FILE_WRONG_TYPE', `${shown} is a directory; a file cannot replace it.`);
    throw err;
  }
}

/** A symbolic link dirFd/name -> target (the text only; checked by the caller), the agent's. */
export function symlinkAt(dirFd: number, name: string, target: string, uid: number, shown: string): void {
  const tmp = `.aether-link-${randomBytes(6).toString('hex')}`;
  symlinkSync(target, at(dirFd, tmp));
  try {
    lchownSync(at(dirFd, tmp), uid, uid);
    replaceAt(dirFd, tmp, name, shown);
  } catch (err) {
    try {
      unlinkSync(at(dirFd, tmp));
    } catch {
      /* gone */
    }
    throw err;
  }
}

/**
 * Deletes home/path: a file or link by name (a link goes, never its target), a directory only
 * when empty unless `recursive` (then removeTree, which never follows anything either).
 */
export function deleteAt(homePath: string, path: string, recursive: boolean): void {
  const { dir, name, parts } = splitTarget(path);
  const home = openHome(homePath);
  try {
    const dirFd = openDirAt(home, dir, null);
    try {
      let st;
      try {
        st = lstatSync(at(dirFd, name));
      } catch {
        throw new AetherError('FILE_NOT_FOUND', `${display(parts)} does not exist in the home.`);
      }
      if (!st.isDirectory()) return unlinkSync(at(dirFd, name));
      if (!recursive) {
        try {
          return rmdirSync(at(dirFd, name));
        } catch (err) {
          if (errno(err) === 'ENOTEMPTY')
            throw new AetherError('FILE_DIRECTORY_NOT_EMPTY', `${display(parts)} is a directory with entries in it.`);
          throw err;
        }
      }
      const left = removeTree(at(dirFd, name));
      if (left.length > 0) {
        throw new AetherError('FILE_DIRECTORY_NOT_EMPTY', `${display(parts)}: ${left.length} entries could not be removed.`, {
          details: { left: left.slice(0, 20) },
        });
      }
    } finally {
      closeSync(dirFd);
    }
  } finally {
    closeSync(home);
  }
}

/** What an open descriptor is (fstat), for callers that must refuse FIFOs and devices. */
export const isRegular = (fd: number) => fstatSync(fd).isFile();
