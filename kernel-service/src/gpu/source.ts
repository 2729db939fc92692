import { readComputeApps, type GpuComputeApp } from './compute-apps.js';
import { readGpuInventory, type GpuInventory } from './inventory.js';

/**
 * Where the kernel learns about GPUs. The real one runs nvidia-smi; tests point `command`
 * at a script printing a captured nvidia-smi output, so the same exec and parsing run.
 */
export interface GpuSource {
  inventory(): Promise<GpuInventory>;
  computeApps(): Promise<GpuComputeApp[]>;
}

export interface NvidiaSmiOptions {
  /** The nvidia-smi binary (a path or a name on PATH). */
  command?: string;
  /** How long an answer is reused: nvidia-smi takes tens of milliseconds and the API may be polled. */
  cacheMs?: number;
}

interface Cached<T> {
  at: number;
  value: Promise<T>;
}

/** nvidia-smi, asked at most once per `cacheMs` per query, however many callers ask. */
export class NvidiaSmi implements GpuSource {
  readonly command: string;
  private readonly cacheMs: number;
  private inv: Cached<GpuInventory> | null = null;
  private apps: Cached<GpuComputeApp[]> | null = null;

  constructor(opts: NvidiaSmiOptions = {}) {
    this.command = opts.command ?? 'nvidia-smi';
    this.cacheMs = opts.cacheMs ?? 2000;
  }

  inventory(): Promise<GpuInventory> {
    this.inv = this.fresh(this.inv, () => readGpuInventory({ command: this.command }));
    return this.inv.value;
  }

  computeApps(): Promise<GpuComputeApp[]> {
    this.apps = this.fresh(this.apps, () => readComputeApps(this.command));
    return this.apps.value;
  }

  private fresh<T>(cached: Cached<T> | null, read: () => Promise<T>): Cached<T> {
    if (cached && Date.now() - cached.at < this.cacheMs) return cached;
    const value = read();
    // A failed read is not cached: the next caller tries again.
    value.catch(() => {
      if (this.inv?.value === (value as unknown)) this.inv = null;
      if (this.apps?.value === (value as unknown)) this.apps = null;
    });
    return { at: Date.now(), value };
  }
}
