import { chmodSync, chownSync, mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createGuardedServer, removeTree, type ServerLimits } from '../protection/index.js';
import { bindCaller, type Caller } from './app.js';

export type SocketLimits = ServerLimits & { longPollMaxMs: number };
export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxConnections: 32,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 65_000,
  longPollMaxMs: 300_000,
};

/** Inside every sandbox the kernel is at this path (the per-process directory is bound at /run/aether). */
export const SANDBOX_SOCKET_PATH = '/run/aether/kernel.sock';
const SOCKET_NAME = 'kernel.sock';

/**
 * The kernel as a sandboxed process sees it: one HTTP server per process on its own Unix
 * socket. Whoever connects is that process (only its sandbox has the socket), so no secret
 * is needed inside. Requests go to the shared socket app with the caller bound.
 */
export class ProcessSocket {
  private constructor(
    readonly dir: string,
    private readonly server: Server,
  ) {}

  static async open(
    dir: string,
    caller: Caller,
    app: FastifyInstance,
    limits: SocketLimits = DEFAULT_SOCKET_LIMITS,
  ): Promise<ProcessSocket> {
    // The directory is root's, so the agent cannot swap the socket; the socket is the agent's alone.
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755); // the kernel runs with UMask=0077; the agent must be able to enter it
    const path = join(dir, SOCKET_NAME);
    rmSync(path, { force: true }); // a previous kernel's socket: the sandbox sees the directory, so a new one replaces it
    // The sandbox is hostile: connections are capped and timed per socket, so a process that
    // hogs its socket hurts only itself. An answer may take as long as its route allows (a
    // long-poll's bound, a model call's timeout): no inactivity timeout cuts it.
    const server = createGuardedServer(
      (req, res) => {
        bindCaller(req, caller);
        app.routing(req, res);
      },
      limits,
      'socket',
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    chownSync(path, caller.uid, caller.uid);
    chmodSync(path, 0o600);
    return new ProcessSocket(dir, server);
  }

  /**
   * Stops listening. The directory goes only with the process: a sandbox that lives on binds
   * that very directory, so a restarted kernel must reuse it, not make a new one.
   */
  async close(removeDir: boolean): Promise<string[]> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    // Parts of the directory are the agent's (desktop/): never a path-based recursive delete as root.
    // Returns what could not be removed (the caller logs it).
    return removeDir ? removeTree(this.dir) : [];
  }
}
