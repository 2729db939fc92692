import { createReadStream } from 'node:fs';
import type Docker from 'dockerode';
import { isNotFound } from './errors.js';

export async function imageExists(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/**
 * `docker import` through the API: a root filesystem tarball becomes a one-layer image.
 * There is no registry on an Aether host; this (or `docker build` from such an image) is
 * how images arrive. Does nothing when `ref` exists already.
 */
export async function importRootfs(docker: Docker, tarball: string, ref: string): Promise<void> {
  if (await imageExists(docker, ref)) return;
  const colon = ref.lastIndexOf(':');
  const [repo, tag] = colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
  const progress = await docker.importImage(createReadStream(tarball), { repo, tag });
  // The engine reports failures inside the progress stream, not as an HTTP status.
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(progress, (err: Error | null, output: { error?: string }[]) => {
      const failed = err ?? output.find((o) => o.error);
      if (failed) reject(failed instanceof Error ? failed : new Error(`docker import ${tarball}: ${failed.error}`));
      else resolve();
    });
  });
}
