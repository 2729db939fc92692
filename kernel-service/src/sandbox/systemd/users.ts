import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AetherError } from '../../errors/index.js';
import { AGENT_HOME, agentUserName as userName } from '../environment.js';

const run = promisify(execFile);

/** Exit status of groupadd/useradd when the name or id already exists. */
const ALREADY_EXISTS = new Set([4, 9]);

/**
 * Each agent runs as its own system user with a stable UID (not a DynamicUser: the
 * UID must outlive every run so the agent's home keeps its owner). Created once, with
 * the host's own tools so /etc/passwd stays consistent and locked properly.
 */
export class AgentUsers {
  private readonly known = new Set<number>();

  async ensure(uid: number): Promise<void> {
    if (this.known.has(uid)) return;
    const name = userName(uid);
    await this.tool('groupadd', ['--gid', String(uid), name]);
    await this.tool('useradd', [
      '--uid',
      String(uid),
      '--gid',
      String(uid),
      '--no-create-home',
      '--home-dir',
      AGENT_HOME,
      '--shell',
      '/bin/sh',
      '--comment',
      'Aether agent',
      name,
    ]);
    this.known.add(uid);
  }

  private async tool(cmd: string, args: string[]): Promise<void> {
    try {
      await run(cmd, args);
    } catch (err) {
      const e = err as { code?: number | string; stderr?: string };
      if (typeof e.code === 'number' && ALREADY_EXISTS.has(e.code)) return;
      throw new AetherError('SANDBOX_LAUNCH_FAILED', `${cmd} ${args.join(' ')} failed: ${e.stderr?.trim() || String(e.code)}`, {
        cause: err,
      });
    }
  }
}
