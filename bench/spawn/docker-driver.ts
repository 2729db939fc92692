/**
 * The kernel's Docker driver itself (dockerode, the confinement the kernel asks for: tini,
 * read-only image, no capabilities, limits, no network), measured the way the systemd series
 * are: spawn until the driver says the program runs, and until the program's first write;
 * pause and resume 50 ms apart.
 */
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import { pino } from 'pino';
import { DockerDriver, importRootfs, type LaunchSpec } from '../../kernel-service/src/sandbox/index.js';
import { timed } from '../stats.js';
import { dockerAvailable } from './docker.js';

const IMAGE = 'aether-bench-driver:latest';
const UID = 299_500;
const nowNs = () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));

async function firstWrite(path: string): Promise<bigint> {
  for (let i = 0; i < 5000; i++) {
    try {
      const text = readFileSync(path, 'utf8');
      if (text.endsWith('\n')) return BigInt(text.trim());
    } catch {
      /* not yet */
    }
    await sleep(1);
  }
  throw new Error(`${path} never appeared`);
}

export async function dockerDriverSeries(rootfsTarball: string, spawns: number, cycles: number) {
  if (!(await dockerAvailable())) return null;
  const docker = new Docker();
  await importRootfs(docker, rootfsTarball, IMAGE);
  const driver = await DockerDriver.connect({ image: IMAGE, instance: 'aether-bench', log: pino({ level: 'silent' }) });
  const home = mkdtempSync(join(tmpdir(), 'aether-bench-home-'));
  chownSync(home, UID, UID);
  let pid = 1;
  const spec = (command: string[]): LaunchSpec => ({
    pid: pid++,
    agent: { id: 'agt_bench', name: 'bench', uid: UID, home },
    command,
    environment: {},
    limits: { memoryMax: 512 * 1024 ** 2, cpuQuota: 100, tasksMax: 512 },
    network: 'none',
  });
  try {
    const spawnMs: number[] = [];
    const firstMs: number[] = [];
    for (let i = -5; i < spawns; i++) {
      const file = `first-${i}`;
      const t0 = nowNs();
      const [ms, h] = await timed(() => driver.launch(spec(['/bin/sh', '-c', `date +%s%N > /home/agent/${file}`])));
      const at = await firstWrite(join(home, file));
      if (i >= 0) {
        spawnMs.push(ms);
        firstMs.push(Number(at - t0) / 1e6);
      }
      await h.exited;
      await h.destroy();
    }
    const long = await driver.launch(spec(['/bin/sleep', '3600']));
    const pause: number[] = [];
    const resume: number[] = [];
    for (let i = 0; i < cycles; i++) {
      await sleep(50);
      pause.push((await timed(() => long.pause()))[0]);
      await sleep(50);
      resume.push((await timed(() => long.resume()))[0]);
    }
    await long.destroy();
    return { spawnMs, firstMs, pause, resume };
  } finally {
    await driver.close();
    rmSync(home, { recursive: true, force: true });
  }
}
