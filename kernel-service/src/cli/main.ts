/**
 * `aether`: one program, two kinds of commands. Agent commands (whoami, send, recv, remember, …)
 * talk to the kernel socket of the sandbox they run in; admin commands (ps, run, exec, logs, cp, …)
 * use the SDK over HTTP with AETHER_URL + AETHER_TOKEN, a profile from `aether login`, or the local
 * kernel on the appliance. The names do not overlap, so each command knows its channel.
 * Exit status: 0 done, 1 the kernel refused (code and hint on stderr) or was unreachable, 2 bad
 * usage; `exec` passes the command's own status through.
 */
import { existsSync } from 'node:fs';
import { Aether, AetherApiError, AetherConnectionError } from '@aether-os/sdk';
import { KernelCallError } from '../runtime/kernel-client.js';
import { AGENT_COMMANDS, AGENT_USAGE, agentCommand } from './agent/commands.js';
import { commandHelp, parse, type Ctx } from './admin/command.js';
import { resolveConnection } from './admin/connection.js';
import { adminCommands } from './admin/index.js';
import { UsageError, type Io } from './usage.js';

export const COMMANDS = adminCommands([...AGENT_COMMANDS]);

/** In a sandbox: its kernel socket is there and no remote kernel was named. */
export function inSandbox(env: NodeJS.ProcessEnv): boolean {
  return !env.AETHER_URL && (env.AETHER_KERNEL_SOCKET !== undefined || existsSync('/run/aether/kernel.sock'));
}

export function overview(env: NodeJS.ProcessEnv): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const admin = [
    'admin commands (AETHER_URL + AETHER_TOKEN, or `aether login`):',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
  ].join('\n');
  const parts = inSandbox(env) ? [AGENT_USAGE, admin] : [admin, AGENT_USAGE];
  return `usage: aether <command> [options]   (aether <command> --help for one command)\n\n${parts.join('\n\n')}\n\nexit status: 0 done, 1 the kernel refused (code and hint on stderr), 2 bad usage; exec passes its command's status through`;
}

function describe(err: unknown): string {
  if (err instanceof AetherApiError || err instanceof KernelCallError) {
    return `aether: ${err.code}: ${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}\n`;
  }
  const e = err as { code?: unknown; message?: string };
  return `aether: ${err instanceof AetherConnectionError || typeof e.code === 'string' ? `${String(e.code)}: ` : ''}${e.message ?? String(err)}\n`;
}

/** Runs one invocation; resolves with the exit status (never exits the process itself). */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const name = argv.find((a) => !a.startsWith('-'));
  let client: Aether | undefined;
  try {
    if (name === undefined || name === 'help') {
      const topic = name === 'help' ? argv[argv.indexOf('help') + 1] : undefined;
      const cmd = COMMANDS.find((c) => c.name === topic);
      if (!cmd && argv.some((a) => a !== '-h' && a !== '--help' && a !== 'help' && a !== topic)) {
        throw new UsageError(`unknown option ${argv.find((a) => a.startsWith('-') && a !== '-h' && a !== '--help')}`);
      }
      io.stdout.write(`${cmd ? commandHelp(cmd) : overview(io.env)}\n`);
      return 0;
    }
    if (AGENT_COMMANDS.has(name)) {
      await agentCommand(argv);
      return 0;
    }
    const cmd = COMMANDS.find((c) => c.name === name);
    if (!cmd) throw new UsageError(`unknown command "${name}"`);
    const rest = argv.slice(argv.indexOf(name) + 1);
    const { values, args, program } = parse(cmd, rest);
    if (values.help === true) {
      io.stdout.write(`${commandHelp(cmd)}\n`);
      return 0;
    }
    const ctx: Ctx = {
      io,
      aether: () => (client ??= new Aether(resolveConnection(io.env))),
    };
    return await cmd.run(ctx, values, args, program);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      const cmd = err instanceof UsageError && err.command ? COMMANDS.find((c) => c.name === err.command) : undefined;
      io.stderr.write(`aether: ${(err as Error).message}\n${cmd ? commandHelp(cmd) : 'run `aether --help` for the commands'}\n`);
      return 2;
    }
    io.stderr.write(describe(err));
    return 1;
  } finally {
    client?.close();
  }
}
