/**
 * Stand-ins for a GPU host's parts on a machine without a GPU, each real of its kind: nvidia-smi
 * is an executable printing output captured from real nvidia-smi, the device nodes are
 * character devices with the NVIDIA driver's own numbers (195:N, 195:255 for nvidiactl), the
 * driver libraries are files listed by an `ldconfig -p` look-alike. Nothing here pretends a GPU
 * works: with no NVIDIA driver loaded, opening a stand-in node fails with ENXIO ("no such
 * device") once the device cgroup let the open through, and with EPERM where the sandbox's
 * device policy refuses it. So a test can tell "reaches its node" from "is kept from another's"
 * (stand-ins with /dev/null's numbers could not: every device policy allows /dev/null).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { GpuAllocator, GpuHost, NvidiaSmi } from '../../kernel-service/src/gpu/index.js';
import type { Db } from '../../kernel-service/src/store/index.js';

export const SMI_FIXTURES = join(import.meta.dirname, '..', 'unit', 'fixtures', 'nvidia-smi');

/** nvidia-smi answering --query-gpu with one fixture and --query-compute-apps with another (a name or a path). */
export function fakeNvidiaSmi(gpus: string, apps = 'compute-apps-none.txt', exitCode = 0): string {
  const dir = mkdtempSync(join(tmpdir(), 'aether-smi-'));
  const command = join(dir, 'nvidia-smi');
  writeFileSync(
    command,
    `#!/bin/sh\ncase "$1" in --query-compute-apps*) cat '${isAbsolute(apps) ? apps : join(SMI_FIXTURES, apps)}' ;; *) cat '${join(SMI_FIXTURES, gpus)}'; exit ${exitCode} ;; esac\n`,
  );
  chmodSync(command, 0o755);
  return command;
}

/**
 * The numbers of a stand-in node: the NVIDIA driver's fixed ones (major 195), and for nvidia-uvm,
 * whose major the driver picks at load, 509 (free on Debian's kernels).
 */
export function standInNumbers(name: string): [major: number, minor: number] {
  const gpu = /^nvidia(\d+)$/.exec(name);
  if (gpu) return [195, Number(gpu[1])];
  const fixed: Record<string, [number, number]> = {
    nvidiactl: [195, 255],
    'nvidia-modeset': [195, 254],
    'nvidia-uvm': [509, 0],
    'nvidia-uvm-tools': [509, 1],
  };
  const n = fixed[name];
  if (!n) throw new Error(`no stand-in numbers for ${name}`);
  return n;
}

/** `mknod` arguments for a stand-in node at `path` (the last part names the node). */
export const mknodArgs = (path: string): string[] => {
  const [major, minor] = standInNumbers(path.split('/').pop()!);
  return ['-m', '0666', path, 'c', String(major), String(minor)];
};

/** A /dev look-alike with nvidia<N> for each index and the control nodes (needs root for mknod). */
export function fakeDevDir(indexes: number[], control = ['nvidiactl', 'nvidia-uvm']): string {
  const dir = mkdtempSync(join(tmpdir(), 'aether-dev-'));
  for (const name of [...indexes.map((i) => `nvidia${i}`), ...control]) execFileSync('mknod', mknodArgs(join(dir, name)));
  return dir;
}

/**
 * A Python program that tries to open each path it is given read-write and prints
 * {path: 0 | "ENXIO" | "EPERM" | ...}: for the stand-ins, ENXIO means the device policy let it
 * through (and found no driver), EPERM that the policy refused it.
 */
export const OPEN_PROBE = [
  'import errno, json, os, sys',
  'r = {}',
  'for p in sys.argv[1:]:',
  '    try:',
  '        os.close(os.open(p, os.O_RDWR)); r[p] = 0',
  '    except OSError as e:',
  '        r[p] = errno.errorcode.get(e.errno, str(e.errno))',
  'print(json.dumps(r))',
].join('\n');

/** Driver library stand-ins (files with known content) and an `ldconfig -p` that lists them. */
export function fakeDriverLibraries(names = ['libcuda.so.1', 'libnvidia-ml.so.1']): { ldconfig: string[]; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'aether-libs-'));
  mkdirSync(join(dir, 'lib'));
  const files = names.map((n) => join(dir, 'lib', n));
  for (const f of files) writeFileSync(f, `stand-in for ${f}\n`, { mode: 0o644 });
  chmodSync(dir, 0o755);
  const listing = join(dir, 'ldconfig.txt');
  writeFileSync(
    listing,
    [`${names.length} libs found in cache`, ...names.map((n, i) => `\t${n} (libc6,x86-64) => ${files[i]}`)].join('\n'),
  );
  return { ldconfig: ['cat', listing], files };
}

export interface FakeGpuHost {
  smi: string;
  devDir: string;
  libraries: string[];
  allocator: (db: Db) => GpuAllocator;
}

/** A whole GPU host look-alike: nvidia-smi from `fixture`, nodes for `indexes`, two driver libraries. */
export function fakeGpuHost(fixture: string, indexes: number[], opts: { apps?: string; exitCode?: number } = {}): FakeGpuHost {
  const smi = fakeNvidiaSmi(fixture, opts.apps, opts.exitCode);
  const devDir = fakeDevDir(indexes);
  const libs = fakeDriverLibraries();
  return {
    smi,
    devDir,
    libraries: libs.files,
    allocator: (db) =>
      new GpuAllocator(
        db,
        new NvidiaSmi({ command: smi, cacheMs: 0 }),
        new GpuHost({ devDir, ldconfig: libs.ldconfig, nvidiaSmi: smi }),
      ),
  };
}
