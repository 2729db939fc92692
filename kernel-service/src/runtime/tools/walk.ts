import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface WalkEntry {
  path: string;
  rel: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
}

/** Directories that are never worth descending into for a search. */
const SKIP = new Set(['.git', 'node_modules', '.cache', '__pycache__']);

/** Depth-first, without following symlinks, stopping after `limit` entries. */
export async function* walk(root: string, limit: number): AsyncGenerator<WalkEntry> {
  const stack = [root];
  let seen = 0;
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      continue; // unreadable: skip, the search goes on
    }
    for (const name of names) {
      const path = join(dir, name);
      const st = await lstat(path).catch(() => null);
      if (!st) continue;
      const type = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      if (++seen > limit) return;
      yield { path, rel: relative(root, path), type };
      if (type === 'dir' && !SKIP.has(name)) stack.push(path);
    }
  }
}
