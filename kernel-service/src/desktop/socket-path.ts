import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

/** Linux's O_PATH: a handle on the inode itself, the only way to open() a socket file. */
const O_PATH = 0o10000000;
const O_CLOEXEC = 0o2000000;

/**
 * Connects to Xvnc's Unix socket without trusting the path. The socket lives in a directory the
 * agent owns (Xvnc runs as the agent and must create it), so the agent could swap it for a
 * symlink to somewhere only the kernel can reach. The kernel therefore opens the file itself
 * (O_PATH|O_NOFOLLOW: a symlink fails), checks it is a socket owned by the agent, and connects
 * through /proc/self/fd to that very inode: nothing can be swapped in between.
 */
export async function connectAgentSocket(path: string, uid: number): Promise<Socket> {
  const fd = openSync(path, O_PATH | constants.O_NOFOLLOW | O_CLOEXEC);
  try {
    const st = fstatSync(fd);
    if (!st.isSocket() || st.uid !== uid) throw new Error(`${path} is not a socket of uid ${uid}`);
    return await new Promise<Socket>((resolve, reject) => {
      const socket = connect(`/proc/self/fd/${fd}`);
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
  } finally {
    closeSync(fd);
  }
}
