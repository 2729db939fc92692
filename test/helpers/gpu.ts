/**
 * Stand-ins for a GPU host's parts on a machine without a GPU, each real of its kind: nvidia-smi
 * is an executable printing output captured from real nvidia-smi, the device nodes are
 * character devices (with /dev/null's numbers, so opening one does nothing), the driver
 * libraries are files listed by an `ldconfig -p` look-alike. Nothing here pretends a GPU works.
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

/** A /dev look-alike with nvidia<N> for each index and the control nodes (needs root for mknod). */
export function fakeDevDir(indexes: number[], control = ['nvidiactl', 'nvidia-uvm']): string {
  const dir = mkdtempSync(join(tmpdir(), 'aether-dev-'));
  for (const name of [...indexes.map((i) => `nvidia${i}`), ...control]) {
    execFileSync('mknod', ['-m', '0666', join(dir, name), 'c', '1', '3']);
  }
  return dir;
}

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
