/**
 * The API's side of egress: policies checked before anything exists (a stable code, nothing
 * left behind), host marked dangerous in the OpenAPI document, templates' egress defaults. The
 * namespaces themselves are the systemd tier's (test/systemd/network.test.ts).
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessNetworks } from '../../kernel-service/src/agents/index.js';
import { EgressNetworks } from '../../kernel-service/src/network/index.js';
import { Children } from '../../kernel-service/src/runs/index.js';
import { TOKEN, testKernel } from '../helpers/kernel.js';

const real = new EgressNetworks({
  table: 'aether',
  subnet: '10.213.0.0/16',
  upstream: [],
  runtimeDir: '/tmp',
  log: pino({ level: 'silent' }),
});
const setups: { pid: number; egress: unknown }[] = [];
/** The real checks, as if the host tier's driver were systemd; setup records instead of building. */
const networks: ProcessNetworks = {
  check: (mode, egress) => real.check(mode, egress, 'systemd'),
  setup: async (pid, egress) => {
    setups.push({ pid, egress });
    return { path: `/run/netns/aether-p${pid}`, resolvConf: '/dev/null' };
  },
  teardown: async () => undefined,
  reconcile: async () => ({ adopted: 0, removed: 0 }),
};

let k: Awaited<ReturnType<typeof testKernel>>;
beforeAll(async () => {
  k = await testKernel({ networks });
});
afterAll(async () => {
  await k.app.close();
});

const post = (body: unknown) =>
  k.app.inject({ method: 'POST', url: '/api/v1/agents', headers: { authorization: `Bearer ${TOKEN}` }, payload: body as object });

describe('egress through the API', () => {
  it('refuses bad policies with NETWORK_POLICY_INVALID and creates nothing', async () => {
    for (const egress of [{ allow: ['300.1.1.1'] }, { deny: ['not a domain'] }, { ports: ['1-2-3'] }, { bandwidthKBps: 0 }]) {
      const res = await post({ name: 'bad-policy', network: 'egress', egress, command: ['/bin/true'] });
      expect(res.statusCode, JSON.stringify(egress)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'NETWORK_POLICY_INVALID' });
      expect(res.json().hint).toContain('SECURITY.md');
    }
    const shape = await post({ name: 'bad-policy', network: 'egress', egress: { surprise: true }, command: ['/bin/true'] });
    expect(shape.json().code).toBe('VALIDATION_FAILED');
    const mixed = await post({ name: 'bad-policy', network: 'none', egress: {}, command: ['/bin/true'] });
    expect(mixed.json().code).toBe('NETWORK_MODE_UNSUPPORTED');
    const list = await k.app.inject({ method: 'GET', url: '/api/v1/agents', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(list.json().processes).toEqual([]);
    expect(setups).toEqual([]);
  });

  it('keeps the normalised policy with the process and builds the network before the launch', async () => {
    const res = await post({
      name: 'egressor',
      network: 'egress',
      egress: { allow: ['Example.com', '198.51.100.7'] },
      command: ['/bin/true'],
    });
    // The host tier's driver refuses every launch; the network was made (and the process failed) first.
    const pid = setups.at(-1)!.pid;
    expect(setups.at(-1)!.egress).toEqual({ allow: ['198.51.100.7/32', 'example.com'] });
    const rec = await k.app.inject({
      method: 'GET',
      url: `/api/v1/agents/${pid}`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(rec.json()).toMatchObject({ network: 'egress', sandbox: { egress: { allow: ['198.51.100.7/32', 'example.com'] } } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
  });

  it("gives the researcher template egress on HTTP(S) only, not the host's network", async () => {
    await post({ name: 'reader', goal: 'read the news', template: 'researcher' });
    expect(setups.at(-1)!.egress).toEqual({ ports: ['80', '443'], maxConnections: 64 });
    const rec = await k.app.inject({
      method: 'GET',
      url: `/api/v1/agents/${setups.at(-1)!.pid}`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(rec.json().network).toBe('egress');
  });

  it("never gives a run's child the host's network, and passes an egress policy down", async () => {
    const children = new Children(k.runs, k.supervisor, k.authority);
    const spawnParent = async (name: string, extra: object) => {
      await post({ name, goal: 'parent', ...extra });
      const parent = k.supervisor.list().find((p) => p.agent.name === name)!;
      return { pid: parent.pid, agent: name, uid: 0 };
    };
    const hostParent = await spawnParent('host-parent', { network: 'host' });
    expect(k.supervisor.get(hostParent.pid).network).toBe('host');
    const child = await children.spawn(hostParent, { goal: 'child', callId: 'c1' }).catch(() => null);
    const rec = k.supervisor.list().find((p) => p.ppid === hostParent.pid)!;
    expect(child === null || child.pid === rec.pid).toBe(true);
    expect(rec.network).toBe('egress');
    expect(rec.sandbox.egress).toEqual({});

    const strictParent = await spawnParent('strict-parent', { network: 'egress', egress: { allow: ['a.test'] } });
    await children.spawn(strictParent, { goal: 'child', callId: 'c2' }).catch(() => null);
    const strictChild = k.supervisor.list().find((p) => p.ppid === strictParent.pid)!;
    expect(strictChild).toMatchObject({ network: 'egress', sandbox: { egress: { allow: ['a.test'] } } });
  });

  it('marks host networking dangerous in the OpenAPI document', async () => {
    const doc = (await k.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const network = doc.paths['/api/v1/agents'].post.requestBody.content['application/json'].schema.properties.network;
    expect(network.enum).toEqual(['none', 'egress', 'host']);
    expect(network.description).toMatch(/host: DANGEROUS/);
  });
});
