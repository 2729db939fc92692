/**
 * The shape of one admin command and the argument splitting they share. Options come first; a
 * command that runs a program (run, exec) takes everything after `--`, or after its positional
 * arguments, as that program's argv untouched (so `aether exec 7 -- ls -la` passes `-la` to ls).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Aether } from '@aether-os/sdk';
import { UsageError, type Io } from '../usage.js';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Ctx {
  io: Io;
  /** The SDK client, made on first use (usage errors come before any connection). */
  aether(): Aether;
}

export interface Command {
  name: string;
  summary: string;
  /** After "aether NAME ": the synopsis. */
  synopsis: string;
  /** One line per option, for --help. */
  details?: string[];
  options: Options;
  /** Positional arguments before the program's argv; undefined: the command takes no argv. */
  argvAfter?: number;
  run(ctx: Ctx, o: Values, args: string[], argv: string[]): Promise<number>;
}

export const str = (o: Values, k: string): string | undefined => {
  const v = o[k];
  return typeof v === 'string' ? v : undefined;
};
export const list = (o: Values, k: string): string[] | undefined => {
  const v = o[k];
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : undefined;
};
export const flag = (o: Values, k: string): boolean => o[k] === true;

/** Splits argv into the command's options and positionals, and the program's argv when it takes one. */
export function parse(cmd: Command, argv: string[]): { values: Values; args: string[]; program: string[] } {
  const options: Options = { ...cmd.options, help: { type: 'boolean', short: 'h' } };
  let own = argv;
  let program: string[] = [];
  if (cmd.argvAfter !== undefined) {
    const takesValue = new Set(
      Object.entries(options).flatMap(([name, o]) =>
        o.type === 'string' ? [`--${name}`, ...(o.short ? [`-${o.short}`] : [])] : [],
      ),
    );
    let positionals = 0;
    let i = 0;
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--') {
        program = argv.slice(i + 1);
        break;
      }
      if (a.startsWith('-') && a !== '-') {
        if (takesValue.has(a)) i++;
        continue;
      }
      if (positionals === cmd.argvAfter) {
        program = argv.slice(i);
        break;
      }
      positionals++;
    }
    own = argv.slice(0, i);
  }
  try {
    const { values, positionals } = parseArgs({ args: own, options, allowPositionals: true, strict: true });
    return { values: values, args: positionals, program };
  } catch (err) {
    // node's message goes on about '--'; the first sentence is the point.
    throw new UsageError((err as Error).message.split('. To specify')[0]!, cmd.name);
  }
}

export function commandHelp(cmd: Command): string {
  return [
    `usage: aether ${cmd.name} ${cmd.synopsis}`.trimEnd(),
    `  ${cmd.summary}`,
    ...(cmd.details ?? []).map((d) => `  ${d}`),
  ].join('\n');
}
