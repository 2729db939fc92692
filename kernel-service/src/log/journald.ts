/**
 * Kernel log lines with journald priorities. Under systemd, stdout goes to the journal and a line
 * starting with `<N>` is stored at syslog priority N (SyslogLevelPrefix=, on by default), so
 * `journalctl -p err -u aether-kernel` shows the kernel's errors only. pino's JSON stays the
 * message; the prefix is added only when stdout is the journal ($JOURNAL_STREAM is set), so a
 * terminal or a test sees plain JSON.
 */
import { destination, type DestinationStream } from 'pino';

/** pino level (10 trace … 60 fatal) → syslog priority (2 crit … 7 debug). */
export function syslogPriority(level: number): number {
  if (level >= 60) return 2; // fatal: the kernel is going down
  if (level >= 50) return 3; // error
  if (level >= 40) return 4; // warning
  if (level >= 30) return 6; // info
  return 7; // debug, trace
}

/** `<N>` for a pino JSON line (which starts with {"level":NN); lines of another shape get none. */
export function withPriority(line: string): string {
  const m = /^\{"level":(\d+)/.exec(line);
  return m ? `<${syslogPriority(Number(m[1]))}>${line}` : line;
}

/** Where the kernel logs: stdout, prefixed for the journal when stdout is the journal. */
export function logDestination(env: NodeJS.ProcessEnv = process.env): DestinationStream {
  const out = destination({ fd: 1, sync: true });
  if (!env.JOURNAL_STREAM) return out;
  return { write: (line: string) => out.write(withPriority(line)) };
}
