import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeTree } from '../../kernel-service/src/protection/index.js';

/**
 * The kernel removes a process's kernel directory (with the agent-owned desktop/) as root at the
 * process's end. The agent may have planted symbolic links there, or swap a directory for one
 * while the walk runs: nothing outside the tree may go, and everything legitimate must.
 */
function fixture() {
  const base = mkdtempSync(join(tmpdir(), 'aether-rm-'));
  const outside = join(base, 'outside');
  mkdirSync(join(outside, 'deep'), { recursive: true });
  writeFileSync(join(outside, 'precious'), 'keep me');
  writeFileSync(join(outside, 'deep', 'also'), 'keep me too');
  const tree = join(base, 'p42');
  mkdirSync(join(tree, 'desktop', 'a', 'b'), { recursive: true });
  writeFileSync(join(tree, 'kernel.sock.lock'), '');
  writeFileSync(join(tree, 'desktop', 'a', 'b', 'file'), 'agent data');
  return { base, outside, tree };
}

const intact = (outside: string) => {
  expect(readdirSync(outside).sort()).toEqual(['deep', 'precious']);
  expect(readdirSync(join(outside, 'deep'))).toEqual(['also']);
};

describe('removing a directory the agent partly owns', () => {
  it('control: removes files, sockets, nested directories and the tree itself', async () => {
    const { tree } = fixture();
    const server = createServer();
    await new Promise<void>((r) => server.listen(join(tree, 'desktop', 'vnc.sock'), r));
    expect(removeTree(tree)).toEqual([]);
    server.close();
    expect(existsSync(tree)).toBe(false);
  });

  it('removes planted symbolic links (to a directory, to a file, dangling), never their targets', () => {
    const { outside, tree } = fixture();
    symlinkSync(outside, join(tree, 'desktop', 'to-dir'));
    symlinkSync(join(outside, 'precious'), join(tree, 'desktop', 'a', 'to-file'));
    symlinkSync('/nonexistent', join(tree, 'desktop', 'dangling'));
    expect(removeTree(tree)).toEqual([]);
    expect(existsSync(tree)).toBe(false);
    intact(outside);
  });

  it('survives a directory swapped for a symlink between its check and its opening', () => {
    const { base, outside, tree } = fixture();
    const swapped: string[] = [];
    const left = removeTree(tree, {
      beforeOpen: (rel) => {
        if (rel !== 'desktop/a') return;
        // The agent's move: the directory the kernel just checked becomes a link to elsewhere.
        renameSync(join(tree, 'desktop', 'a'), join(base, 'moved-away'));
        symlinkSync(outside, join(tree, 'desktop', 'a'));
        swapped.push(rel);
      },
    });
    expect(swapped).toEqual(['desktop/a']);
    expect(left).toEqual([]);
    expect(existsSync(tree)).toBe(false);
    intact(outside);
  });

  it('does not walk a different directory swapped in between (same name, other inode)', () => {
    const { base, outside, tree } = fixture();
    const decoy = join(base, 'decoy');
    mkdirSync(decoy);
    writeFileSync(join(decoy, 'victim'), 'not the tree');
    const left = removeTree(tree, {
      beforeOpen: (rel) => {
        if (rel !== 'desktop/a') return;
        renameSync(join(tree, 'desktop', 'a'), join(base, 'moved-away'));
        renameSync(decoy, join(tree, 'desktop', 'a'));
      },
    });
    expect(left).toEqual(['desktop/a']);
    // The decoy's content is still there (it was not walked); the rest of the tree went.
    expect(readdirSync(join(tree, 'desktop', 'a'))).toEqual(['victim']);
    expect(existsSync(join(tree, 'kernel.sock.lock'))).toBe(false);
    intact(outside);
  });

  it('removes only the link when the tree itself was replaced by one, and accepts a tree already gone', () => {
    const { base, outside } = fixture();
    const link = join(base, 'p43');
    symlinkSync(outside, link);
    expect(removeTree(link)).toEqual([]);
    expect(existsSync(link)).toBe(false);
    intact(outside);
    expect(removeTree(join(base, 'never-existed'))).toEqual([]);
  });
});
