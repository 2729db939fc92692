import { isAbsolute, resolve } from 'node:path';

/** Most an observation carries: models read long outputs badly, and context is the scarce resource. */
export const MAX_OUTPUT = 16_000;

/** Relative paths are the agent's home's. The sandbox, not this function, decides what may be touched. */
export function inHome(home: string, path: string): string {
  return isAbsolute(path) ? resolve(path) : resolve(home, path);
}

/** Keeps the head and the tail (where errors usually are) and says what was cut. */
export function truncate(text: string, max = MAX_OUTPUT): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 80) / 2);
  return `${text.slice(0, half)}\n[... ${text.length - 2 * half} characters cut ...]\n${text.slice(-half)}`;
}

/** `*` and `?` within a name, `**` across directories; the glob is matched against the path relative to the root. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
