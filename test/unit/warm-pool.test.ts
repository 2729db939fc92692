import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { WarmPool, type WarmEntry } from '../../kernel-service/src/agents/warm-pool.js';
import type { Agent } from '../../kernel-service/src/agents/index.js';
import type { ExitStatus, SandboxHandle } from '../../kernel-service/src/sandbox/index.js';

const agent = (i: number): Agent => ({ id: `agt_${i}`, name: `a${i}`, uid: 200_000 + i, createdAt: 0 });

/** A pool whose prestarts take `ms` each and record how many ran at once. */
function pool(opts: { ms: number; busy?: () => boolean }) {
  let now = 0;
  const seen = { max: 0, made: 0 };
  const exited = new Promise<ExitStatus>(() => undefined);
  const p = new WarmPool(
    1,
    60_000,
    async (_a, _n): Promise<WarmEntry> => {
      seen.max = Math.max(seen.max, ++now);
      await sleep(opts.ms);
      now--;
      seen.made++;
      const handle = { id: 'x', exited } as unknown as SandboxHandle;
      return { pid: seen.made, limits: { memoryMax: 1, cpuQuota: 1, tasksMax: 1 }, sandbox: { handle, start: async () => {} } };
    },
    async () => {},
    pino({ level: 'silent' }),
    opts.busy,
  );
  return { p, seen };
}

describe('the warm pool queue', () => {
  it('prestarts one sandbox at a time, whatever the number of agents, and each agent gets its own', async () => {
    const { p, seen } = pool({ ms: 5 });
    for (let i = 0; i < 6; i++) p.refill(agent(i), 'none');
    p.refill(agent(0), 'none'); // already filling: no second one
    await sleep(120);
    expect(seen.made).toBe(6);
    expect(seen.max).toBe(1);
    for (let i = 0; i < 6; i++) expect(p.take(agent(i).id, 'none')).toBeDefined();
    expect(p.take(agent(0).id, 'none')).toBeUndefined();
  });

  it('holds prestarts back while spawns are busy and starts them once they are not', async () => {
    let busy = true;
    const { p, seen } = pool({ ms: 1, busy: () => busy });
    p.refill(agent(1), 'none');
    await sleep(60);
    expect(seen.made).toBe(0);
    expect(p.take(agent(1).id, 'none')).toBeUndefined();
    // Control: the same pool, no longer busy, fills.
    busy = false;
    await sleep(60);
    expect(seen.made).toBe(1);
    expect(p.take(agent(1).id, 'none')).toBeDefined();
  });

  it('drops what is queued at drain', async () => {
    const { p, seen } = pool({ ms: 20 });
    for (let i = 0; i < 4; i++) p.refill(agent(i), 'none');
    await p.drain();
    await sleep(100);
    // The one already running may finish (and is discarded); none of the queued ones starts.
    expect(seen.made).toBeLessThanOrEqual(1);
  });
});
