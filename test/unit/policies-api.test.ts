import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, testKernel } from '../helpers/kernel.js';

let k: Awaited<ReturnType<typeof testKernel>>;
const auth = { authorization: `Bearer ${TOKEN}` };
const valid = { name: 'pol', command: ['/bin/true'] };

beforeAll(async () => {
  k = await testKernel();
});
afterAll(async () => {
  await k.app.close();
});

const spawn = (body: object) => k.app.inject({ method: 'POST', url: '/api/v1/agents', payload: body, headers: auth });

describe('spawn policies: bad input', () => {
  const cases: [string, object, number, string, string?][] = [
    ['idle.afterSeconds below 5', { idle: { afterSeconds: 4, action: 'pause' } }, 400, 'VALIDATION_FAILED'],
    ['an unknown idle action', { idle: { afterSeconds: 10, action: 'sleep' } }, 400, 'VALIDATION_FAILED'],
    ['an unknown restart policy', { restart: { policy: 'sometimes' } }, 400, 'VALIDATION_FAILED'],
    ['maxRestarts above 100', { restart: { policy: 'always', maxRestarts: 101 } }, 400, 'VALIDATION_FAILED'],
    ['backoffMs below 100', { restart: { policy: 'always', backoffMs: 50 } }, 400, 'VALIDATION_FAILED'],
    ['an unknown autoResume key', { autoResume: { onSignal: true } }, 400, 'VALIDATION_FAILED'],
    [
      'idle "snapshot" without snapshots',
      { idle: { afterSeconds: 10, action: 'snapshot' } },
      409,
      'SNAPSHOT_UNSUPPORTED',
      'idle.action',
    ],
    [
      'a restart of a GPU process',
      { restart: { policy: 'always' }, sandbox: { gpus: { count: 1 } } },
      400,
      'POLICY_INVALID',
      'restart',
    ],
  ];
  it.each(cases)('refuses %s, creating nothing', async (_, extra, status, code, field) => {
    const res = await spawn({ ...valid, ...extra });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ code });
    expect(typeof res.json().hint).toBe('string');
    if (field) expect(res.json().details).toMatchObject({ field });
    expect(k.repo.list()).toHaveLength(0);
    expect(k.driver.launches).toBe(0);
  });

  it('control: valid policies pass every check and reach the sandbox driver', async () => {
    const res = await spawn({
      ...valid,
      idle: { afterSeconds: 5, action: 'stop' },
      autoResume: true,
      restart: { policy: 'on-failure', maxRestarts: 2, backoffMs: 100 },
    });
    // The host tier's driver refuses every launch: the spawn got past the policy checks to it.
    expect(k.driver.launches).toBe(1);
    expect(res.statusCode).toBeGreaterThanOrEqual(500);
    const [rec] = k.repo.list();
    expect(rec?.state).toBe('failed');
    expect(k.supervisor.policyState(rec!.pid)).toMatchObject({
      idle: { afterSeconds: 5, action: 'stop', cpuPercent: 2 },
      autoResume: { onMessage: true, onApi: true, onAttach: true },
      restart: { policy: 'on-failure', maxRestarts: 2, backoffMs: 100 },
      restarts: { count: 0, lastReason: null },
    });
    const got = await k.app.inject({ url: `/api/v1/agents/${rec!.pid}`, headers: auth });
    expect(got.json()).toMatchObject({ restart: { policy: 'on-failure' }, restarts: { count: 0, lastAt: null }, pausedBy: null });
  });
});
