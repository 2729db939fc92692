import { readFile, stat } from 'node:fs/promises';
import Type from 'typebox';
import { globToRegExp, inHome, truncate } from './paths.js';
import { defineTool } from './registry.js';
import { walk } from './walk.js';

const Path = Type.String({ minLength: 1, maxLength: 4096, description: 'Absolute, or relative to your home' });

export const readFileTool = defineTool({
  name: 'read_file',
  category: 'files',
  description: 'Read a text file. Lines are numbered; use offset/limit (1-based lines) for large files.',
  parameters: Type.Object({
    path: Path,
    offset: Type.Optional(Type.Integer({ minimum: 1, description: 'First line to return' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, description: 'How many lines' })),
  }),
  async run({ path, offset = 1, limit = 2000 }, ctx) {
    const text = await readFile(inHome(ctx.home, path), 'utf8');
    const lines = text.split('\n');
    const shown = lines.slice(offset - 1, offset - 1 + limit).map((l, i) => `${String(offset + i).padStart(5)}  ${l}`);
    const rest = lines.length - (offset - 1 + shown.length);
    return { output: truncate(shown.join('\n') + (rest > 0 ? `\n[${rest} more lines; read on with offset]` : '')) };
  },
});

export const listDirectoryTool = defineTool({
  name: 'list_directory',
  category: 'files',
  description: 'List a directory (sizes, types). recursive lists the whole tree, skipping .git and node_modules.',
  parameters: Type.Object({
    path: Type.Optional(Path),
    recursive: Type.Optional(Type.Boolean()),
    maxEntries: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  }),
  async run({ path = '.', recursive = false, maxEntries = 500 }, ctx) {
    const root = inHome(ctx.home, path);
    const lines: string[] = [];
    for await (const e of walk(root, maxEntries)) {
      if (!recursive && e.rel.includes('/')) continue;
      const size = e.type === 'file' ? ` ${(await stat(e.path)).size}` : '';
      lines.push(`${e.type === 'dir' ? 'd' : e.type === 'symlink' ? 'l' : '-'} ${e.rel}${e.type === 'dir' ? '/' : ''}${size}`);
    }
    if (lines.length === 0) await stat(root); // an empty listing and a missing directory must differ
    return { output: lines.length ? truncate(lines.join('\n')) : '(empty directory)' };
  },
});

export const findFilesTool = defineTool({
  name: 'find_files',
  category: 'files',
  description: 'Find files by glob pattern (e.g. "**/*.ts", "src/*.py") under a directory.',
  parameters: Type.Object({
    pattern: Type.String({ minLength: 1, maxLength: 512 }),
    path: Type.Optional(Path),
    maxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  }),
  async run({ pattern, path = '.', maxResults = 200 }, ctx) {
    const re = globToRegExp(pattern);
    const found: string[] = [];
    for await (const e of walk(inHome(ctx.home, path), 50_000)) {
      if (e.type !== 'dir' && re.test(e.rel)) found.push(e.rel);
      if (found.length >= maxResults) break;
    }
    return { output: found.length ? found.join('\n') : `No files match ${pattern}.` };
  },
});

export const searchTextTool = defineTool({
  name: 'search_text',
  category: 'files',
  description: 'Search file contents with a regular expression; answers path:line: text. Optionally only files matching a glob.',
  parameters: Type.Object({
    pattern: Type.String({ minLength: 1, maxLength: 1024, description: 'JavaScript regular expression' }),
    path: Type.Optional(Path),
    glob: Type.Optional(Type.String({ maxLength: 512 })),
    ignoreCase: Type.Optional(Type.Boolean()),
    maxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
  }),
  async run({ pattern, path = '.', glob, ignoreCase = false, maxResults = 100 }, ctx) {
    let re: RegExp;
    try {
      re = new RegExp(pattern, ignoreCase ? 'i' : '');
    } catch (err) {
      return { isError: true, output: `Bad regular expression: ${(err as Error).message}` };
    }
    const only = glob ? globToRegExp(glob) : null;
    const hits: string[] = [];
    for await (const e of walk(inHome(ctx.home, path), 50_000)) {
      if (e.type !== 'file' || (only && !only.test(e.rel))) continue;
      const st = await stat(e.path);
      if (st.size > 2_000_000) continue;
      const text = await readFile(e.path, 'utf8').catch(() => '');
      if (text.includes('\0')) continue; // binary
      text.split('\n').forEach((line, i) => {
        if (hits.length < maxResults && re.test(line)) hits.push(`${e.rel}:${i + 1}: ${line.slice(0, 300)}`);
      });
      if (hits.length >= maxResults) break;
    }
    return { output: hits.length ? truncate(hits.join('\n')) : `No match for /${pattern}/.` };
  },
});

export const fileInfoTool = defineTool({
  name: 'file_info',
  category: 'files',
  description: 'Type, size, mode and modification time of a path (whether it exists, too).',
  parameters: Type.Object({ path: Path }),
  async run({ path }, ctx) {
    const st = await stat(inHome(ctx.home, path)).catch(() => null);
    if (!st) return { output: `${path} does not exist.` };
    const type = st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
    return {
      output: JSON.stringify({
        path,
        type,
        size: st.size,
        mode: (st.mode & 0o7777).toString(8),
        modified: st.mtime.toISOString(),
      }),
    };
  },
});
