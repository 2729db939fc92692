import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { AetherError } from '../errors/index.js';
import { readFigures, type NetworkFigures } from './figures.js';
import { nsPath, Slots, type AgentLink } from './names.js';
import { createLink, enableForwarding, HostCommands, listLinks, removeLink } from './netns.js';
import { agentScript, baseScript, pinScript, removeScript } from './nft.js';
import { policyInput, validatePolicy, type EgressPolicy, type EgressPolicyInput } from './policy.js';
import { AgentResolver } from './resolver.js';

export interface EgressOptions {
  /** nftables table (family inet) holding every egress rule of this kernel. */
  table: string;
  /** Pool of /30 links, one per egress agent. */
  subnet: string;
  /** Resolvers the kernel's forwarder asks (empty: the host's /etc/resolv.conf). */
  upstream: string[];
  /** Per-process files (resolv.conf, published ports) under <runtimeDir>/network/p<PID>. */
  runtimeDir: string;
  log: Logger;
  commands?: HostCommands;
}

/** What the systemd driver needs to put a unit into the agent's namespace. */
export interface NetnsAttachment {
  path: string;
  resolvConf: string;
}

interface Entry {
  link: AgentLink;
  policy: EgressPolicy;
  resolver: AgentResolver;
  ports: Set<number>;
  abort: AbortController;
}

/**
 * Egress networking for agents: one network namespace per process (shared by all its units),
 * a veth link to the host, NAT out, the policy in nftables, DNS through the kernel's resolver.
 * Everything is named after the kernel PID, so a restarted kernel adopts the live and removes
 * what belongs to nobody.
 */
export class EgressNetworks {
  private readonly cmd: HostCommands;
  private readonly slots: Slots;
  private readonly agents = new Map<number, Entry>();
  private base: Promise<void> | null = null;
  private approve: ((pid: number, name: string, signal: AbortSignal) => Promise<boolean>) | null = null;

  constructor(private readonly opts: EgressOptions) {
    this.cmd = opts.commands ?? new HostCommands();
    this.slots = new Slots(opts.subnet);
  }

  /** Approval-gated policies ask through this (the runs' approvals queue, wired in main.ts). */
  setApprover(fn: (pid: number, name: string, signal: AbortSignal) => Promise<boolean>): void {
    this.approve = fn;
  }

  /** Validates a spawn's network choice for a driver; returns the policy to keep with the process, or null. */
  check(mode: string, egress: EgressPolicyInput | undefined, driver: string): EgressPolicyInput | null {
    if (mode !== 'egress') {
      if (egress !== undefined) {
        throw new AetherError('NETWORK_MODE_UNSUPPORTED', `An egress policy needs network "egress", not "${mode}".`);
      }
      return null;
    }
    if (driver !== 'systemd') {
      throw new AetherError(
        'NETWORK_MODE_UNSUPPORTED',
        `Network "egress" needs the systemd driver; the ${driver} driver offers "none" and "host" (docs/SECURITY.md, Networking).`,
      );
    }
    return policyInput(validatePolicy(egress));
  }

  /** The table's base chains and IPv4 forwarding: once, before the first agent (and again after a failure). */
  private ensureBase(): Promise<void> {
    this.base ??= (async () => {
      await enableForwarding(this.cmd);
      await this.cmd.nft(baseScript(this.opts.table, this.opts.subnet));
      await this.passDockerForward();
    })().catch((err: unknown) => {
      this.base = null;
      throw err;
    });
    return this.base;
  }

  /**
   * Docker sets the iptables FORWARD policy to DROP when it turns forwarding on, which would drop
   * egress traffic that our own table already judged; its DOCKER-USER chain is where a host says
   * "not yours". Best effort: no Docker (or no iptables) means nothing to do.
   */
  private async passDockerForward(): Promise<void> {
    for (const dir of ['-i', '-o']) {
      const rule = ['DOCKER-USER', dir, 'aeh+', '-j', 'ACCEPT'];
      const present = await this.cmd.run('iptables', ['-C', ...rule]).then(
        () => true,
        () => false,
      );
      if (!present) await this.cmd.run('iptables', ['-I', ...rule]).catch(() => undefined);
    }
  }

  async setup(pid: number, input: EgressPolicyInput): Promise<NetnsAttachment> {
    const policy = validatePolicy(input);
    await this.ensureBase();
    let link: AgentLink;
    try {
      link = this.slots.take(pid);
    } catch (err) {
      throw new AetherError('NETWORK_UNAVAILABLE', (err as Error).message, { cause: err });
    }
    try {
      await createLink(this.cmd, link);
      return await this.activate(link, policy, new Set());
    } catch (err) {
      await this.teardown(pid);
      await removeLink(this.cmd, pid);
      this.slots.release(link.slot);
      throw err;
    }
  }

  /** Rules, resolver and files of a link that exists (a new one, or one adopted after a restart). */
  private async activate(link: AgentLink, policy: EgressPolicy, ports: Set<number>): Promise<NetnsAttachment> {
    await this.cmd.nft(agentScript(this.opts.table, link, policy));
    const abort = new AbortController();
    const resolver = new AgentResolver(link, policy, {
      upstream: this.opts.upstream.length ? this.opts.upstream : hostResolvers(),
      pin: (p, addresses, seconds) => this.cmd.nft(pinScript(this.opts.table, p, addresses, seconds)).then(() => undefined),
      approve: this.approve ? (p, name) => this.approve!(p, name, abort.signal) : null,
      log: this.opts.log,
    });
    this.agents.set(link.pid, { link, policy, resolver, ports, abort });
    await resolver.start();
    const dir = this.dirOf(link.pid);
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const resolvConf = join(dir, 'resolv.conf');
    writeFileSync(
      resolvConf,
      `# The kernel's resolver for this agent (policy-checked)\nnameserver ${link.host}\noptions timeout:2 attempts:2\n`,
      {
        mode: 0o644,
      },
    );
    // The kernel's UMask (0077) would leave it unreadable to the agent's user, who reads it as /etc/resolv.conf.
    chmodSync(resolvConf, 0o644);
    this.savePorts(link.pid);
    return { path: nsPath(link.pid), resolvConf };
  }

  /** Removes the namespace, link, rules, resolver and files of a process. Idempotent. */
  async teardown(pid: number, hostAddress?: string): Promise<void> {
    const e = this.agents.get(pid);
    const host = e?.link.host ?? hostAddress;
    this.agents.delete(pid);
    if (e) {
      e.abort.abort();
      e.resolver.close();
      this.slots.release(e.link.slot);
    }
    await removeLink(this.cmd, pid);
    await this.cmd
      .nft(removeScript(this.opts.table, pid, host))
      .catch((err: unknown) => this.opts.log.warn({ err, pid }, 'nft cleanup'));
    rmSync(this.dirOf(pid), { recursive: true, force: true });
  }

  /**
   * After a kernel restart: adopt the links of live egress processes (rules re-applied, a resolver
   * bound again, published ports read back), remove every other namespace, link and chain of ours.
   */
  async reconcile(live: { pid: number; egress: EgressPolicyInput }[]): Promise<{ adopted: number; removed: number }> {
    const found = await listLinks(this.cmd).catch(() => null);
    const chains = await this.chainPids();
    const ours = new Set([...(found?.links.keys() ?? []), ...(found?.namespaces ?? []), ...chains]);
    // A kernel that never ran egress agents leaves the host's network exactly as it found it.
    if (live.length === 0 && ours.size === 0) return { adopted: 0, removed: 0 };
    if (live.length > 0) await this.ensureBase();
    const wanted = new Map(live.map((l) => [l.pid, l.egress]));
    let adopted = 0;
    for (const [pid, address] of found?.links ?? []) {
      const egress = wanted.get(pid);
      const slot = address ? this.slots.slotOf(address) : null;
      if (egress === undefined || slot === null || !found?.namespaces.has(pid) || this.agents.has(pid)) continue;
      await this.activate(this.slots.take(pid, slot), validatePolicy(egress), this.loadPorts(pid));
      adopted++;
    }
    let removed = 0;
    for (const pid of ours) {
      if (this.agents.has(pid)) continue;
      await this.teardown(pid, found?.links.get(pid) ?? undefined);
      removed++;
    }
    return { adopted, removed };
  }

  private async chainPids(): Promise<number[]> {
    const out = await this.cmd.run('nft', ['-j', 'list', 'chains', 'inet']).catch(() => '{}');
    const rows = (JSON.parse(out) as { nftables?: { chain?: { table: string; name: string } }[] }).nftables ?? [];
    return rows
      .map((r) => r.chain)
      .filter((c) => c?.table === this.opts.table)
      .map((c) => /^p([0-9]+)_out$/.exec(c!.name)?.[1])
      .filter((p): p is string => p !== undefined)
      .map(Number);
  }

  linkOf(pid: number): AgentLink | undefined {
    return this.agents.get(pid)?.link;
  }

  /** Bytes and connections per egress process (one nft call for all). */
  async figures(pids?: number[]): Promise<Map<number, NetworkFigures>> {
    const entries = [...this.agents.values()].filter((e) => !pids || pids.includes(e.link.pid));
    return readFigures(
      this.cmd,
      this.opts.table,
      entries.map((e) => ({ pid: e.link.pid, dns: e.resolver.figures })),
    );
  }

  ports(pid: number): number[] {
    return [...(this.agents.get(pid)?.ports ?? [])].sort((a, b) => a - b);
  }

  publish(pid: number, port: number): void {
    const e = this.agents.get(pid);
    if (!e) {
      throw new AetherError(
        'NETWORK_MODE_UNSUPPORTED',
        `Process ${pid} has no network of its own to publish from; spawn it with network "egress".`,
      );
    }
    e.ports.add(port);
    this.savePorts(pid);
  }

  unpublish(pid: number, port: number): boolean {
    const had = this.agents.get(pid)?.ports.delete(port) ?? false;
    if (had) this.savePorts(pid);
    return had;
  }

  async close(): Promise<void> {
    for (const e of this.agents.values()) {
      e.abort.abort();
      e.resolver.close();
    }
  }

  private dirOf(pid: number): string {
    return join(this.opts.runtimeDir, 'network', `p${pid}`);
  }

  private savePorts(pid: number): void {
    const e = this.agents.get(pid);
    if (e) writeFileSync(join(this.dirOf(pid), 'ports.json'), JSON.stringify([...e.ports]), { mode: 0o600 });
  }

  private loadPorts(pid: number): Set<number> {
    try {
      return new Set(
        (JSON.parse(readFileSync(join(this.dirOf(pid), 'ports.json'), 'utf8')) as number[]).filter(Number.isInteger),
      );
    } catch {
      return new Set();
    }
  }
}

/** The host's own resolvers (the kernel is on the host side: systemd-resolved's 127.0.0.53 is fine here). */
function hostResolvers(): string[] {
  try {
    const text = readFileSync('/etc/resolv.conf', 'utf8');
    return [...text.matchAll(/^nameserver\s+(\S+)/gm)].map((m) => m[1]!);
  } catch {
    return [];
  }
}
