/** The Docker engine's create + start, pause and unpause, measured the same way as the kernel's. */
import { timed } from '../stats.js';
import { dockerAvailable, dockerPause, dockerRemove, dockerRun, dockerUnpause, ensureImage } from './docker.js';
import { setTimeout as sleep } from 'node:timers/promises';

export async function dockerReference(rootfsTarball: string, runs: number) {
  if (!(await dockerAvailable())) return null;
  await ensureImage(rootfsTarball);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push(await dockerRun(['/bin/true'])); // warm-up
  const spawn: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [ms, id] = await timed(() => dockerRun(['/bin/true']));
    spawn.push(ms);
    ids.push(id);
  }
  const long = await dockerRun(['/bin/sleep', '3600']);
  const pause: number[] = [];
  const resume: number[] = [];
  for (let i = 0; i < runs; i++) {
    await sleep(50);
    pause.push((await timed(() => dockerPause(long)))[0]);
    await sleep(50);
    resume.push((await timed(() => dockerUnpause(long)))[0]);
  }
  for (const id of [...ids, long]) await dockerRemove(id);
  return { spawn, pause, resume };
}
