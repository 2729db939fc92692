import Docker from 'dockerode';
import type { Logger } from 'pino';
import { AetherError } from '../../errors/index.js';
import { readFile } from 'node:fs/promises';
import { cgroupDirsOf } from '../cgroup-dirs.js';
import type {
  AdoptedSandbox,
  CgroupDirs,
  ExecSession,
  ExecSpec,
  ExitStatus,
  LogEntry,
  LogQuery,
  LogSource,
  PauseMethod,
  SandboxDriver,
  SandboxHandle,
  TerminalChannel,
  TerminalSpec,
} from '../driver.js';
import type { SignalName } from '../signals.js';
import { signalCgroup } from './cgroup.js';
import { containerCreateOptions, LABEL, pidOfLabels, type DockerLaunchSpec } from './container.js';
import { dockerMessage, isGpuFailure, isNotFound, isUnreachable } from './errors.js';
import { ExitWatcher } from './exit-watch.js';
import { detectGpuPassthrough, type DockerGpuMode, type GpuPassthrough } from './gpu.js';
import { imageExists } from './image.js';
import { openExecTerminal } from './terminal.js';
import { dockerExec, engineLogs, savedLogs, saveLogs } from './io.js';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export interface DockerDriverOptions {
  /** The engine's socket; /var/run/docker.sock by default. */
  socketPath?: string;
  /** The image a spawn gets when it names none; must exist locally (there is no registry). */
  image: string;
  /**
   * Names this kernel's containers (label aether.instance, name prefix): adoptAll takes only
   * these, so two kernels (or a test run) on one engine never adopt each other's containers.
   */
  instance?: string;
  /** How GPUs reach containers; detected from the engine when absent (tests force one). */
  gpuMode?: DockerGpuMode;
  log: Logger;
  /** Root-only directory where an ended container's output is saved before removal (GET /logs); none: not kept. */
  logsDir?: string;
}

/**
 * Sandboxes as Docker containers, through the engine's API (dockerode). The engine owns
 * the processes; containers are labelled with the kernel PID and found again after a
 * kernel restart. For image-based and GPU workloads; the systemd driver is the default.
 */
export class DockerDriver implements SandboxDriver {
  readonly name = 'docker';
  readonly programsFrom = 'image';
  /** Docker's pause is the cgroup freezer (v1 or v2): memory kept, invisible to the program. */
  private readonly pauseMethod: PauseMethod = 'freezer';

  private constructor(
    private readonly docker: Docker,
    private readonly watcher: ExitWatcher,
    private readonly opts: DockerDriverOptions & { instance: string },
    private readonly version: string,
    readonly gpu: GpuPassthrough,
  ) {}

  static async connect(options: DockerDriverOptions): Promise<DockerDriver> {
    const opts = { ...options, instance: options.instance ?? 'aether' };
    const socketPath = opts.socketPath ?? DEFAULT_DOCKER_SOCKET;
    const docker = new Docker({ socketPath });
    let version: string;
    try {
      const v = await docker.version();
      version = `Docker ${v.Version} (API ${v.ApiVersion})`;
    } catch (err) {
      throw new AetherError(
        'SANDBOX_UNAVAILABLE',
        `Cannot reach the Docker engine at ${socketPath}: ${dockerMessage(err)}. Install docker.io and start dockerd (systemctl start docker), or set the socket path.`,
        { cause: err },
      );
    }
    const watcher = new ExitWatcher(docker, opts.instance, opts.log);
    await watcher.start();
    if (!(await imageExists(docker, opts.image))) {
      opts.log.warn({ image: opts.image }, 'the default Docker image is missing: spawns without an image will fail');
    }
    const gpu = await detectGpuPassthrough(docker, opts.gpuMode);
    return new DockerDriver(docker, watcher, opts, version, gpu);
  }

  describe(): { driver: string; pauseMethod: PauseMethod; version: string; gpuPassthrough: string } {
    return { driver: this.name, pauseMethod: this.pauseMethod, version: this.version, gpuPassthrough: this.gpu.mode };
  }

  /**
   * create, then start. Whatever fails after create (a GPU request the engine cannot
   * serve fails only at start) removes the container again: nothing is left behind.
   */
  async launch(spec: DockerLaunchSpec): Promise<SandboxHandle> {
    if (spec.network === 'egress') {
      // Never a silent fallback to "none" or "host": egress policies are enforced for systemd sandboxes only.
      throw new AetherError(
        'NETWORK_MODE_UNSUPPORTED',
        'Network "egress" needs the systemd driver (docs/SECURITY.md, Networking).',
      );
    }
    const create = containerCreateOptions(spec, { instance: this.opts.instance, image: this.opts.image, gpu: this.gpu });
    const name = create.name!;
    let container: Docker.Container | undefined;
    let watch: ReturnType<ExitWatcher['watch']> | undefined;
    try {
      container = await this.docker.createContainer(create);
      watch = this.watcher.watch(container.id);
      await container.start();
      return this.handle(container.id, name, watch.exited);
    } catch (err) {
      watch?.cancel();
      if (container) {
        await container
          .remove({ force: true, v: true })
          .catch((e: unknown) => this.opts.log.error({ err: e, container: name }, 'cleanup after failed launch'));
      }
      throw launchError(err, spec, create.Image!, name);
    }
  }

  async adoptAll(): Promise<AdoptedSandbox[]> {
    const list = await this.docker
      .listContainers({ all: true, filters: { label: [`${LABEL.instance}=${this.opts.instance}`] } })
      .catch((err: unknown) => {
        throw unavailable(err);
      });
    const adopted: AdoptedSandbox[] = [];
    for (const c of list) {
      const pid = pidOfLabels(c.Labels);
      if (pid === null) continue;
      const watch = this.watcher.watch(c.Id);
      await this.watcher.check(c.Id, true);
      const name = c.Names[0]?.replace(/^\//, '') ?? c.Id;
      adopted.push({ pid, handle: this.handle(c.Id, name, watch.exited), paused: c.State === 'paused' });
    }
    return adopted;
  }

  async close(): Promise<void> {
    this.watcher.close();
  }

  /** `docker exec` without a TTY, as the agent, in its home (io.ts). */
  exec(handle: SandboxHandle, spec: ExecSpec): Promise<ExecSession> {
    return dockerExec(this.docker, handle.id, spec);
  }

  /** The engine's logs while the container exists, then what was saved at its removal. */
  async *logs(source: LogSource, query: LogQuery): AsyncGenerator<LogEntry> {
    const name = source.sandboxId;
    if (!name) return;
    try {
      await this.docker.getContainer(name).inspect();
    } catch (err) {
      if (!isNotFound(err)) throw new AetherError('LOGS_UNAVAILABLE', `container ${name}: ${dockerMessage(err)}`, { cause: err });
      if (this.opts.logsDir) yield* savedLogs(this.opts.logsDir, name, query);
      return;
    }
    yield* engineLogs(this.docker, name, query);
  }

  /** `docker exec -it` as the agent, in its home (terminal.ts). */
  openTerminal(handle: SandboxHandle, spec: TerminalSpec): Promise<TerminalChannel> {
    return openExecTerminal(this.docker, handle.id, spec);
  }

  /** The container's cgroup, found through its init's /proc entry once and kept. */
  private cgroupOf(container: Docker.Container): () => Promise<CgroupDirs | null> {
    let dirs: CgroupDirs | null = null;
    return async () => {
      if (dirs) return dirs;
      try {
        const info = await container.inspect();
        if (!info.State.Running || info.State.Pid <= 0) return null;
        dirs = cgroupDirsOf(await readFile(`/proc/${info.State.Pid}/cgroup`, 'utf8'));
        return dirs;
      } catch {
        return null;
      }
    };
  }

  private handle(id: string, name: string, exited: Promise<ExitStatus>): SandboxHandle {
    const container = this.docker.getContainer(id);
    const op = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
      try {
        await fn();
      } catch (err) {
        if (err instanceof AetherError) throw err;
        if (isUnreachable(err)) throw unavailable(err);
        throw new AetherError('SANDBOX_OPERATION_FAILED', `${what} container ${name}: ${dockerMessage(err)}`, { cause: err });
      }
    };
    return {
      id: name,
      pauseMethod: this.pauseMethod,
      exited,
      signal: (signal, target = 'main') =>
        op(`${signal} to`, () => (target === 'main' ? container.kill({ signal }) : this.signalAll(container, signal))),
      pause: () => op('pause', () => container.pause()),
      resume: () => op('resume', () => container.unpause()),
      cgroup: this.cgroupOf(container),
      destroy: () =>
        op('remove', async () => {
          if (this.opts.logsDir) {
            await saveLogs(this.docker, id, this.opts.logsDir, name).catch((err: unknown) =>
              this.opts.log.warn({ err, name }, 'saving the output of an ended container'),
            );
          }
          try {
            await container.remove({ force: true, v: true });
          } catch (err) {
            // Idempotent: already gone, or another destroy is removing it right now.
            if (!isNotFound(err) && !/already in progress/.test(dockerMessage(err))) throw err;
          }
        }),
    };
  }

  /**
   * Docker signals only the container's init (which forwards to the program); "all"
   * means every process, so it goes through the container's cgroup, as KillUnit does.
   */
  private async signalAll(container: Docker.Container, signal: SignalName): Promise<void> {
    const info = await container.inspect();
    if (!info.State.Running || info.State.Pid <= 0) throw new Error('it is not running');
    await signalCgroup(info.State.Pid, signal);
  }
}

function unavailable(err: unknown): AetherError {
  return new AetherError('SANDBOX_UNAVAILABLE', `The Docker engine stopped answering: ${dockerMessage(err)}`, { cause: err });
}

function launchError(err: unknown, spec: DockerLaunchSpec, image: string, name: string): AetherError {
  if (err instanceof AetherError) return err;
  if (isUnreachable(err)) return unavailable(err);
  const said = dockerMessage(err);
  if (isNotFound(err) && /no such image/i.test(said)) {
    return new AetherError('IMAGE_NOT_FOUND', `Image "${image}" is not on this host (${said}).`, { cause: err });
  }
  if (spec.gpus && isGpuFailure(err)) {
    return new AetherError(
      'GPU_UNAVAILABLE',
      `This host cannot give the sandbox GPU ${spec.gpus.gpus.map((g) => g.index).join(', ')}: Docker said "${said}".`,
      { cause: err, details: { gpus: spec.gpus.gpus } },
    );
  }
  return new AetherError('SANDBOX_LAUNCH_FAILED', `Docker could not start container ${name}: ${said}`, { cause: err });
}
