import { describe, expect, it } from 'vitest';
import {
  IdleTracker,
  MAX_BACKOFF_MS,
  RestartTimers,
  backoffDelay,
  decideRestart,
  resolvePolicies,
  wakes,
  type RestartPolicy,
  type SnapshotCreator,
} from '../../kernel-service/src/policies/index.js';
import { isAetherError } from '../../kernel-service/src/errors/index.js';
import type { ExitStatus } from '../../kernel-service/src/sandbox/index.js';

const snapshots: SnapshotCreator = { create: async () => ({}) };
const code = (fn: () => unknown): { code: string; field: unknown } => {
  try {
    fn();
  } catch (err) {
    if (isAetherError(err)) return { code: err.code, field: (err.details as { field?: unknown } | undefined)?.field };
    throw err;
  }
  throw new Error('did not throw');
};

describe('resolvePolicies', () => {
  it('fills in defaults for a valid spawn (control for the refusals below)', () => {
    const p = resolvePolicies(
      { idle: { afterSeconds: 5, action: 'pause' }, autoResume: true, restart: { policy: 'on-failure' } },
      null,
    );
    expect(p.idle).toEqual({ afterSeconds: 5, action: 'pause', cpuPercent: 2 });
    expect(p.autoResume).toEqual({ onMessage: true, onApi: true, onAttach: true });
    expect(p.restart).toEqual({ policy: 'on-failure', maxRestarts: 5, backoffMs: 1000 });
    expect(resolvePolicies({}, null)).toEqual({ idle: null, autoResume: null, restart: null });
    expect(resolvePolicies({ autoResume: { onMessage: true } }, null).autoResume).toEqual({
      onMessage: true,
      onApi: false,
      onAttach: false,
    });
  });

  it.each([
    [{ idle: { afterSeconds: 4, action: 'pause' } }, 'idle.afterSeconds'],
    [{ idle: { afterSeconds: 5.5, action: 'pause' } }, 'idle.afterSeconds'],
    [{ idle: { afterSeconds: 10, action: 'sleep' } }, 'idle.action'],
    [{ idle: { afterSeconds: 10, action: 'stop', cpuPercent: 101 } }, 'idle.cpuPercent'],
    [{ restart: { policy: 'sometimes' } }, 'restart.policy'],
    [{ restart: { policy: 'always', maxRestarts: 101 } }, 'restart.maxRestarts'],
    [{ restart: { policy: 'always', maxRestarts: -1 } }, 'restart.maxRestarts'],
    [{ restart: { policy: 'always', backoffMs: 99 } }, 'restart.backoffMs'],
  ])('refuses %j with POLICY_INVALID naming %s', (input, field) => {
    expect(code(() => resolvePolicies(input, snapshots))).toEqual({ code: 'POLICY_INVALID', field });
  });

  it('refuses idle action "snapshot" without a snapshot service, and takes it with one', () => {
    const input = { idle: { afterSeconds: 10, action: 'snapshot' } };
    expect(code(() => resolvePolicies(input, null)).code).toBe('SNAPSHOT_UNSUPPORTED');
    expect(resolvePolicies(input, snapshots).idle?.action).toBe('snapshot');
  });
});

// Drivers always name a reason (systemd's Result): the decider must not read it as a failure.
const exit = (c: number | null, signal: string | null = null, reason = c === 0 ? 'success' : 'exit-code'): ExitStatus => ({
  code: c,
  signal,
  reason,
});
const none = { count: 0, lastReason: null, lastAt: null };

describe('decideRestart', () => {
  const onFailure: RestartPolicy = { policy: 'on-failure', maxRestarts: 3, backoffMs: 100 };

  it('on-failure restarts exit 1 with doubling backoff up to maxRestarts, then stops', () => {
    let history = { ...none } as { count: number; lastReason: string | null; lastAt: number | null };
    const delays: number[] = [];
    for (;;) {
      const d = decideRestart(onFailure, history, exit(1), { requested: false, now: 1000 });
      if (!d.restart) {
        expect(d.reason).toBe('exit 1');
        break;
      }
      expect(d.dueAt).toBe(1000 + d.delayMs);
      delays.push(d.delayMs);
      history = { count: d.count, lastReason: d.reason, lastAt: 1000 };
    }
    expect(delays).toEqual([100, 200, 400]);
    expect(history.count).toBe(3);
  });

  it('on-failure leaves exit 0 alone; always restarts it; no never restarts', () => {
    expect(decideRestart(onFailure, none, exit(0), { requested: false, now: 0 }).restart).toBe(false);
    expect(decideRestart({ ...onFailure, policy: 'always' }, none, exit(0), { requested: false, now: 0 }).restart).toBe(true);
    expect(decideRestart({ ...onFailure, policy: 'no' }, none, exit(1), { requested: false, now: 0 }).restart).toBe(false);
    expect(decideRestart(null, none, exit(1), { requested: false, now: 0 }).restart).toBe(false);
  });

  it('counts a signal or a lost sandbox as failure, and never undoes a requested stop', () => {
    expect(decideRestart(onFailure, none, exit(null, 'SIGKILL'), { requested: false, now: 0 })).toMatchObject({
      restart: true,
      reason: 'signal SIGKILL',
    });
    expect(decideRestart(onFailure, none, exit(null, null, 'lost'), { requested: false, now: 0 }).reason).toBe('lost');
    expect(
      decideRestart({ ...onFailure, policy: 'always' }, none, exit(null, 'SIGTERM'), { requested: true, now: 0 }).restart,
    ).toBe(false);
  });

  it('caps the backoff', () => {
    expect(backoffDelay({ policy: 'always', maxRestarts: 100, backoffMs: 1000 }, 100)).toBe(MAX_BACKOFF_MS);
    expect(backoffDelay({ policy: 'always', maxRestarts: 100, backoffMs: 1000 }, 1)).toBe(1000);
  });
});

describe('IdleTracker', () => {
  const policy = { afterSeconds: 10, action: 'pause' as const, cpuPercent: 2 };

  it('is due after the window with no use, and a touch restarts the clock', () => {
    let now = 0;
    const t = new IdleTracker(() => now);
    expect(t.due(1, policy)).toBe(false); // first sight starts the clock
    now = 9_999;
    expect(t.due(1, policy)).toBe(false);
    now = 10_000;
    expect(t.due(1, policy)).toBe(true);
    t.touch(1);
    now = 15_000;
    expect(t.due(1, policy)).toBe(false);
    expect(t.idleSince(1)).toBe(10_000);
  });

  it('counts CPU above the threshold as use, below it as idle', () => {
    let now = 0;
    const t = new IdleTracker(() => now);
    t.touch(1);
    t.sample(1, policy, { at: 0, cpuUsageNs: 0 });
    // 1% of a core over 5 s: idle.
    expect(t.sample(1, policy, { at: 5_000, cpuUsageNs: 50e6 })).toBeCloseTo(1);
    now = 10_000;
    expect(t.due(1, policy)).toBe(true);
    // 50% of a core: busy from that reading on.
    t.sample(1, policy, { at: 10_000, cpuUsageNs: 50e6 + 2_500e6 });
    expect(t.due(1, policy)).toBe(false);
    // No cpu figure: never counts as use.
    expect(t.sample(1, policy, { at: 15_000, cpuUsageNs: null })).toBeNull();
    now = 20_000;
    expect(t.due(1, policy)).toBe(true);
  });

  it('wakes only a process the idle watcher paused, and only on the contacts asked for', () => {
    const ar = { onMessage: true, onApi: false, onAttach: false };
    expect(wakes(ar, 'idle', 'message')).toBe(true);
    expect(wakes(ar, 'idle', 'api')).toBe(false);
    expect(wakes(ar, null, 'message')).toBe(false);
    expect(wakes(null, 'idle', 'message')).toBe(false);
  });
});

describe('RestartTimers', () => {
  it('fires a re-armed past due time at once, and a cancelled one never', async () => {
    const t = new RestartTimers(() => 1000);
    const fired: number[] = [];
    t.rearm(
      [
        { pid: 1, dueAt: 500 },
        { pid: 2, dueAt: 1020 },
        { pid: 3, dueAt: 1010 },
      ],
      (pid) => fired.push(pid),
    );
    expect(t.cancel(3)).toBe(true);
    await new Promise((r) => setTimeout(r, 60));
    expect(fired).toEqual([1, 2]);
    expect(t.pending()).toEqual([]);
  });
});
