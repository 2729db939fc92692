import { appendFile, cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { applyPatch, parsePatch } from 'diff';
import Type from 'typebox';
import { inHome } from './paths.js';
import { defineTool } from './registry.js';

const Path = Type.String({ minLength: 1, maxLength: 4096, description: 'Absolute, or relative to your home' });
const Content = Type.String({ maxLength: 10_000_000 });

export const writeFileTool = defineTool({
  name: 'write_file',
  category: 'files',
  description: 'Create or overwrite a file with the given content (parent directories are created).',
  parameters: Type.Object({ path: Path, content: Content }),
  async run({ path, content }, ctx) {
    const full = inHome(ctx.home, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
    return { output: `Wrote ${Buffer.byteLength(content)} bytes to ${path}.` };
  },
});

export const appendFileTool = defineTool({
  name: 'append_file',
  category: 'files',
  description: 'Append content to a file (created if missing).',
  parameters: Type.Object({ path: Path, content: Content }),
  async run({ path, content }, ctx) {
    const full = inHome(ctx.home, path);
    await mkdir(dirname(full), { recursive: true });
    await appendFile(full, content);
    return { output: `Appended ${Buffer.byteLength(content)} bytes to ${path}.` };
  },
});

export const editFileTool = defineTool({
  name: 'edit_file',
  category: 'files',
  description:
    'Replace an exact piece of text in a file. oldText must occur exactly once unless replaceAll is set; include enough context to make it unique.',
  parameters: Type.Object({
    path: Path,
    oldText: Type.String({ minLength: 1 }),
    newText: Type.String(),
    replaceAll: Type.Optional(Type.Boolean()),
  }),
  async run({ path, oldText, newText, replaceAll = false }, ctx) {
    const full = inHome(ctx.home, path);
    const text = await readFile(full, 'utf8');
    const count = text.split(oldText).length - 1;
    if (count === 0)
      return { isError: true, output: `oldText was not found in ${path}; read the file and copy the text exactly.` };
    if (count > 1 && !replaceAll)
      return {
        isError: true,
        output: `oldText occurs ${count} times in ${path}; add context to make it unique, or set replaceAll.`,
      };
    await writeFile(full, replaceAll ? text.split(oldText).join(newText) : text.replace(oldText, () => newText));
    return { output: `Replaced ${replaceAll ? count : 1} occurrence(s) in ${path}.` };
  },
});

export const applyPatchTool = defineTool({
  name: 'apply_patch',
  category: 'files',
  description:
    'Apply a unified diff (as produced by `diff -u` or `git diff`) to one or more files. Paths in the headers are relative to your home; a/ and b/ prefixes are accepted; /dev/null creates a file.',
  parameters: Type.Object({ patch: Type.String({ minLength: 1, maxLength: 2_000_000 }) }),
  async run({ patch }, ctx) {
    const files = parsePatch(patch);
    if (files.length === 0 || files.every((f) => f.hunks.length === 0))
      return { isError: true, output: 'No hunks found in the patch.' };
    const strip = (p: string | undefined) => (p ?? '').replace(/^[ab]\//, '').replace(/\t.*$/, '');
    // Check every file first: a patch applies whole or not at all.
    const results: { path: string; text: string | null }[] = [];
    for (const file of files) {
      const target = strip(file.newFileName) === '/dev/null' ? strip(file.oldFileName) : strip(file.newFileName);
      const full = inHome(ctx.home, target);
      const isNew = strip(file.oldFileName) === '/dev/null';
      const old = isNew ? '' : await readFile(full, 'utf8').catch(() => null);
      if (old === null) return { isError: true, output: `${target} does not exist; nothing was changed.` };
      const next = applyPatch(old, file);
      if (next === false)
        return { isError: true, output: `The patch does not apply to ${target} (context differs); nothing was changed.` };
      results.push({ path: full, text: strip(file.newFileName) === '/dev/null' ? null : next });
    }
    for (const r of results) {
      if (r.text === null) await rm(r.path, { force: true });
      else {
        await mkdir(dirname(r.path), { recursive: true });
        await writeFile(r.path, r.text);
      }
    }
    return { output: `Patched ${results.length} file(s).` };
  },
});

export const makeDirectoryTool = defineTool({
  name: 'make_directory',
  category: 'files',
  description: 'Create a directory and its parents.',
  parameters: Type.Object({ path: Path }),
  async run({ path }, ctx) {
    await mkdir(inHome(ctx.home, path), { recursive: true });
    return { output: `Directory ${path} exists.` };
  },
});

export const movePathTool = defineTool({
  name: 'move_path',
  category: 'files',
  description: 'Move or rename a file or directory. Refuses to overwrite unless overwrite is set.',
  parameters: Type.Object({ from: Path, to: Path, overwrite: Type.Optional(Type.Boolean()) }),
  async run({ from, to, overwrite = false }, ctx) {
    const dest = inHome(ctx.home, to);
    if (!overwrite && (await stat(dest).catch(() => null)))
      return { isError: true, output: `${to} exists; set overwrite to replace it.` };
    await mkdir(dirname(dest), { recursive: true });
    await rename(inHome(ctx.home, from), dest);
    return { output: `Moved ${from} to ${to}.` };
  },
});

export const copyPathTool = defineTool({
  name: 'copy_path',
  category: 'files',
  description: 'Copy a file or a directory tree.',
  parameters: Type.Object({ from: Path, to: Path, overwrite: Type.Optional(Type.Boolean()) }),
  async run({ from, to, overwrite = false }, ctx) {
    await cp(inHome(ctx.home, from), inHome(ctx.home, to), { recursive: true, force: overwrite, errorOnExist: !overwrite });
    return { output: `Copied ${from} to ${to}.` };
  },
});

export const deletePathTool = defineTool({
  name: 'delete_path',
  category: 'files',
  description: 'Delete a file, or a directory when recursive is set.',
  parameters: Type.Object({ path: Path, recursive: Type.Optional(Type.Boolean()) }),
  async run({ path, recursive = false }, ctx) {
    const full = inHome(ctx.home, path);
    const st = await stat(full);
    if (st.isDirectory() && !recursive) return { isError: true, output: `${path} is a directory; set recursive to delete it.` };
    await rm(full, { recursive, force: false });
    return { output: `Deleted ${path}.` };
  },
});
