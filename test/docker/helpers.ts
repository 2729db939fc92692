import { setTimeout as sleep } from 'node:timers/promises';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { chownSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Docker from 'dockerode';
import { pino } from 'pino';
import {
  DockerDriver,
  importRootfs,
  type DockerDriverOptions,
  type DockerLaunchSpec,
} from '../../kernel-service/src/sandbox/index.js';

/** Every test instance starts with this, so leftovers of an interrupted run can be found. */
export const TEST_INSTANCE_PREFIX = 'aether-test-';
/** Far above sandbox.uidBase's default range, so no real agent's files are touched. */
export const TEST_UID = 299_000;

export const docker = new Docker();
export const log = pino({ level: 'silent' });

export function newInstance(): string {
  return `${TEST_INSTANCE_PREFIX}${Math.random().toString(36).slice(2, 8)}`;
}

let image: string | undefined;

/**
 * The base image: the systemd tier's Debian trixie root filesystem (built once and cached by
 * test/machine/rootfs.sh), imported once; its tag follows the tarball's content key. Also
 * removes containers an interrupted earlier run left behind (files run one at a time).
 */
export async function prepare(): Promise<string> {
  if (image) return image;
  const tarball = execFileSync('bash', [join(import.meta.dirname, '..', 'machine', 'rootfs.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const ref = `aether-test-rootfs:${basename(tarball, '.tar').replace(/^test-trixie-/, '')}`;
  await importRootfs(docker, tarball, ref);
  await removeTestContainers(TEST_INSTANCE_PREFIX);
  return (image = ref);
}

export function connect(instance: string, socketPath?: string, more: Partial<DockerDriverOptions> = {}): Promise<DockerDriver> {
  if (!image) throw new Error('call prepare() in beforeAll first');
  return DockerDriver.connect({ image, instance, log, ...(socketPath ? { socketPath } : {}), ...more });
}

/** A fresh home owned by the agent's UID, as the supervisor makes it. */
export function makeHome(uid = TEST_UID): string {
  const home = mkdtempSync(join(tmpdir(), 'aether-docker-home-'));
  chownSync(home, uid, uid);
  return home;
}

let nextPid = 1;
export function spec(command: string[], overrides: Partial<DockerLaunchSpec> = {}): DockerLaunchSpec {
  const pid = nextPid++;
  return {
    pid,
    agent: { id: `agt_test${pid}`, name: `test-${pid}`, uid: TEST_UID, home: overrides.agent?.home ?? makeHome() },
    command,
    environment: {},
    limits: { memoryMax: 128 * 1024 ** 2, cpuQuota: 100, tasksMax: 64 },
    network: 'none',
    ...overrides,
  };
}

export const sh = (script: string): string[] => ['/bin/sh', '-c', script];
export { sleep };

export async function waitUntil<T>(what: string, fn: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Waits for a file the program writes in its home and returns its trimmed content. */
export function waitForFile(home: string, name: string, timeoutMs = 10_000): Promise<string> {
  const path = join(home, name);
  return waitUntil(`${path}`, () => (existsSync(path) && readFileSync(path, 'utf8').trim()) || undefined, timeoutMs);
}

export async function containersOf(instance: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`aether.instance=${instance}`] } });
}

/** Removes the containers of every instance whose name starts with `prefix`. */
export async function removeTestContainers(prefix: string): Promise<void> {
  const all = await docker.listContainers({ all: true, filters: { label: ['aether.instance'] } });
  for (const c of all) {
    if (c.Labels['aether.instance']?.startsWith(prefix)) await docker.getContainer(c.Id).remove({ force: true, v: true });
  }
}

/**
 * One driver per test file, on an instance of its own, registered with the file's hooks; the
 * instance's containers are removed afterwards.
 */
export function useDockerDriver(): { readonly instance: string; readonly driver: DockerDriver } {
  const fixture = { instance: newInstance(), driver: undefined as unknown as DockerDriver };
  beforeAll(async () => {
    await prepare();
    fixture.driver = await connect(fixture.instance);
  });
  afterAll(async () => {
    await (fixture.driver as DockerDriver | undefined)?.close();
    await removeTestContainers(fixture.instance);
  });
  return fixture;
}
