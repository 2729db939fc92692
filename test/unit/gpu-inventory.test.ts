import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NVIDIA_SMI_ARGS, parseNvidiaSmi, readGpuInventory } from '../../kernel-service/src/gpu/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'nvidia-smi');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** An executable standing in for nvidia-smi on this GPU-less host: prints a fixture, exits with `code`, records its argv. */
function fakeSmi(name: string, code = 0): { command: string; argv: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'aether-smi-'));
  const command = join(dir, 'nvidia-smi');
  writeFileSync(command, `#!/bin/sh\nprintf '%s\\n' "$@" > '${dir}/argv'\ncat '${join(FIXTURES, name)}'\nexit ${code}\n`);
  chmodSync(command, 0o755);
  return { command, argv: () => readFileSync(join(dir, 'argv'), 'utf8') };
}

describe('nvidia-smi inventory parser', () => {
  it('reads an idle 8x H200 node', () => {
    const gpus = parseNvidiaSmi(fixture('h200-8x.txt'));
    expect(gpus).toHaveLength(8);
    expect(gpus.map((g) => g.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(gpus[0]).toEqual({
      index: 0,
      uuid: 'GPU-3f1c2a8e-6b0d-4e5a-9c71-1d2e3f4a5b60',
      name: 'NVIDIA H200',
      memoryTotalMiB: 143771,
      memoryUsedMiB: 1,
      utilizationPercent: 0,
    });
  });

  it('reads memory in use and utilisation of a loaded GPU', () => {
    const [busy, idle] = parseNvidiaSmi(fixture('h100-busy.txt'));
    expect(busy).toMatchObject({
      name: 'NVIDIA H100 80GB HBM3',
      memoryTotalMiB: 81559,
      memoryUsedMiB: 80737,
      utilizationPercent: 100,
    });
    expect(idle).toMatchObject({ index: 1, memoryUsedMiB: 1000, utilizationPercent: 0 });
  });

  it('turns "[N/A]" (utilisation of a MIG-partitioned GPU) into null', () => {
    const [gpu] = parseNvidiaSmi(fixture('a100-mig.txt'));
    expect(gpu).toMatchObject({
      name: 'NVIDIA A100-SXM4-80GB',
      memoryTotalMiB: 81920,
      memoryUsedMiB: 36537,
      utilizationPercent: null,
    });
    expect(parseNvidiaSmi('0, GPU-x, Some GPU, [Not Supported], [N/A], [Insufficient Permissions]\n')[0]).toMatchObject({
      memoryTotalMiB: null,
      memoryUsedMiB: null,
      utilizationPercent: null,
    });
  });

  it('reads mixed cards, output with units, CRLF line ends, and names with commas', () => {
    expect(parseNvidiaSmi(fixture('workstation.txt')).map((g) => [g.name, g.memoryTotalMiB])).toEqual([
      ['NVIDIA GeForce RTX 4090', 24564],
      ['Tesla T4', 15360],
    ]);
    expect(parseNvidiaSmi(fixture('with-units.txt'))[0]).toMatchObject({ memoryTotalMiB: 81559, utilizationPercent: 100 });
    expect(parseNvidiaSmi(fixture('h100-busy.txt').replace(/\n/g, '\r\n'))).toHaveLength(2);
    expect(parseNvidiaSmi('3, GPU-y, Odd, Name, 1024, 2, 50\n')[0]).toMatchObject({
      index: 3,
      name: 'Odd, Name',
      memoryTotalMiB: 1024,
    });
  });

  it('refuses output it does not understand rather than guessing', () => {
    expect(() => parseNvidiaSmi(fixture('no-devices.txt'))).toThrow(/expected 6 fields/);
    expect(() => parseNvidiaSmi('x, GPU-a, A, 1, 2, 3')).toThrow(/not a GPU index/);
    expect(() => parseNvidiaSmi('0, GPU-a, A, lots, 2, 3')).toThrow(/not a number of MiB/);
  });
});

describe('reading the inventory', () => {
  it('runs nvidia-smi with exactly the documented query', async () => {
    const smi = fakeSmi('h200-8x.txt');
    const inv = await readGpuInventory({ command: smi.command });
    expect(inv.gpus).toHaveLength(8);
    expect(inv.reason).toBeUndefined();
    expect(smi.argv().trim().split('\n')).toEqual([...NVIDIA_SMI_ARGS]);
  });

  it('reports no GPUs with the reason when there are none or the driver is down', async () => {
    const none = await readGpuInventory({ command: fakeSmi('no-devices.txt', 6).command });
    expect(none).toEqual({ gpus: [], reason: expect.stringMatching(/exit 6\): No devices were found/) });
    const down = await readGpuInventory({ command: fakeSmi('driver-not-loaded.txt', 9).command });
    expect(down.gpus).toEqual([]);
    expect(down.reason).toMatch(/couldn't communicate with the NVIDIA driver/);
    const missing = await readGpuInventory({ command: '/nonexistent/nvidia-smi' });
    expect(missing).toEqual({ gpus: [], reason: expect.stringMatching(/not found/) });
  });

  it('asks this host', async () => {
    const inv = await readGpuInventory();
    let onPath = true;
    try {
      execFileSync('sh', ['-c', 'command -v nvidia-smi'], { stdio: 'ignore' });
    } catch {
      onPath = false;
    }
    if (onPath) expect(inv.gpus.length > 0 || inv.reason !== undefined).toBe(true);
    else expect(inv).toEqual({ gpus: [], reason: 'nvidia-smi not found: no NVIDIA driver on this host' });
  });
});
