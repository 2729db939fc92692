import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AetherError } from '../../errors/index.js';
import type { LogEntry, LogQuery } from '../driver.js';

/**
 * systemd hands a unit's stdout and stderr to journald as one stream (stderr is a dup of
 * stdout), so the journal cannot say which descriptor a line came from. Separating them would
 * take a journal socket inside the sandbox (systemd-cat), and /run there is an empty tmpfs on
 * purpose (host-runtime.ts). What the journal does keep is each line's priority: a line at
 * warning or above (a program that prefixes "<4>" and the like, SyslogLevelPrefix=) is reported
 * as stderr, every other as stdout. The Docker driver keeps the two streams apart.
 */
const STDERR_MAX_PRIORITY = 4;

interface JournalRecord {
  MESSAGE?: string | number[] | null;
  PRIORITY?: string;
  __REALTIME_TIMESTAMP?: string;
}

/**
 * The unit's program output from the journal, via journalctl (-o json), matched by _SYSTEMD_UNIT
 * and the stdout transport: systemd's own lines about the unit ("Started ...") are not the
 * program's. Also works once the unit is gone: the journal keeps the lines.
 */
export async function* journalLogs(unit: string, q: LogQuery): AsyncGenerator<LogEntry> {
  const args = ['-o', 'json', '--no-pager', '--output-fields=MESSAGE,PRIORITY', `_SYSTEMD_UNIT=${unit}`, '_TRANSPORT=stdout'];
  // -f alone would start from the last 10 lines: without tail, everything kept.
  args.push('-n', q.tail !== undefined ? String(q.tail) : 'all');
  if (q.since !== undefined) args.push(`--since=@${Math.floor(q.since / 1000)}`);
  if (q.follow) args.push('-f');
  const child = spawn('journalctl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => child.kill('SIGTERM');
  q.signal?.addEventListener('abort', stop, { once: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => resolve(code));
    child.on('error', () => resolve(-1));
  });
  try {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
      if (!line) continue;
      const rec = JSON.parse(line) as JournalRecord;
      const at = Math.floor(Number(rec.__REALTIME_TIMESTAMP ?? 0) / 1000);
      if (q.since !== undefined && at < q.since) continue; // --since has whole-second precision
      yield {
        at,
        stream: Number(rec.PRIORITY ?? 6) <= STDERR_MAX_PRIORITY ? 'stderr' : 'stdout',
        text: messageText(rec.MESSAGE),
      };
    }
    const code = await exited;
    if (code !== 0 && !q.signal?.aborted) {
      throw new AetherError('LOGS_UNAVAILABLE', `journalctl ended with ${String(code)}: ${stderr.trim() || 'no message'}`);
    }
  } finally {
    q.signal?.removeEventListener('abort', stop);
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}

/** journalctl writes a MESSAGE that is not UTF-8 as an array of bytes. */
function messageText(m: JournalRecord['MESSAGE']): string {
  if (Array.isArray(m)) return Buffer.from(m).toString('utf8');
  return m ?? '';
}
