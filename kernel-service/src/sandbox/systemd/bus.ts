import * as dbus from '@particle/dbus-next';
import { AetherError } from '../../errors/index.js';

const { Message, MessageType } = dbus;
type Message = InstanceType<typeof dbus.Message>;
type Variant = InstanceType<typeof dbus.Variant>;

const SYSTEMD = 'org.freedesktop.systemd1';
const DBUS = 'org.freedesktop.DBus';
const MANAGER_PATH = '/org/freedesktop/systemd1';
const MANAGER = 'org.freedesktop.systemd1.Manager';
const PROPERTIES = 'org.freedesktop.DBus.Properties';
const UNIT_PATH_PREFIX = '/org/freedesktop/systemd1/unit/';

export type UnitProperties = Record<string, unknown>;
export type PropertyList = [string, Variant][];

/** systemd's bus_label_escape: "aether-p1.service" -> "aether_2dp1_2eservice". */
export function unitObjectPath(unit: string): string {
  let out = '';
  for (const [i, ch] of [...Buffer.from(unit, 'utf8')].entries()) {
    const c = String.fromCharCode(ch);
    const alnum = /[A-Za-z0-9]/.test(c) && !(i === 0 && /[0-9]/.test(c));
    out += alnum ? c : `_${ch.toString(16).padStart(2, '0')}`;
  }
  return UNIT_PATH_PREFIX + out;
}

/** Converts D-Bus values to plain JSON-safe values (variants unwrapped, 64-bit BigInts to numbers). */
export function plain(value: unknown): unknown {
  if (value instanceof dbus.Variant) return plain(value.value);
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

type JobWaiter = (result: string) => void;
type PropertiesListener = (path: string, iface: string, changed: UnitProperties) => void;

/**
 * A thin, typed client for systemd's Manager over the system bus. It uses raw
 * messages rather than proxy objects: no introspection round trip per unit, and
 * one match rule covers the property changes of every unit.
 *
 * Signals are believed only from systemd. A match rule's sender= does not guarantee that: any
 * connection may send a signal addressed to ours (a unicast signal skips match rules), with any
 * path, interface and body, and a forged "SubState: exited" would end another agent's record.
 * What the bus daemon does guarantee is the sender field, a unique name it stamps itself; so the
 * client tracks which unique name owns org.freedesktop.systemd1 (NameOwnerChanged, from the
 * daemon) and drops every other signal.
 */
export class SystemdBus {
  /** The unique name (":1.2") owning org.freedesktop.systemd1; null while nobody does. */
  private systemdOwner: string | null = null;
  private readonly jobWaiters = new Map<string, JobWaiter>();
  /** JobRemoved seen before anyone waited for it (a reply and a signal can cross). */
  private readonly finishedJobs = new Map<string, string>();
  private readonly propertyListeners = new Set<PropertiesListener>();

  private constructor(private readonly bus: dbus.MessageBus) {
    bus.on('message', (msg: Message) => this.onMessage(msg));
  }

  static async connect(): Promise<SystemdBus> {
    let bus: dbus.MessageBus;
    try {
      bus = dbus.systemBus();
      await new Promise<void>((resolve, reject) => {
        bus.once('connect', resolve);
        bus.once('error', reject);
      });
    } catch (err) {
      throw new AetherError('SANDBOX_UNAVAILABLE', `Cannot connect to the system D-Bus: ${(err as Error).message}`, {
        cause: err,
      });
    }
    const client = new SystemdBus(bus);
    // The match first, the question second: an owner change in between still arrives.
    await client.addMatch(`type='signal',sender='${DBUS}',interface='${DBUS}',member='NameOwnerChanged',arg0='${SYSTEMD}'`);
    client.systemdOwner = await client.nameOwner(SYSTEMD);
    await client.addMatch(`type='signal',sender='${SYSTEMD}',interface='${MANAGER}',member='JobRemoved'`);
    await client.addMatch(
      `type='signal',sender='${SYSTEMD}',interface='${PROPERTIES}',member='PropertiesChanged',path_namespace='${MANAGER_PATH}/unit'`,
    );
    await client.manager('Subscribe', '', []);
    return client;
  }

  close(): void {
    this.bus.disconnect();
  }

  onPropertiesChanged(listener: PropertiesListener): () => void {
    this.propertyListeners.add(listener);
    return () => this.propertyListeners.delete(listener);
  }

  async call(path: string, iface: string, member: string, signature: string, body: unknown[]): Promise<unknown[]> {
    const msg = new Message({ destination: SYSTEMD, path, interface: iface, member, signature, body });
    try {
      const reply = await this.bus.call(msg);
      return (reply?.body as unknown[] | undefined) ?? [];
    } catch (err) {
      const e = err as { type?: string; text?: string; message?: string };
      const error = new Error(`${member}: ${e.text ?? e.message ?? String(err)}`) as Error & { dbusName?: string };
      error.dbusName = e.type;
      throw error;
    }
  }

  manager(member: string, signature: string, body: unknown[]): Promise<unknown[]> {
    return this.call(MANAGER_PATH, MANAGER, member, signature, body);
  }

  async managerProperty(name: string): Promise<unknown> {
    const [value] = await this.call(MANAGER_PATH, PROPERTIES, 'Get', 'ss', [MANAGER, name]);
    return plain(value);
  }

  async unitProperties(unit: string, iface: string): Promise<UnitProperties> {
    const [all] = await this.call(unitObjectPath(unit), PROPERTIES, 'GetAll', 's', [iface]);
    return Object.fromEntries(Object.entries(all as Record<string, Variant>).map(([k, v]) => [k, plain(v)]));
  }

  /** One property: far cheaper for systemd than GetAll (which serialises every property of the interface). */
  async unitProperty(unit: string, iface: string, name: string): Promise<unknown> {
    const [value] = await this.call(unitObjectPath(unit), PROPERTIES, 'Get', 'ss', [iface, name]);
    return plain(value);
  }

  /** Resolves with the job's result ("done", "failed", "canceled", ...) once systemd removes it. */
  waitForJob(jobPath: string): Promise<string> {
    const early = this.finishedJobs.get(jobPath);
    if (early !== undefined) {
      this.finishedJobs.delete(jobPath);
      return Promise.resolve(early);
    }
    return new Promise((resolve) => this.jobWaiters.set(jobPath, resolve));
  }

  /** Who owns a name now; null when nobody does. */
  private async nameOwner(name: string): Promise<string | null> {
    const msg = new Message({
      destination: DBUS,
      path: '/org/freedesktop/DBus',
      interface: DBUS,
      member: 'GetNameOwner',
      signature: 's',
      body: [name],
    });
    try {
      const reply = await this.bus.call(msg);
      return ((reply?.body as string[] | undefined) ?? [])[0] ?? null;
    } catch {
      return null;
    }
  }

  private async addMatch(rule: string): Promise<void> {
    const msg = new Message({
      destination: 'org.freedesktop.DBus',
      path: '/org/freedesktop/DBus',
      interface: 'org.freedesktop.DBus',
      member: 'AddMatch',
      signature: 's',
      body: [rule],
    });
    await this.bus.call(msg);
  }

  private onMessage(msg: Message): void {
    if (msg.type !== MessageType.SIGNAL) return;
    if (msg.sender === DBUS && msg.interface === DBUS && msg.member === 'NameOwnerChanged') {
      const [name, , owner] = msg.body as [string, string, string];
      if (name === SYSTEMD) this.systemdOwner = owner === '' ? null : owner;
      return;
    }
    if (this.systemdOwner === null || msg.sender !== this.systemdOwner) return;
    if (msg.interface === MANAGER && msg.member === 'JobRemoved') {
      const [, job, , result] = msg.body as [number, string, string, string];
      const waiter = this.jobWaiters.get(job);
      if (waiter) {
        this.jobWaiters.delete(job);
        waiter(result);
      } else {
        this.finishedJobs.set(job, result);
        if (this.finishedJobs.size > 1024) this.finishedJobs.delete(this.finishedJobs.keys().next().value!);
      }
    } else if (msg.interface === PROPERTIES && msg.member === 'PropertiesChanged' && msg.path) {
      const [iface, changed] = msg.body as [string, Record<string, Variant>];
      const values = Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, plain(v)]));
      for (const listener of this.propertyListeners) listener(msg.path, iface, values);
    }
  }
}
