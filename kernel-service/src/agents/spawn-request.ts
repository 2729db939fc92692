import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { AetherError } from '../errors/index.js';

/** Directories searched for a bare command name, in the order a login shell would. */
const SEARCH_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export const AGENT_NAME_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$';
export const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

/**
 * argv[0] becomes an absolute path to an executable file, so a typo is a 400
 * before anything is created, not a failed unit afterwards.
 */
export function resolveCommand(argv: string[]): string[] {
  const [program, ...args] = argv;
  if (!program) throw new AetherError('VALIDATION_FAILED', 'command must name a program.');
  const candidates = isAbsolute(program) ? [program] : program.includes('/') ? [] : SEARCH_PATH.map((d) => join(d, program));
  const found = candidates.find(isExecutableFile);
  if (!found) {
    throw new AetherError('COMMAND_NOT_FOUND', `No executable "${program}" on this host.`, { details: { program } });
  }
  return [found, ...args];
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Agents cannot set the kernel's own variables: the sandbox identity must not be spoofable. */
export function checkEnvironment(env: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(env)) {
    if (!new RegExp(ENV_NAME_PATTERN).test(name) || value.includes('\0')) {
      throw new AetherError('VALIDATION_FAILED', `environment.${name}: names are letters, digits and _; values cannot hold NUL.`);
    }
    if (name.startsWith('AETHER_')) {
      throw new AetherError('VALIDATION_FAILED', `environment.${name}: names starting with AETHER_ are reserved for the kernel.`);
    }
  }
  return env;
}
