import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A device node as the host has it and where the sandbox sees it. */
export interface GpuDeviceNode {
  hostPath: string;
  sandboxPath: string;
}

/**
 * What the NVIDIA driver needs besides /dev/nvidia<N>: the control node, unified memory (CUDA
 * needs it), its tools node and modesetting. Whichever of them the host has are passed.
 */
export const CONTROL_NODES = ['nvidiactl', 'nvidia-uvm', 'nvidia-uvm-tools', 'nvidia-modeset'] as const;

/** The driver's user-space libraries (the container toolkit's list, by name pattern). */
const DRIVER_LIBRARY = /^lib(cuda|cudadebugger|nvidia-[a-z0-9-]+|nvcuvid|nvoptix)\.so(\.[0-9.]+)?$/;

export interface GpuHostOptions {
  /** Where the device nodes are: /dev on a real host, a directory of stand-in nodes in tests. */
  devDir?: string;
  /** argv printing the dynamic linker's cache, `ldconfig -p` by default. */
  ldconfig?: string[];
  /** nvidia-smi as a name on PATH or a path; bound into image sandboxes beside the libraries. */
  nvidiaSmi?: string;
}

/** Parses `ldconfig -p`: "\tlibcuda.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcuda.so.1". */
export function driverLibraries(ldconfigOutput: string): string[] {
  const found = new Set<string>();
  for (const line of ldconfigOutput.split('\n')) {
    const m = /^\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(\S+)\s*$/.exec(line);
    if (!m || !DRIVER_LIBRARY.test(m[1]!)) continue;
    // 32-bit copies ("(libc6)" on x86_64) are of no use to a 64-bit sandbox.
    if (process.arch === 'x64' && !m[2]!.includes('x86-64')) continue;
    found.add(m[3]!);
  }
  return [...found].sort();
}

/**
 * The host side of GPU passthrough without a container runtime: which device nodes exist
 * and which driver files a sandbox from an image needs bound in. Looked up on demand (the
 * driver may be loaded after the kernel started); the library list is kept once found.
 */
export class GpuHost {
  private readonly devDir: string;
  private libs: Promise<string[]> | null = null;

  constructor(private readonly opts: GpuHostOptions = {}) {
    this.devDir = opts.devDir ?? '/dev';
  }

  /** The nodes for these GPU indexes; null if a GPU's own node is missing (no driver loaded). */
  nodesFor(indexes: number[]): GpuDeviceNode[] | null {
    const nodes: GpuDeviceNode[] = [];
    for (const i of indexes) {
      const node = this.node(`nvidia${i}`);
      if (!node) return null;
      nodes.push(node);
    }
    for (const name of CONTROL_NODES) {
      const node = this.node(name);
      if (node) nodes.push(node);
    }
    return nodes;
  }

  /** Driver libraries and nvidia-smi; empty when the host has no NVIDIA driver. */
  files(): Promise<string[]> {
    this.libs ??= this.lookup().then((files) => {
      if (files.length === 0) this.libs = null; // look again next time: a driver may be installed meanwhile
      return files;
    });
    return this.libs;
  }

  private node(name: string): GpuDeviceNode | null {
    const hostPath = join(this.devDir, name);
    try {
      if (!statSync(hostPath).isCharacterDevice()) return null;
    } catch {
      return null;
    }
    return { hostPath, sandboxPath: `/dev/${name}` };
  }

  private async lookup(): Promise<string[]> {
    const [cmd, ...args] = this.opts.ldconfig ?? ['ldconfig', '-p'];
    const out = await new Promise<string>((resolve) =>
      execFile(cmd!, args, { encoding: 'utf8', timeout: 10_000 }, (err, stdout) => resolve(err ? '' : stdout)),
    );
    const files = driverLibraries(out);
    const smi = findOnPath(this.opts.nvidiaSmi ?? 'nvidia-smi');
    return smi && files.length > 0 ? [...files, smi] : files;
  }
}

function findOnPath(name: string): string | null {
  if (name.includes('/')) return existsSync(name) ? name : null;
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}
