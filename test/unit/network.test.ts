import { createSocket, type Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAetherError } from '../../kernel-service/src/errors/index.js';
import {
  agentScript,
  EgressNetworks,
  judgeName,
  removeScript,
  Slots,
  validatePolicy,
} from '../../kernel-service/src/network/index.js';
import { AgentResolver } from '../../kernel-service/src/network/resolver.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return isAetherError(err) ? `${err.code}:${err.message}` : String(err);
  }
  return 'no error';
};

describe('egress policies', () => {
  it('normalises CIDRs, domains and ports', () => {
    const p = validatePolicy({
      allow: ['198.51.100.7', '10.1.2.3/8', 'Example.COM.', '*.cdn.test'],
      deny: ['bad.example.com'],
      ports: [443, '8000-8100', '80'],
      maxConnections: 5,
    });
    expect(p.allowCidrs).toEqual(['198.51.100.7/32', '10.0.0.0/8']);
    expect(p.allowDomains).toEqual(['example.com', '*.cdn.test']);
    expect(p.denyDomains).toEqual(['bad.example.com']);
    expect(p.ports).toEqual(['443', '8000-8100', '80']);
    expect(p.restricted).toBe(true);
    expect(validatePolicy({}).restricted).toBe(false);
    expect(validatePolicy({ approval: true }).restricted).toBe(true);
  });

  it('refuses what it cannot enforce, naming the field', () => {
    const cases: [unknown, string][] = [
      [{ allow: ['10.0.0.0/33'] }, 'egress.allow'],
      [{ allow: ['256.1.1.1'] }, 'egress.allow'],
      [{ deny: ['2001:db8::/32'] }, 'IPv6'],
      [{ allow: ['bad_name!'] }, 'egress.allow'],
      [{ allow: ['localhost'] }, 'egress.allow'],
      [{ ports: [0] }, 'egress.ports'],
      [{ ports: ['70000'] }, 'egress.ports'],
      [{ ports: ['10-5'] }, 'egress.ports'],
      [{ ports: [] }, 'egress.ports'],
      [{ maxConnections: 0 }, 'egress.maxConnections'],
      [{ bandwidthKBps: 1.5 }, 'egress.bandwidthKBps'],
      [{ allow: Array.from({ length: 300 }, (_, i) => `h${i}.test`) }, 'egress.allow'],
      [{ surprise: true }, 'egress.surprise'],
    ];
    for (const [input, field] of cases) {
      const got = codeOf(() => validatePolicy(input as never));
      expect(got, JSON.stringify(input)).toMatch(/^NETWORK_POLICY_INVALID:/);
      expect(got).toContain(field);
    }
  });

  it('judges names: deny wins, suffixes match, "*." only below, approval asks', () => {
    const p = validatePolicy({ allow: ['example.com', '*.cdn.test'], deny: ['evil.example.com'] });
    expect(judgeName(p, 'example.com')).toBe('allow');
    expect(judgeName(p, 'www.example.com')).toBe('allow');
    expect(judgeName(p, 'EVIL.example.com.')).toBe('deny');
    expect(judgeName(p, 'x.evil.example.com')).toBe('deny');
    expect(judgeName(p, 'notexample.com')).toBe('deny');
    expect(judgeName(p, 'cdn.test')).toBe('deny');
    expect(judgeName(p, 'a.cdn.test')).toBe('allow');
    expect(judgeName(validatePolicy({}), 'anything.test')).toBe('allow');
    expect(judgeName(validatePolicy({ approval: true, allow: ['ok.test'] }), 'new.test')).toBe('ask');
    expect(judgeName(validatePolicy({ approval: true, allow: ['ok.test'] }), 'ok.test')).toBe('allow');
  });

  it('checks modes against drivers', () => {
    const n = new EgressNetworks({
      table: 'aether',
      subnet: '10.213.0.0/16',
      upstream: [],
      runtimeDir: '/tmp',
      log: pino({ level: 'silent' }),
    });
    expect(codeOf(() => n.check('egress', {}, 'docker'))).toMatch(/^NETWORK_MODE_UNSUPPORTED:/);
    expect(codeOf(() => n.check('none', { allow: [] }, 'systemd'))).toMatch(/^NETWORK_MODE_UNSUPPORTED:/);
    expect(n.check('none', undefined, 'docker')).toBeNull();
    expect(n.check('egress', { allow: ['A.test'] }, 'systemd')).toEqual({ allow: ['a.test'] });
  });
});

describe('nft rules of an agent', () => {
  const link = { pid: 42, slot: 0, host: '10.213.0.1', agent: '10.213.0.2' };
  const rules = (script: string) => script.split('\n').filter((l) => l.startsWith('add rule inet aether p42_out'));

  it('orders deny before allow, private ranges before pinned names, and ends restricted policies with drop', () => {
    const s = agentScript(
      'aether',
      link,
      validatePolicy({
        allow: ['198.51.100.0/24', 'a.test'],
        deny: ['198.51.100.9'],
        ports: [443],
        maxConnections: 3,
        bandwidthKBps: 100,
      }),
    );
    expect(s).toContain('add element inet aether p42_allow { 198.51.100.0/24 }');
    expect(s).toContain('add element inet aether p42_deny { 198.51.100.9/32 }');
    const r = rules(s).map((l) => l.replace('add rule inet aether p42_out ', ''));
    const at = (frag: string) => r.findIndex((l) => l.includes(frag));
    expect(r[0]).toBe('ip saddr != 10.213.0.2 drop');
    expect(at('limit rate over 100 kbytes/second')).toBeLessThan(at('established'));
    expect(at('th dport { 53, 853 } drop')).toBeGreaterThan(at('established'));
    expect(r).toContain('meta l4proto { tcp, udp } th dport != { 443 } drop');
    expect(at('@p42_deny')).toBeLessThan(at('@p42_allow'));
    expect(at('ct count over 3 reject')).toBeLessThan(at('@p42_allow'));
    expect(at('@p42_allow')).toBeLessThan(at('@private'));
    expect(at('@private')).toBeLessThan(at('@p42_dns'));
    expect(r.at(-1)).toBe('drop');
    expect(s).toContain('add element inet aether out { "aeh42" : jump p42_out }');
    expect(s).toContain('add element inet aether resolvers { "aeh42" . 10.213.0.1 }');
  });

  it('lets an open policy reach public addresses only', () => {
    const r = rules(agentScript('aether', link, validatePolicy({})));
    expect(r.at(-2)).toContain('ip daddr @private drop');
    expect(r.at(-1)).toContain('counter name p42_conns accept');
    expect(r.join('\n')).not.toContain('@p42_dns');
  });

  it('removes everything it made, tolerating what is gone', () => {
    const s = removeScript('aether', 42);
    for (const name of ['p42_out', 'p42_in', 'p42_local']) expect(s).toContain(`delete chain inet aether ${name}`);
    for (const name of ['p42_dns', 'p42_allow', 'p42_deny']) expect(s).toContain(`destroy set inet aether ${name}`);
    expect(s).toContain('destroy element inet aether out { "aeh42" }');
    expect(removeScript('aether', 42, '10.213.0.1')).toContain('destroy element inet aether resolvers { "aeh42" . 10.213.0.1 }');
  });
});

describe('link slots', () => {
  it('hands out /30s lowest first, reuses released ones, and maps addresses back', () => {
    const s = new Slots('10.213.0.0/28');
    expect(s.take(1)).toEqual({ pid: 1, slot: 0, host: '10.213.0.1', agent: '10.213.0.2' });
    expect(s.take(2).host).toBe('10.213.0.5');
    s.release(0);
    expect(s.take(3).slot).toBe(0);
    expect(s.slotOf('10.213.0.5')).toBe(1);
    expect(s.slotOf('10.213.0.6')).toBeNull();
    expect(s.slotOf('10.99.0.1')).toBeNull();
    s.take(4);
    s.take(5);
    expect(() => s.take(6)).toThrow(/no free \/30/);
  });
});

describe("the kernel's resolver", () => {
  let upstream: Socket;
  let port = 0;
  let asked: string[] = [];
  beforeAll(async () => {
    upstream = createSocket('udp4');
    upstream.on('message', (msg, rinfo) => {
      const q = dnsPacket.decode(msg);
      const question = q.questions![0]!;
      asked.push(question.name);
      const answers: dnsPacket.Answer[] =
        question.type === 'A'
          ? [
              { type: 'A', name: question.name, ttl: 5, data: '198.51.100.10' },
              { type: 'TXT', name: question.name, ttl: 5, data: 'smuggled' },
            ]
          : [{ type: 'TXT', name: question.name, ttl: 5, data: 'txt answer' }];
      upstream.send(
        dnsPacket.encode({ type: 'response', id: q.id, flags: 0x0180, questions: q.questions, answers }),
        rinfo.port,
        rinfo.address,
      );
    });
    await new Promise<void>((r) => upstream.bind(0, '127.0.0.1', () => r()));
    port = upstream.address().port;
  });
  afterAll(() => upstream.close());

  const query = (name: string, type: 'A' | 'AAAA' | 'TXT' = 'A') =>
    dnsPacket.encode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
  const link = { pid: 5, slot: 0, host: '127.0.0.1', agent: '127.0.0.2' };
  // dns-packet decodes rcode, but its type declarations leave it out.
  const rcode = (reply: Buffer | null) => (dnsPacket.decode(reply!) as { rcode?: string }).rcode;

  function resolver(
    policy: Parameters<typeof validatePolicy>[0],
    approve: ((pid: number, name: string) => Promise<boolean>) | null = null,
  ) {
    const pins: { addresses: string[]; seconds: number }[] = [];
    const r = new AgentResolver(link, validatePolicy(policy), {
      upstream: [`127.0.0.1:${port}`],
      pin: async (_pid, addresses, seconds) => void pins.push({ addresses, seconds }),
      approve,
      log: pino({ level: 'silent' }),
      holdMs: 100,
    });
    return { r, pins };
  }

  it('answers allowed names from upstream, pinning their addresses first; denied ones never leave the kernel', async () => {
    asked = [];
    const { r, pins } = resolver({ allow: ['ok.test'], deny: ['no.ok.test'] });
    const ok = dnsPacket.decode((await r.answer(query('www.ok.test')))!);
    expect((ok as { rcode?: string }).rcode).toBe('NOERROR');
    expect(ok.answers).toEqual([expect.objectContaining({ type: 'A', data: '198.51.100.10' })]);
    expect(pins).toEqual([{ addresses: ['198.51.100.10'], seconds: 60 }]);
    for (const name of ['no.ok.test', 'elsewhere.test']) {
      expect(rcode(await r.answer(query(name)))).toBe('NXDOMAIN');
    }
    expect(asked).toEqual(['www.ok.test']);
    expect(dnsPacket.decode((await r.answer(query('ok.test', 'AAAA')))!).answers).toEqual([]);
    expect(dnsPacket.decode((await r.answer(query('ok.test', 'TXT')))!).answers).toHaveLength(1);
    expect(r.figures).toEqual({ queries: 5, refused: 2 });
    expect(await r.answer(Buffer.from('not dns'))).toBeNull();
  });

  it('holds a new name for approval: SERVFAIL while undecided, the decision afterwards', async () => {
    let decide: (ok: boolean) => void = () => undefined;
    const decisions = new Promise<boolean>((res) => (decide = res));
    const names: string[] = [];
    const { r } = resolver({ approval: true }, async (_pid, name) => {
      names.push(name);
      return decisions;
    });
    expect(rcode(await r.answer(query('new.test')))).toBe('SERVFAIL');
    expect(rcode(await r.answer(query('new.test')))).toBe('SERVFAIL');
    expect(names).toEqual(['new.test']); // one approval per name, however often it is asked
    decide(true);
    expect(rcode(await r.answer(query('new.test')))).toBe('NOERROR');
    const denied = resolver({ approval: true }, async () => false).r;
    expect(rcode(await denied.answer(query('x.test')))).toBe('NXDOMAIN');
  });
});
