/**
 * Read-only access to an agent's home for Mission Control's file browser.
 *
 * The kernel runs as root and the home belongs to hostile code, so nothing here trusts a path:
 * `..` is refused outright, every component is opened with O_NOFOLLOW (a symlink anywhere in the
 * path is refused, never followed), and after opening, the real path of the open descriptor
 * (/proc/self/fd/N) must still lie inside the home. That last check closes the race where the
 * agent swaps a directory for a symlink between our checks and the open.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  opendirSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  type Stats,
} from 'node:fs';
import { join } from 'node:path';
import { AetherError } from '../errors/index.js';

export const MAX_PATH_LENGTH = 4096;
/** Mission Control shows the head of a file; anything larger is cut and says so (`truncated`). */
export const DEFAULT_CONTENT_CAP = 1024 * 1024;
/** A directory the agent filled with millions of entries must not stall the kernel: listings stop here. */
export const DEFAULT_LISTING_CAP = 5000;

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface FileEntry {
  name: string;
  type: EntryType;
  size: number;
  mode: string;
  modifiedAt: string;
  /** The link's text, for symlinks only (shown, never followed). */
  target?: string;
}

export interface Listing {
  path: string;
  entries: FileEntry[];
  /** True when the directory holds more than the cap; the first entries read are listed. */
  truncated: boolean;
}

export interface FileContent {
  path: string;
  size: number;
  truncated: boolean;
  encoding: 'utf8' | 'base64';
  content: string;
}

/** Splits a home-relative path ("/", "notes/a.txt", "/src/") into checked components. */
export function pathComponents(path: string): string[] {
  if (path.length > MAX_PATH_LENGTH) throw new AetherError('FILE_PATH_REFUSED', `The path is longer than ${MAX_PATH_LENGTH}.`);
  if (path.includes('\0')) throw new AetherError('FILE_PATH_REFUSED', 'The path contains a NUL byte.');
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new AetherError('FILE_PATH_REFUSED', `"${path}" contains "..": paths stay inside the home.`);
  return parts;
}

const typeOf = (s: Stats): EntryType =>
  s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other';

export class HomeFiles {
  constructor(
    private readonly cap = DEFAULT_CONTENT_CAP,
    private readonly listingCap = DEFAULT_LISTING_CAP,
  ) {}

  list(home: string, path: string): Listing {
    const parts = pathComponents(path);
    const fd = this.open(home, parts, true);
    try {
      const path = `/proc/self/fd/${fd}`;
      const dir = opendirSync(path);
      const names: string[] = [];
      let truncated = false;
      try {
        for (let d = dir.readSync(); d !== null; d = dir.readSync()) {
          if (names.length === this.listingCap) {
            truncated = true;
            break;
          }
          names.push(d.name);
        }
      } finally {
        dir.closeSync();
      }
      const entries = names.map((name) => entry(join(path, name), name));
      entries.sort((a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || a.name.localeCompare(b.name));
      return { path: display(parts), entries, truncated };
    } finally {
      closeSync(fd);
    }
  }

  read(home: string, path: string): FileContent {
    const parts = pathComponents(path);
    if (parts.length === 0) throw new AetherError('FILE_WRONG_TYPE', 'The home itself is a directory; list it instead.');
    const fd = this.open(home, parts, false);
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new AetherError('FILE_WRONG_TYPE', `${display(parts)} is not a regular file.`);
      const want = Math.min(st.size, this.cap);
      const buf = Buffer.alloc(want);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, buf, got, want - got, got);
        if (n === 0) break;
        got += n;
      }
      const data = buf.subarray(0, got);
      const text = new TextDecoder('utf-8', { fatal: true });
      let content: string;
      let encoding: FileContent['encoding'] = 'utf8';
      try {
        content = text.decode(data);
      } catch {
        content = data.toString('base64');
        encoding = 'base64';
      }
      return { path: display(parts), size: st.size, truncated: st.size > got, encoding, content };
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Opens home/parts... refusing symlinks at every step. lstat gives a clear error for the
   * common case; O_NOFOLLOW on the final open and the /proc/self/fd check make it airtight.
   */
  private open(homePath: string, parts: string[], directory: boolean): number {
    let home: string;
    try {
      home = realpathSync(homePath);
    } catch {
      throw new AetherError('FILE_NOT_FOUND', 'This agent has no home on this host yet.');
    }
    let current = home;
    for (const [i, part] of parts.entries()) {
      current = join(current, part);
      let st: Stats;
      try {
        st = lstatSync(current);
      } catch {
        throw new AetherError('FILE_NOT_FOUND', `${display(parts.slice(0, i + 1))} does not exist in the home.`);
      }
      if (st.isSymbolicLink())
        throw new AetherError(
          'FILE_SYMLINK_REFUSED',
          `${display(parts.slice(0, i + 1))} is a symbolic link; links are not followed.`,
        );
      if (i < parts.length - 1 && !st.isDirectory())
        throw new AetherError('FILE_WRONG_TYPE', `${display(parts.slice(0, i + 1))} is not a directory.`);
    }
    // O_NONBLOCK: a FIFO planted by the agent must not hang the kernel on open.
    const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | (directory ? constants.O_DIRECTORY : 0);
    let fd: number;
    try {
      fd = openSync(current, flags);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP')
        throw new AetherError('FILE_SYMLINK_REFUSED', `${display(parts)} is a symbolic link; links are not followed.`);
      if (code === 'ENOTDIR') throw new AetherError('FILE_WRONG_TYPE', `${display(parts)} is not a directory.`);
      if (code === 'ENOENT') throw new AetherError('FILE_NOT_FOUND', `${display(parts)} does not exist in the home.`);
      throw err;
    }
    const real = readlinkSync(`/proc/self/fd/${fd}`);
    if (real !== home && !real.startsWith(`${home}/`)) {
      closeSync(fd);
      throw new AetherError('FILE_SYMLINK_REFUSED', `${display(parts)} resolves outside the home (a link was swapped in).`);
    }
    return fd;
  }
}

function entry(full: string, name: string): FileEntry {
  const st = lstatSync(full);
  const e: FileEntry = {
    name,
    type: typeOf(st),
    size: st.size,
    mode: (st.mode & 0o7777).toString(8).padStart(4, '0'),
    modifiedAt: st.mtime.toISOString(),
  };
  if (st.isSymbolicLink()) e.target = readlinkSync(full);
  return e;
}

const display = (parts: string[]) => `/${parts.join('/')}`;
