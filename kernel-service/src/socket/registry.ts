import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_SOCKET_LIMITS, ProcessSocket, type SocketLimits } from './server.js';

/**
 * One kernel socket per live process, under <runtimeDir>/sockets/p<PID>/. The sandbox gets
 * that directory bound at /run/aether, so a restarted kernel can put a new socket in the same
 * place and the running sandbox sees it.
 */
export class KernelSockets {
  private readonly open = new Map<number, ProcessSocket>();
  private app: FastifyInstance | null = null;

  constructor(
    private readonly runtimeDir: string,
    private readonly limits: SocketLimits = DEFAULT_SOCKET_LIMITS,
  ) {}

  /**
   * The routes behind every socket. Set after construction because they reach the supervisor
   * (spawn a child, wait for it), which itself needs this registry.
   */
  attach(app: FastifyInstance): void {
    this.app = app;
  }

  dirOf(pid: number): string {
    return join(this.runtimeDir, 'sockets', `p${pid}`);
  }

  /** Opens (or re-opens after a kernel restart) the socket of a process; returns its directory. */
  async serve(pid: number, agent: string, uid: number): Promise<string> {
    const existing = this.open.get(pid);
    if (existing) return existing.dir;
    if (!this.app) throw new Error('KernelSockets.serve before attach(): the socket app is not built yet');
    const socket = await ProcessSocket.open(this.dirOf(pid), { pid, agent, uid }, this.app, this.limits);
    this.open.set(pid, socket);
    return socket.dir;
  }

  /** Stops the socket and removes the directory; returns the entries that could not be removed. */
  async close(pid: number): Promise<string[]> {
    const socket = this.open.get(pid);
    this.open.delete(pid);
    return (await socket?.close(true)) ?? [];
  }

  /** At kernel shutdown: stop listening but keep the directories, the sandboxes live on. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.open.values()].map((s) => s.close(false)));
    this.open.clear();
  }
}
