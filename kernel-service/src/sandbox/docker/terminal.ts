import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { AetherError } from '../../errors/index.js';
import type { TerminalChannel, TerminalSpec } from '../driver.js';
import { AGENT_HOME } from '../environment.js';
import { dockerMessage } from './errors.js';

/** A login shell: bash where the image has it, else sh. */
const DEFAULT_SHELL = ['/bin/sh', '-c', 'if [ -x /bin/bash ]; then exec /bin/bash -l; else exec /bin/sh -l; fi'];

/**
 * A terminal as `docker exec -it`: a TTY in the container, as the container's user (the
 * agent), in its home. Output that arrives before the API listens is kept for it. Closing
 * hangs the terminal up (SIGHUP to the exec's process), as closing a terminal window does.
 */
export async function openExecTerminal(docker: Docker, containerId: string, spec: TerminalSpec): Promise<TerminalChannel> {
  const container = docker.getContainer(containerId);
  let stream: Duplex;
  let exec: Docker.Exec;
  try {
    const info = await container.inspect();
    exec = await container.exec({
      Cmd: spec.command ?? DEFAULT_SHELL,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      User: info.Config.User,
      WorkingDir: AGENT_HOME,
      Env: Object.entries({ TERM: 'xterm-256color', ...spec.env }).map(([k, v]) => `${k}=${v}`),
      ConsoleSize: [spec.rows, spec.cols],
    });
    stream = await exec.start({ hijack: true, stdin: true, Tty: true });
  } catch (err) {
    throw new AetherError('SANDBOX_OPERATION_FAILED', `terminal in container ${containerId}: ${dockerMessage(err)}`, {
      cause: err,
    });
  }
  // Older engines ignore ConsoleSize on create; a resize after start is what `docker exec` does.
  await exec.resize({ h: spec.rows, w: spec.cols }).catch(() => undefined);

  const pending: Buffer[] = [];
  const dataListeners: ((d: Buffer) => void)[] = [];
  const exitListeners: ((code: number | null) => void)[] = [];
  let exitCode: number | null | undefined;
  stream.on('data', (d: Buffer) => {
    if (dataListeners.length === 0) pending.push(d);
    for (const l of dataListeners) l(d);
  });
  // The stream can close before the engine has reaped the process (close() hangs up, then
  // destroys the stream): ask until the exec is no longer running, briefly.
  const exitOf = async (): Promise<number | null> => {
    for (let i = 0; i < 60; i++) {
      const info = await exec.inspect().catch(() => null);
      if (!info) return null;
      if (!info.Running) return info.ExitCode ?? null;
      await sleep(50);
    }
    return null;
  };
  const ended = () => {
    if (exitCode !== undefined) return;
    void exitOf().then((code) => {
      if (exitCode !== undefined) return;
      exitCode = code;
      for (const l of exitListeners) l(code);
    });
  };
  stream.on('end', ended);
  stream.on('close', ended);
  stream.on('error', ended);

  return {
    write: (data) => void stream.write(data),
    resize: (cols, rows) => void exec.resize({ h: rows, w: cols }).catch(() => undefined),
    onData: (listener) => {
      dataListeners.push(listener);
      for (const d of pending.splice(0)) listener(d);
    },
    onExit: (listener) => {
      if (exitCode !== undefined) listener(exitCode);
      else exitListeners.push(listener);
    },
    close: () => {
      void exec
        .inspect()
        .then((i) => {
          if (i.Running && i.Pid > 0) process.kill(i.Pid, 'SIGHUP');
        })
        .catch(() => undefined)
        .finally(() => stream.destroy());
    },
  };
}
