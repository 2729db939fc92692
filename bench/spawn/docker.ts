/** The same spawn, pause and resume through a local Docker engine's HTTP API, as the reference. */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { execFileSync } from 'node:child_process';

const SOCKET = '/var/run/docker.sock';
export const DOCKER_IMAGE = 'aether-bench-rootfs:latest';

function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: SOCKET, method, path, headers: { 'content-type': 'application/json' } }, (res) => {
      let data = '';
      res.on('data', (c: Buffer) => (data += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: parseMaybe(data) }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export async function dockerAvailable(): Promise<boolean> {
  if (!existsSync(SOCKET)) return false;
  try {
    return (await call('GET', '/_ping')).status === 200;
  } catch {
    return false;
  }
}

/** No registry here: the image is the same Debian root filesystem the systemd tier boots, imported. */
export async function ensureImage(rootfsTarball: string): Promise<void> {
  const res = await call('GET', `/images/${DOCKER_IMAGE}/json`);
  if (res.status === 200) return;
  execFileSync('docker', ['import', rootfsTarball, DOCKER_IMAGE], { stdio: 'ignore' });
}

/** create + start, like `docker run -d`: resolves once the container's process runs. */
export async function dockerRun(cmd: string[]): Promise<string> {
  const created = await call('POST', '/containers/create', {
    Image: DOCKER_IMAGE,
    Cmd: cmd,
    HostConfig: { NetworkMode: 'none', Memory: 512 * 1024 * 1024, PidsLimit: 512, AutoRemove: false },
  });
  if (created.status !== 201) throw new Error(`docker create: ${JSON.stringify(created.json)}`);
  const id = (created.json as { Id: string }).Id;
  const started = await call('POST', `/containers/${id}/start`);
  if (started.status !== 204) throw new Error(`docker start: ${JSON.stringify(started.json)}`);
  return id;
}

export async function dockerPause(id: string): Promise<void> {
  await call('POST', `/containers/${id}/pause`);
}
export async function dockerUnpause(id: string): Promise<void> {
  await call('POST', `/containers/${id}/unpause`);
}
export async function dockerRemove(id: string): Promise<void> {
  await call('DELETE', `/containers/${id}?force=true`);
}

/** Docker answers some calls (/_ping) with plain text. */
function parseMaybe(data: string): unknown {
  try {
    return data ? (JSON.parse(data) as unknown) : null;
  } catch {
    return data;
  }
}
