/**
 * A booted Debian trixie machine in systemd-nspawn with the kernel service inside:
 * what the systemd test tier, the benchmarks and `make run` talk to. The repository
 * is bind-mounted read-only at /opt/aether, exactly where the appliance installs it.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface MachineOptions {
  name: string;
  /** Extra lines for /etc/aether/environment. */
  environment?: Record<string, string>;
  /** Where to print the container's console (default: discarded). */
  consoleLog?: string;
  /**
   * A host directory bound at /var/lib/aether (the kernel's state: database, token, homes), so it
   * outlives the machine (`make run`). Without it the state lives and dies with the machine.
   */
  stateDir?: string;
  /**
   * "private": the machine gets a network namespace of its own (nspawn --network-veth-extra),
   * reached from the host over one veth link with addresses 10.249.N.1 (host) and .2 (machine)
   * and no route anywhere else, so tests that change the network (nftables, namespaces,
   * forwarding) change the machine's, never the host's. Default: the host's network.
   */
  network?: 'host' | 'private';
}

export interface Machine {
  name: string;
  root: string;
  port: number;
  url: string;
  token: string;
  /** PID (on the host) of the machine's systemd. */
  initPid: number;
  /** Runs a command inside the machine (all namespaces), returns stdout. */
  exec(cmd: string[], opts?: { allowFailure?: boolean }): Promise<{ stdout: string; stderr: string; code: number }>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

/** The container's init: the only child of the nspawn process. */
function initPid(nspawnPid: number): number | null {
  try {
    const out = execFileSync('pgrep', ['-P', String(nspawnPid)], { encoding: 'utf8' })
      .trim()
      .split('\n')[0];
    return out ? Number(out) : null;
  } catch {
    return null;
  }
}

export async function bootMachine(opts: MachineOptions): Promise<Machine> {
  if (!existsSync(join(REPO, 'kernel-service', 'dist', 'main.js'))) {
    throw new Error('kernel-service is not built: run `make build` first');
  }
  if (opts.stateDir) mkdirSync(opts.stateDir, { recursive: true, mode: 0o700 });
  const tarball = execFileSync(join(REPO, 'test', 'machine', 'rootfs.sh'), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  // Outside the repository: the repository is visible inside the machine, the machine's state must not be.
  const root = join(process.env.AETHER_MACHINES ?? '/var/lib/aether-dev/machines', `${opts.name}-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  execFileSync('tar', ['-C', root, '-xf', tarball]);

  // Install the kernel exactly as the appliance does: its unit files, enabled.
  const units = join(root, 'etc', 'systemd', 'system');
  // The kernel and its slice; the appliance's first-boot units belong to the image, not to this machine.
  for (const unit of ['aether-kernel.service', 'aether.slice']) {
    copyFileSync(join(REPO, 'units', unit), join(units, unit));
  }
  mkdirSync(join(units, 'multi-user.target.wants'), { recursive: true });
  symlinkSync('/etc/systemd/system/aether-kernel.service', join(units, 'multi-user.target.wants', 'aether-kernel.service'));
  // A port the caller asked for (AETHER_API_PORT) is the one the kernel listens on and the URL names.
  const port = opts.environment?.AETHER_API_PORT ? Number(opts.environment.AETHER_API_PORT) : await freePort();
  const link = opts.network === 'private' ? privateLink() : null;
  mkdirSync(join(root, 'etc', 'aether'), { recursive: true });
  const env = {
    AETHER_API_HOST: link ? link.machine : '127.0.0.1',
    AETHER_API_PORT: String(port),
    AETHER_LOG_LEVEL: 'info',
    ...opts.environment,
  };
  // On the host's network the URL is the address the kernel binds, loopback for "every address".
  const urlHost = ['0.0.0.0', '::'].includes(env.AETHER_API_HOST) ? '127.0.0.1' : env.AETHER_API_HOST;
  writeFileSync(
    join(root, 'etc', 'aether', 'environment'),
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
  writeFileSync(join(root, 'etc', 'hostname'), `${opts.name}\n`);

  // Each machine gets a cgroup subtree of its own: nspawn (with --keep-unit) builds the
  // container's cgroups below its own, and a shared subtree would let one machine's
  // leftovers (say, a frozen agent slice) collide with the next machine's units.
  const cgroup = machineCgroup(`${opts.name}-${process.pid}`);
  const child: ChildProcess = spawn(
    '/bin/sh',
    [
      '-c',
      'echo $$ > "$0/cgroup.procs" && exec systemd-nspawn "$@"',
      cgroup,
      '-D',
      root,
      '--boot',
      '--register=no',
      '--keep-unit',
      `--machine=${opts.name}`,
      // Agents get private network namespaces; nspawn withholds that capability unless asked.
      '--capability=CAP_NET_ADMIN',
      ...(link ? [`--network-veth-extra=${link.hostIf}:uplink`] : []),
      // Only what the appliance installs; tests, caches and build output stay out of the agents' sight.
      // programs/: the agent programs of the program templates (Claude Code, Codex), make deps-programs.
      ...['kernel-service', 'node_modules', 'web', 'units', 'package.json', 'programs'].map(
        (p) => `--bind-ro=${join(REPO, p)}:/opt/aether/${p}`,
      ),
      ...(opts.stateDir ? [`--bind=${opts.stateDir}:/var/lib/aether`] : []),
    ],
    {
      // cgroup v2 inside the container, so the freezer (FreezeUnit) works.
      env: { ...process.env, SYSTEMD_NSPAWN_UNIFIED_HIERARCHY: '1', SYSTEMD_LOG_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const logLines: string[] = [];
  const onOutput = (b: Buffer) => {
    logLines.push(b.toString());
    if (opts.consoleLog) writeFileSync(opts.consoleLog, b, { flag: 'a' });
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);

  let init: number | null = null;
  const machine: Machine = {
    name: opts.name,
    root,
    port,
    url: `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}`,
    token: '',
    initPid: 0,
    async exec(cmd, execOpts = {}) {
      if (init === null) throw new Error('machine not booted');
      return execInMachine(init, cmd, execOpts);
    },
    async stop() {
      // A child killed by a signal has exitCode null too: only a live one gets killed and awaited.
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        await new Promise((r) => child.once('exit', r));
      }
      await killCgroup(cgroup);
      rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };

  const deadline = Date.now() + 120_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`systemd-nspawn exited (${child.exitCode}):\n${logLines.join('').slice(-3000)}`);
      init ??= child.pid ? initPid(child.pid) : null;
      if (init !== null && link && !link.up) await link.configure(init);
      if (init !== null && (await isHealthy(machine.url))) break;
      await sleep(200);
    }
    if (!(await isHealthy(machine.url))) {
      const journal = init
        ? (await machine.exec(['journalctl', '-u', 'aether-kernel', '-n', '50', '--no-pager'], { allowFailure: true })).stdout
        : '';
      throw new Error(`the kernel did not become healthy in ${opts.name} within 120 s.\n${journal}`);
    }
    machine.initPid = init!;
    machine.token = readFileSync(join(opts.stateDir ?? join(root, 'var', 'lib', 'aether'), 'admin.token'), 'utf8').trim();
    return machine;
  } catch (err) {
    await machine.stop();
    throw err;
  }
}

/** The host end and addresses of a private machine's one link (10.249.N.0/30, N from this process's pid). */
function privateLink() {
  const n = process.pid % 16384;
  const net = `10.249.${n >> 6}.${(n & 63) * 4}`.split('.').map(Number);
  const addr = (last: number) => `${net[0]}.${net[1]}.${net[2]}.${net[3]! + last}`;
  const link = {
    hostIf: `aem${process.pid}`.slice(0, 15),
    host: addr(1),
    machine: addr(2),
    up: false,
    async configure(init: number) {
      // nspawn creates both ends before the container's init runs; until then, try again later.
      if (!existsSync(`/sys/class/net/${link.hostIf}`)) return;
      await execFileP('ip', ['addr', 'replace', `${link.host}/30`, 'dev', link.hostIf]);
      await execFileP('ip', ['link', 'set', link.hostIf, 'up']);
      const inside = (args: string[]) => execFileP('nsenter', ['-t', String(init), '-n', '--', 'ip', ...args]);
      await inside(['addr', 'replace', `${link.machine}/30`, 'dev', 'uplink']);
      await inside(['link', 'set', 'uplink', 'up']);
      await inside(['link', 'set', 'lo', 'up']);
      link.up = true;
    },
  };
  return link;
}

/** Where the host mounts cgroup v2: /sys/fs/cgroup/unified on a hybrid host, else /sys/fs/cgroup. */
function machineCgroup(name: string): string {
  const base = ['/sys/fs/cgroup/unified', '/sys/fs/cgroup'].find((d) => existsSync(join(d, 'cgroup.procs')));
  if (!base) throw new Error('no cgroup v2 hierarchy on this host: systemd-nspawn machines need one');
  const dir = join(base, `aether-machine-${name}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** cgroup.kill ends every process below, frozen ones included; then the empty tree is removed. */
async function killCgroup(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  writeFileSync(join(dir, 'cgroup.kill'), '1');
  const deadline = Date.now() + 10_000;
  while (readFileSync(join(dir, 'cgroup.events'), 'utf8').includes('populated 1') && Date.now() < deadline) await sleep(50);
  execFileSync('find', [dir, '-depth', '-type', 'd', '-exec', 'rmdir', '{}', ';']);
}

export async function isHealthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Runs a command in every namespace of the machine whose init has this host PID. */
export async function execInMachine(
  initPid: number,
  cmd: string[],
  opts: { allowFailure?: boolean } = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await execFileP('nsenter', ['-t', String(initPid), '-a', '--', ...cmd], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    if (!opts.allowFailure) throw new Error(`${cmd.join(' ')} failed: ${e.stderr ?? String(err)}`);
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : 1 };
  }
}
