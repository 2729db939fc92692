import { createSocket, type Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';
import type { Logger } from 'pino';
import type { AgentLink } from './names.js';
import { judgeName, type EgressPolicy } from './policy.js';

/** Adds resolved addresses to the agent's nft set, so a connection to them passes its chain. */
export type Pin = (pid: number, addresses: string[], seconds: number) => Promise<void>;
/** Asks a person whether the agent may reach `name`; resolves with the decision. */
export type Approve = (pid: number, name: string) => Promise<boolean>;

export interface ResolverOptions {
  upstream: string[];
  pin: Pin;
  approve: Approve | null;
  log: Logger;
  /** How long a lookup of a name awaiting approval is held before SERVFAIL (the client retries). */
  holdMs?: number;
  upstreamTimeoutMs?: number;
}

export interface ResolverFigures {
  queries: number;
  refused: number;
}

const MIN_PIN_S = 60;
const MAX_PIN_S = 3600;

/**
 * The DNS forwarder of one egress agent: a UDP socket on the host's end of its link (the only
 * DNS server the agent can reach, see nft.ts), answering per the agent's policy. An allowed name
 * is asked of the upstream resolver; the A records of the answer are pinned in the agent's nft set
 * before the answer goes back, so the agent can connect to exactly what it was told. A denied
 * name is NXDOMAIN; AAAA is answered empty (agents have no IPv6 route). Hostile input: any packet
 * that does not parse, or that does not come from the agent's own address, is dropped.
 */
export class AgentResolver {
  private socket: Socket | null = null;
  /** Decisions on names that needed approval (a pending one is a promise). */
  private readonly decisions = new Map<string, boolean | Promise<boolean>>();
  readonly figures: ResolverFigures = { queries: 0, refused: 0 };

  constructor(
    private readonly link: AgentLink,
    private readonly policy: EgressPolicy,
    private readonly opts: ResolverOptions,
  ) {}

  async start(): Promise<void> {
    const socket = createSocket({ type: 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(53, this.link.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (err) => this.opts.log.warn({ err, pid: this.link.pid }, 'resolver socket error'));
    socket.on('message', (msg, rinfo) => {
      if (rinfo.address !== this.link.agent) return;
      void this.answer(msg).then(
        (reply) => reply && socket.send(reply, rinfo.port, rinfo.address),
        (err: unknown) => this.opts.log.warn({ err, pid: this.link.pid }, 'resolver: query failed'),
      );
    });
    this.socket = socket;
  }

  close(): void {
    this.socket?.close();
    this.socket = null;
  }

  /** The reply to one query, or null to stay silent. */
  async answer(msg: Buffer): Promise<Buffer | null> {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return null;
    }
    const q = query.questions?.[0];
    if (query.type !== 'query' || !q || query.questions!.length !== 1) return null;
    this.figures.queries++;
    const name = q.name.toLowerCase();
    const verdict = judgeName(this.policy, name);
    const allowed = verdict === 'allow' ? true : verdict === 'deny' ? false : await this.decide(name);
    if (allowed === null) return respond(query, 'SERVFAIL');
    if (!allowed) {
      this.figures.refused++;
      return respond(query, 'NXDOMAIN');
    }
    if (q.type === 'AAAA') return respond(query, 'NOERROR');
    const upstream = await this.forward(msg);
    if (!upstream) return respond(query, 'SERVFAIL');
    let parsed: dnsPacket.Packet;
    try {
      parsed = dnsPacket.decode(upstream);
    } catch {
      return respond(query, 'SERVFAIL');
    }
    const a = (parsed.answers ?? []).filter((r): r is dnsPacket.StringAnswer => r.type === 'A');
    if (a.length) {
      const ttl = Math.min(MAX_PIN_S, Math.max(MIN_PIN_S, ...a.map((r) => r.ttl ?? 0)));
      await this.opts.pin(this.link.pid, [...new Set(a.map((r) => r.data))], ttl);
    }
    // Only what the upstream said about this question goes back: no other record type can smuggle addresses.
    return dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags: (parsed.flags ?? 0) | dnsPacket.RECURSION_AVAILABLE,
      questions: query.questions ?? [],
      answers: (parsed.answers ?? []).filter((r) => r.type === q.type || r.type === 'CNAME'),
    });
  }

  /** true/false once a person decided; null while the question is still open (the lookup fails for now). */
  private async decide(name: string): Promise<boolean | null> {
    const known = this.decisions.get(name);
    if (typeof known === 'boolean') return known;
    if (!this.opts.approve) return false;
    let pending = known;
    if (!pending) {
      pending = this.opts.approve(this.link.pid, name).then((ok) => {
        this.decisions.set(name, ok);
        return ok;
      });
      // A failure (the process ended, the kernel stopping) leaves the name undecided for a later lookup.
      pending.catch(() => this.decisions.delete(name));
      this.decisions.set(name, pending);
    }
    let timer: NodeJS.Timeout | undefined;
    const held = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.opts.holdMs ?? 3000)));
    try {
      return await Promise.race([pending.catch(() => null), held]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async forward(msg: Buffer): Promise<Buffer | null> {
    for (const server of this.opts.upstream) {
      const reply = await askUpstream(server, msg, this.opts.upstreamTimeoutMs ?? 2000);
      if (reply) return reply;
    }
    return null;
  }
}

function respond(query: dnsPacket.Packet, rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL'): Buffer {
  const codes = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 } as const;
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | codes[rcode],
    questions: query.questions ?? [],
    answers: [],
  });
}

/** An upstream is an address, or IPv4 address:port (a resolver on another port, such as a test's). */
function askUpstream(upstream: string, msg: Buffer, timeoutMs: number): Promise<Buffer | null> {
  const m = /^([0-9.]+):([0-9]+)$/.exec(upstream);
  const [server, port] = m ? [m[1]!, Number(m[2])] : [upstream, 53];
  return new Promise((resolve) => {
    const s = createSocket({ type: server.includes(':') ? 'udp6' : 'udp4' });
    const done = (v: Buffer | null) => {
      clearTimeout(timer);
      s.close();
      resolve(v);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    s.on('error', () => done(null));
    s.on('message', (reply) => done(reply));
    s.send(msg, port, server);
  });
}
