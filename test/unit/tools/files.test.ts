import { mkdirSync, readFileSync, existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry, toolContext } from './context.js';

describe('the tool registry', () => {
  it('has at least 28 tools, each with a description and an object schema', () => {
    const tools = registry.list();
    expect(tools.length).toBeGreaterThanOrEqual(28);
    for (const t of tools) {
      expect(t.description.length, t.name).toBeGreaterThan(20);
      expect((t.parameters as { type?: string }).type, t.name).toBe('object');
    }
    expect(new Set(tools.map((t) => t.category))).toEqual(
      new Set(['files', 'shell', 'processes', 'web', 'planning', 'agents', 'human', 'completion', 'memory', 'ipc', 'desktop']),
    );
  });

  it('answers unknown tools, bad JSON and schema mismatches with observations', async () => {
    const { run } = toolContext();
    expect(await run('nope')).toMatchObject({ isError: true, output: expect.stringMatching(/Unknown tool "nope"/) });
    expect(await run('read_file', '{oops')).toMatchObject({ isError: true, output: expect.stringMatching(/not valid JSON/) });
    expect(await run('read_file', { path: 5 })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/Invalid arguments/),
    });
    expect(await run('read_file', { path: 'missing.txt' })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/ENOENT/),
    });
  });
});

describe('file tools', () => {
  it('write_file, append_file, read_file with line numbers and ranges', async () => {
    const { run, home } = toolContext();
    expect((await run('write_file', { path: 'a/b/c.txt', content: 'one\ntwo\n' })).output).toMatch(/Wrote 8 bytes/);
    await run('append_file', { path: 'a/b/c.txt', content: 'three\n' });
    expect(readFileSync(join(home, 'a/b/c.txt'), 'utf8')).toBe('one\ntwo\nthree\n');
    expect((await run('read_file', { path: 'a/b/c.txt' })).output).toMatch(/^ {4}1 {2}one\n {4}2 {2}two\n {4}3 {2}three/);
    const part = (await run('read_file', { path: join(home, 'a/b/c.txt'), offset: 2, limit: 1 })).output;
    expect(part).toMatch(/^ {4}2 {2}two\n\[2 more lines/);
  });

  it('edit_file replaces exactly one occurrence unless told otherwise', async () => {
    const { run, home } = toolContext();
    writeFileSync(join(home, 'f.ts'), 'let a = 1;\nlet b = 1;\n');
    expect(await run('edit_file', { path: 'f.ts', oldText: 'zzz', newText: 'y' })).toMatchObject({ isError: true });
    expect(await run('edit_file', { path: 'f.ts', oldText: '= 1', newText: '= 2' })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/occurs 2 times/),
    });
    await run('edit_file', { path: 'f.ts', oldText: 'let a = 1', newText: 'let a = $&2' });
    expect(readFileSync(join(home, 'f.ts'), 'utf8')).toBe('let a = $&2;\nlet b = 1;\n');
    await run('edit_file', { path: 'f.ts', oldText: 'let', newText: 'const', replaceAll: true });
    expect(readFileSync(join(home, 'f.ts'), 'utf8')).toBe('const a = $&2;\nconst b = 1;\n');
  });

  it('apply_patch applies a unified diff whole or not at all', async () => {
    const { run, home } = toolContext();
    writeFileSync(join(home, 'greet.py'), 'def hi():\n    print("hi")\n');
    const patch = [
      '--- a/greet.py',
      '+++ b/greet.py',
      '@@ -1,2 +1,2 @@',
      ' def hi():',
      '-    print("hi")',
      '+    print("hello")',
      '--- /dev/null',
      '+++ b/new.txt',
      '@@ -0,0 +1 @@',
      '+fresh',
      '',
    ].join('\n');
    expect(await run('apply_patch', { patch })).toMatchObject({ output: 'Patched 2 file(s).' });
    expect(readFileSync(join(home, 'greet.py'), 'utf8')).toContain('print("hello")');
    expect(readFileSync(join(home, 'new.txt'), 'utf8')).toBe('fresh\n');
    // Context that no longer matches: refused, and the file is untouched.
    expect(await run('apply_patch', { patch: patch.split('--- /dev/null')[0] })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/does not apply/),
    });
    expect(readFileSync(join(home, 'greet.py'), 'utf8')).toContain('print("hello")');
    expect(await run('apply_patch', { patch: 'not a diff' })).toMatchObject({ isError: true });
  });

  it('list_directory, find_files, search_text, file_info', async () => {
    const { run, home } = toolContext();
    mkdirSync(join(home, 'src/lib'), { recursive: true });
    mkdirSync(join(home, 'node_modules/x'), { recursive: true });
    writeFileSync(join(home, 'src/main.ts'), 'import { x } from "./lib/x";\n// TODO: more\n');
    writeFileSync(join(home, 'src/lib/x.ts'), 'export const x = 1; // todo later\n');
    writeFileSync(join(home, 'node_modules/x/index.ts'), '// TODO hidden\n');
    writeFileSync(join(home, 'README.md'), '# readme\n');
    symlinkSync('/etc', join(home, 'etc-link'));

    const top = (await run('list_directory', {})).output;
    expect(top).toContain('d src/');
    expect(top).toContain('l etc-link');
    expect(top).not.toContain('main.ts');
    expect((await run('list_directory', { recursive: true })).output).toContain('- src/lib/x.ts 34');
    expect(await run('list_directory', { path: 'nowhere' })).toMatchObject({ isError: true });

    expect((await run('find_files', { pattern: '**/*.ts' })).output.split('\n').sort()).toEqual(['src/lib/x.ts', 'src/main.ts']);
    expect((await run('find_files', { pattern: 'src/*.ts' })).output).toBe('src/main.ts');

    const hits = (await run('search_text', { pattern: 'todo', ignoreCase: true })).output;
    expect(hits).toContain('src/main.ts:2: // TODO: more');
    expect(hits).toContain('src/lib/x.ts:1:');
    expect(hits).not.toContain('node_modules'); // skipped
    expect((await run('search_text', { pattern: 'TODO', glob: '**/lib/*' })).output).toMatch(/^No match/);
    expect(await run('search_text', { pattern: '(' })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/Bad regular expression/),
    });

    expect(JSON.parse((await run('file_info', { path: 'README.md' })).output)).toMatchObject({ type: 'file', size: 9 });
    expect((await run('file_info', { path: 'gone' })).output).toBe('gone does not exist.');
  });

  it('make_directory, move_path, copy_path, delete_path', async () => {
    const { run, home } = toolContext();
    await run('make_directory', { path: 'x/y/z' });
    writeFileSync(join(home, 'x/y/z/f'), 'data');
    await run('copy_path', { from: 'x', to: 'copy' });
    expect(readFileSync(join(home, 'copy/y/z/f'), 'utf8')).toBe('data');
    expect(await run('copy_path', { from: 'x', to: 'copy' })).toMatchObject({ isError: true });
    writeFileSync(join(home, 'other'), '');
    expect(await run('move_path', { from: 'copy', to: 'other' })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/exists/),
    });
    await run('move_path', { from: 'copy', to: 'moved/here' });
    expect(existsSync(join(home, 'moved/here/y/z/f'))).toBe(true);
    expect(await run('delete_path', { path: 'moved' })).toMatchObject({
      isError: true,
      output: expect.stringMatching(/recursive/),
    });
    await run('delete_path', { path: 'moved', recursive: true });
    await run('delete_path', { path: 'other' });
    expect(existsSync(join(home, 'moved'))).toBe(false);
    expect(existsSync(join(home, 'other'))).toBe(false);
  });
});
