/**
 * `aether backup [-o FILE]` and `aether restore FILE [--force]`: the kernel writes the backup on
 * its disk (POST /system/backup), this downloads it; restore uploads a file, which the kernel
 * verifies whole before it changes anything, then restarts on.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { UsageError } from '../usage.js';
import { flag, str, type Command } from './command.js';

export const backup: Command = {
  name: 'backup',
  summary: "Back up the appliance's state (database, agents' homes, configuration) to a file",
  synopsis: '[-o FILE] [--include-snapshots] [--include-secrets]',
  details: [
    '-o FILE: where to write it (default ./aether-<id>.tar.gz; "-" is stdout)',
    '--include-secrets: keep provider keys (config.json, /etc/aether/environment) in the file; they are blanked by default',
    '--include-snapshots: also the snapshots folder of the state',
  ],
  options: {
    output: { type: 'string', short: 'o' },
    'include-snapshots': { type: 'boolean' },
    'include-secrets': { type: 'boolean' },
  },
  async run(ctx, o) {
    const aether = ctx.aether();
    const made = await aether.backups.create({
      includeSnapshots: flag(o, 'include-snapshots'),
      includeSecrets: flag(o, 'include-secrets'),
    });
    const out = str(o, 'output') ?? `aether-${made.id}.tar.gz`;
    const stream = await aether.backups.download(made.id);
    await pipeline(stream, out === '-' ? (ctx.io.stdout as NodeJS.WritableStream) : createWriteStream(out, { mode: 0o600 }));
    if (out !== '-') ctx.io.stdout.write(`${out}\t${made.sizeBytes} bytes\tsha256 ${made.sha256}\n`);
    return 0;
  },
};

export const restore: Command = {
  name: 'restore',
  summary: 'Restore a backup file onto the appliance (the kernel restarts on it)',
  synopsis: 'FILE [--force]',
  details: ['--force: stop live agents first (otherwise a restore while agents are live is refused, RESTORE_AGENTS_RUNNING)'],
  options: { force: { type: 'boolean' } },
  async run(ctx, o, args) {
    const file = args[0];
    if (!file) throw new UsageError('restore wants the backup file', 'restore');
    statSync(file); // a missing file fails here, before anything is sent
    const result = await ctx.aether().backups.restore(createReadStream(file), { stopAgents: flag(o, 'force') });
    const m = result.manifest as { createdAt?: string; hostname?: string };
    ctx.io.stdout.write(
      `restored the backup of ${m.hostname ?? '?'} made ${m.createdAt ?? '?'}; the kernel is restarting` +
        (result.stopped.length ? ` (stopped ${result.stopped.length} agents)` : '') +
        '\n',
    );
    return 0;
  },
};
