import { SANDBOX_KERNEL_DIR, type LaunchSpec } from './driver.js';

/** Where every agent sees its home, whatever the driver and the host path. */
export const AGENT_HOME = '/home/agent';

/** The user name an agent's UID goes by, in /etc/passwd (systemd) and in the environment (both). */
export function agentUserName(uid: number): string {
  return `aether-u${uid}`;
}

/**
 * What every sandboxed program finds in its environment, whichever driver runs it. The caller's
 * variables come last but cannot shadow the AETHER_ ones (the supervisor refuses those names).
 */
export function sandboxEnvironment(spec: LaunchSpec): Record<string, string> {
  return { ...baseEnvironment(spec), ...spec.environment };
}

/**
 * The kernel's own variables, without the caller's: nothing secret (the pid, the agent's name,
 * fixed paths), so the systemd driver may put them in the unit's Environment=, which systemd
 * publishes to every user. The caller's variables travel in the unit's credential instead.
 */
export function baseEnvironment(spec: LaunchSpec): Record<string, string> {
  const user = agentUserName(spec.agent.uid);
  return {
    HOME: AGENT_HOME,
    USER: user,
    LOGNAME: user,
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    AETHER_PID: String(spec.pid),
    AETHER_AGENT: spec.agent.name,
    ...(spec.kernelSocketDir ? { AETHER_KERNEL_SOCKET: `${SANDBOX_KERNEL_DIR}/kernel.sock` } : {}),
  };
}
