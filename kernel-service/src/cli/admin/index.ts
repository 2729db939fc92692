/** The admin command table: one place that --help, completion and dispatch all read. */
import { approvals, approve, deny } from './approvals.js';
import { backup, restore } from './backup.js';
import type { Command } from './command.js';
import { completion } from './completion.js';
import { cp } from './cp.js';
import { exec, logs } from './io.js';
import { inspect, kill, pause, ps, resume, rm, run } from './processes.js';
import { login, version } from './session.js';
import { events, top } from './watch.js';

export function adminCommands(agentCommands: string[]): Command[] {
  const list: Command[] = [
    ps,
    run,
    logs,
    exec,
    cp,
    inspect,
    pause,
    resume,
    kill,
    rm,
    top,
    events,
    approvals,
    approve,
    deny,
    login,
    version,
    backup,
    restore,
  ];
  const all: Command[] = [...list, completion(() => all, agentCommands)];
  return all;
}
