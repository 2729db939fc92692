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
export function connectAgentSocket(path: string, uid: number): Promise<Socket> {
  let fd: number;
  try {
    fd = openSync(path, O_PATH | constants.O_NOFOLLOW | O_CLOEXEC);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isSocket() || st.uid !== uid) {
      closeSync(fd);
      return Promise.reject(new Error(`${path} is not a socket of uid ${uid}`));
    }
  } catch (err) {
    closeSync(fd);
    return Promise.reject(err as Error);
  }
  return new Promise((resolve, reject) => {
    const socket = connect(`/proc/self/fd/${fd}`);
    const done = () => closeSync(fd);
    socket.once('connect', () => {
      done();
      resolve(socket);
    });
    socket.once('error', (err) => {
      done();
      reject(err);
    });
  });
}
