/** Tool calls of agent runs that wait for a person: approvals, approve ID, deny ID. */
import type { Approval } from '@aether-os/sdk';
import { UsageError } from '../usage.js';
import { flag, str, type Command } from './command.js';
import { age, outputFormat, table } from './format.js';

export function approvalsTable(list: Approval[], now = Date.now()): string {
  return table(
    ['ID', 'PID', 'STATE', 'TOOL', 'AGE', 'ARGUMENTS'],
    list.map((a) => [
      String(a.id),
      String(a.pid),
      a.state,
      String(a.tool ?? '-'),
      age(typeof a.createdAt === 'string' ? a.createdAt : null, now),
      (typeof a.arguments === 'string' ? a.arguments : JSON.stringify(a.arguments ?? {})).slice(0, 120),
    ]),
  );
}

export const approvals: Command = {
  name: 'approvals',
  summary: 'Tool calls waiting for a decision (-a: decided ones too)',
  synopsis: '[-a] [--pid PID] [-o json]',
  options: { all: { type: 'boolean', short: 'a' }, pid: { type: 'string' }, output: { type: 'string', short: 'o' } },
  async run(ctx, o) {
    const json = outputFormat(str(o, 'output'), 'approvals') === 'json';
    const pid = str(o, 'pid');
    if (pid !== undefined && !/^[1-9]\d*$/.test(pid)) throw new UsageError(`--pid wants a PID, not "${pid}"`, 'approvals');
    const list = await ctx.aether().approvals.list({
      ...(flag(o, 'all') ? {} : { state: 'pending' as const }),
      ...(pid ? { pid: Number(pid) } : {}),
    });
    ctx.io.stdout.write(`${json ? JSON.stringify(list, null, 2) : approvalsTable(list)}\n`);
    return 0;
  },
};

const decide = (decision: 'approve' | 'deny'): Command => ({
  name: decision,
  summary: decision === 'approve' ? 'Let a waiting tool call run' : 'Refuse a waiting tool call (the agent sees the reason)',
  synopsis: 'ID [--reason TEXT]',
  options: { reason: { type: 'string' } },
  async run(ctx, o, args) {
    if (!args[0] || !/^[1-9]\d*$/.test(args[0])) throw new UsageError('an approval ID (a positive integer) is needed', decision);
    const id = Number(args[0]);
    const reason = str(o, 'reason');
    const a = await (decision === 'approve'
      ? ctx.aether().approvals.approve(id, reason)
      : ctx.aether().approvals.deny(id, reason));
    ctx.io.stdout.write(`${a.id}\t${a.state}\n`);
    return 0;
  },
});

export const approve = decide('approve');
export const deny = decide('deny');
