import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, rmdirSync, unlinkSync, type Stats } from 'node:fs';

/** Deeper than this is left in place (and reported): a hostile tree must not exhaust descriptors. */
const MAX_DEPTH = 64;
/** Linux's O_CLOEXEC (node does not export it): no descriptor leaks into a child. */
const O_CLOEXEC = 0o2000000;
const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW | O_CLOEXEC;

export interface RemoveOptions {
  /** Tests only: runs between the check of an entry and its opening (where a swap would strike). */
  beforeOpen?: (name: string) => void;
}

/**
 * Removes a directory tree that may contain agent-owned parts (the per-process kernel
 * directory with its desktop/), as root, without ever resolving a path the agent could redirect.
 *
 * Every step goes through an open directory descriptor: entries are named as
 * /proc/self/fd/<fd>/<name>, which the kernel resolves from that very directory (it never walks
 * the original path again, so renaming or swapping a parent changes nothing). A subdirectory is
 * opened with O_DIRECTORY|O_NOFOLLOW (a symlink swapped in fails to open) and its st_dev/st_ino
 * must equal what lstat saw (a directory swapped in between is refused); a different st_dev (a
 * mount point) is never entered. Files, sockets and symbolic links are unlinked by name: unlink
 * removes the link, never its target. Returns the paths (relative to `path`) it left behind.
 */
export function removeTree(path: string, opts: RemoveOptions = {}): string[] {
  let fd: number;
  try {
    fd = openSync(path, DIR_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code !== 'ELOOP' && code !== 'ENOTDIR') throw err;
    unlinkSync(path); // the path itself is a link or a file: only the name goes
    return [];
  }
  const left: string[] = [];
  try {
    const root = fstatSync(fd);
    empty(fd, root.dev, '', 0, left, opts);
  } finally {
    closeSync(fd);
  }
  if (left.length === 0) tolerate(() => rmdirSync(path), left, '.');
  return left;
}

function empty(fd: number, dev: number, rel: string, depth: number, left: string[], opts: RemoveOptions): void {
  const here = `/proc/self/fd/${fd}`;
  let names: string[];
  try {
    names = readdirSync(here);
  } catch {
    left.push(rel || '.');
    return;
  }
  for (const name of names) {
    const entry = `${here}/${name}`;
    const relName = rel ? `${rel}/${name}` : name;
    let st: Stats;
    try {
      st = lstatSync(entry);
    } catch {
      continue; // gone meanwhile
    }
    if (!st.isDirectory()) {
      tolerate(() => unlinkSync(entry), left, relName);
      continue;
    }
    if (st.dev !== dev || depth + 1 > MAX_DEPTH) {
      left.push(relName);
      continue;
    }
    opts.beforeOpen?.(relName);
    let child: number;
    try {
      child = openSync(entry, DIR_FLAGS);
    } catch (err) {
      // A symlink (or file) swapped in after the lstat: ELOOP or ENOTDIR. Unlinking the name
      // removes the link only.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP' || code === 'ENOTDIR') tolerate(() => unlinkSync(entry), left, relName);
      else if (code !== 'ENOENT') left.push(relName);
      continue;
    }
    try {
      const opened = fstatSync(child);
      if (opened.dev !== st.dev || opened.ino !== st.ino) {
        left.push(relName); // another directory was swapped in between: not ours to walk
        continue;
      }
      empty(child, dev, relName, depth + 1, left, opts);
    } finally {
      closeSync(child);
    }
    if (!left.some((l) => l === relName || l.startsWith(`${relName}/`))) tolerate(() => rmdirSync(entry), left, relName);
  }
}

function tolerate(fn: () => void, left: string[], rel: string): void {
  try {
    fn();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') left.push(rel);
  }
}
