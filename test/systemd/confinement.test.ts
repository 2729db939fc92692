import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, get, homeFile, restartKernel, sh, spawn, waitForFile, waitForState, waitUntil, type Proc } from './client.js';
import { ATTACKER_SCRIPT, SECRET_MARK, victimScript } from './confinement-probe.js';

/**
 * Issue #13: an attacker agent beside victim agents. Each victim holds a secret in its home, its
 * arguments and its spawn environment (one started cold, one warm, one with a terminal beside it);
 * the attackers (network "none" and "host") look for them through /run, the bus, the journal,
 * /proc, cgroupfs and IPC, and for the host's sockets. Every probe has its control: the victim
 * reads its own secrets, root in the machine sees the units, a terminal shares its program's IPC.
 */
const tag = randomBytes(6).toString('hex');
const secret = (what: string) => `${SECRET_MARK}-${what}-${tag}`;

interface Victim {
  proc: Proc;
  unit: string;
  env: string;
  arg: string;
  home: string;
}

function victimRequest(name: string, what: string) {
  return {
    name,
    command: ['/bin/sh', '-c', victimScript(secret(`${what}-home`)), secret(`${what}-arg`)],
    environment: { VICTIM_ENV: secret(`${what}-env`) },
  };
}

async function ready(proc: Proc, what: string): Promise<Victim> {
  await waitForFile(proc.agent.id, 'ready');
  const unit = `aether-p${proc.pid}.service`;
  return { proc, unit, env: secret(`${what}-env`), arg: secret(`${what}-arg`), home: secret(`${what}-home`) };
}

async function coldVictim(): Promise<Victim> {
  return ready(await spawn(victimRequest('conf-victim-cold', 'cold')), 'cold');
}

/** The agent's second run takes the sandbox the kernel prepared after its first. */
async function warmVictim(): Promise<Victim> {
  const first = await spawn({ name: 'conf-victim-warm', command: ['/bin/true'] });
  await waitForState(first.pid, ['exited']);
  let warm: Proc | undefined;
  await waitUntil(async () => {
    const p = await spawn(victimRequest('conf-victim-warm', 'warm'));
    if ((p.sandbox as { prestarted?: boolean }).prestarted) warm = p;
    else await api('DELETE', `/api/v1/agents/${p.pid}`); // the prepared one was not ready yet
    return warm !== undefined;
  }, 20_000);
  return ready(warm!, 'warm');
}

/** A terminal whose program writes what it sees into the victim's home (no WebSocket needed). */
async function terminal(v: Victim, prefix: string): Promise<string> {
  const script = `echo "$VICTIM_ENV" > ${prefix}-env; ipcs -m > ${prefix}-ipcs; echo ok > ${prefix}-done; exec sleep 600`;
  const res = await api('POST', `/api/v1/agents/${v.proc.pid}/terminals`, {
    cols: 80,
    rows: 24,
    command: ['/bin/sh', '-c', script],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await waitForFile(v.proc.agent.id, `${prefix}-done`);
  const units = await sh(['systemctl', 'list-units', '--plain', '--no-legend', `aether-p${v.proc.pid}-term*.service`]);
  return units.stdout.trim().split('\n').at(-1)!.split(/\s+/)[0]!;
}

async function attack(name: string, network: 'none' | 'host', victims: Victim[]): Promise<(probe: string) => string> {
  const p = await spawn({
    name,
    network,
    command: ['/bin/sh', '-c', ATTACKER_SCRIPT],
    environment: { VICTIMS: victims.map((v) => v.proc.pid).join(' ') },
  });
  await waitForFile(p.agent.id, 'done', 30_000);
  await waitForState(p.pid, ['exited']);
  return (probe) => homeFile(p.agent.id, `p-${probe}.txt`);
}

/** Everything root in the machine can learn about a unit from systemd, short of its processes. */
async function rootView(unit: string): Promise<string> {
  const path = `/org/freedesktop/systemd1/unit/${unit.replace(/-/g, '_2d').replace(/\./g, '_2e')}`;
  const getAll = (iface: string) =>
    sh(['busctl', '--system', 'call', 'org.freedesktop.systemd1', path, 'org.freedesktop.DBus.Properties', 'GetAll', 's', iface]);
  const parts = await Promise.all([
    sh(['systemctl', 'show', unit]),
    getAll('org.freedesktop.systemd1.Unit'),
    getAll('org.freedesktop.systemd1.Service'),
    sh(['cat', `/run/systemd/transient/${unit}`]),
  ]);
  return parts.map((p) => p.stdout).join('\n');
}

describe('confinement: an attacker beside its victims', () => {
  let cold: Victim;
  let warm: Victim;
  let termUnit: string;

  beforeAll(async () => {
    cold = await coldVictim();
    warm = await warmVictim();
    termUnit = await terminal(cold, 'term1');
  }, 120_000);

  it('the victims read their own secrets, and their terminal shares their IPC namespace (controls)', () => {
    for (const v of [cold, warm]) {
      const read = (f: string) => homeFile(v.proc.agent.id, f).trim();
      expect(read('own-env')).toBe(v.env);
      expect(read('own-arg')).toBe(v.arg);
      expect(read('secret')).toBe(v.home);
      // The unit's credential is the channel: the victim can read its own (warm: the waiter's).
      expect(read('own-cred')).toMatch(/^exec '\/bin\/sh' '-c'/m);
      expect(read('shmid')).toMatch(/^[0-9]+$/);
    }
    expect(homeFile(cold.proc.agent.id, 'own-cred')).toContain(cold.env);
    // The terminal: same IPC namespace (it lists the program's segment) and the spawn environment.
    const shmid = homeFile(cold.proc.agent.id, 'shmid').trim();
    expect(homeFile(cold.proc.agent.id, 'term1-ipcs')).toMatch(new RegExp(`^0x[0-9a-f]+ +${shmid} `, 'm'));
    expect(homeFile(cold.proc.agent.id, 'term1-env').trim()).toBe(cold.env);
  });

  it('root sees every unit, and no secret in any property or transient unit file', async () => {
    for (const [v, unit] of [
      [cold, cold.unit],
      [warm, warm.unit],
      [cold, termUnit],
    ] as const) {
      const view = await rootView(unit);
      // Control: it is the unit, as systemd holds it, with the non-secret properties.
      expect(view).toContain(`Id=${unit}`);
      expect(view).toContain(`AETHER_AGENT=${v.proc.agent.name}`);
      expect(view).toContain('LoadCredential=spawn:');
      expect(view).toContain('ExecStart=');
      expect(view).not.toContain(SECRET_MARK);
    }
    // systemd took its copy of each credential; the kernel kept only the environment records.
    const spawnDir = await sh(['ls', '-A', '/run/aether/spawn']);
    for (const unit of [cold.unit, warm.unit, termUnit]) expect(spawnDir.stdout.split('\n')).not.toContain(unit);
    expect(spawnDir.stdout).toContain(`${cold.unit}.env.json`);
    expect((await sh(['stat', '-c', '%a %U', '/run/aether/spawn'])).stdout.trim()).toBe('700 root');
  });

  it.each(['none', 'host'] as const)(
    'an attacker with network "%s" finds none of it, nor the host\'s sockets; the victims run on',
    async (network) => {
      const probe = await attack(`conf-attacker-${network}`, network, [cold, warm]);
      const failed = (p: string) => expect(probe(p)).not.toMatch(/rc=0\s*$/);
      for (const v of [cold, warm]) {
        const pid = v.proc.pid;
        for (const p of ['cred', 'transient', 'getall', 'dbussend', 'show']) failed(`${p}-${pid}`);
        expect(probe(`cred-${pid}`)).toMatch(/No such file/);
        expect(probe(`transient-${pid}`)).toMatch(/No such file/);
        expect(probe(`getall-${pid}`)).toMatch(/No such file/);
        expect(probe(`journalu-${pid}`)).not.toContain(SECRET_MARK);
      }
      // /run holds only what the unit was given: its credential, its kernel socket, empty mount points.
      const run = probe('run').trim().split('\n').slice(0, -1);
      const allowed = [
        /^\/run\/credentials(\/aether-p[0-9]+\.service(\/spawn)?)?$/,
        /^\/run\/aether(\/kernel\.sock)?$/,
        /^\/run\/systemd(\/incoming|\/resolve(\/[a-z-]+\.conf)?)?$/,
        /^\/run\/user$/,
      ];
      for (const line of run)
        expect(
          allowed.some((r) => r.test(line)),
          line,
        ).toBe(true);
      expect(run).toContain('/run/aether/kernel.sock');
      expect(probe('grep').trim()).toBe('end\nrc=0');
      // Control: the same channel holds the attacker's own program, readable by the attacker.
      expect(probe('own')).toContain("exec '/bin/sh' '-c'");
      for (const p of ['busctl', 'node', 'private']) failed(p);
      expect(probe('node')).toMatch(/^ENOENT/);
      expect(probe('private')).toMatch(/^ENOENT/);
      expect(probe('journal')).toMatch(/^0\n/);
      failed('catlog');
      // /proc: its own processes only, no victim's command line or environment.
      const [count, hits] = probe('proc').split('\n');
      expect(Number(count)).toBeLessThan(10);
      expect(hits).toBe('0');
      // cgroupfs: a namespace rooted at its own cgroup, read-only; its own processes are there.
      const [cg, others, procs, touch] = probe('cgroup').split('\n');
      expect(cg).toBe('0::/');
      expect(others).toBe('0');
      expect(Number(procs)).toBeGreaterThan(0);
      expect(touch).toMatch(/Read-only file system/);
      // IPC: none of the victims' segments (ipcs prints only its headers).
      for (const v of [cold, warm]) {
        const shmid = homeFile(v.proc.agent.id, 'shmid').trim();
        expect(probe('ipc')).not.toMatch(new RegExp(`^0x[0-9a-f]+ +${shmid} `, 'm'));
      }
      expect(probe('homes')).toMatch(/^agent\n/);
      expect(probe('homes')).not.toContain(SECRET_MARK);

      // The journal took none of the forged lines; root does see the victims' own output there.
      const journal = await sh(['journalctl', '--no-pager', '-q', '-o', 'cat']);
      expect(journal.stdout).not.toContain('CONFINE-FORGED-LOG');
      expect((await sh(['journalctl', '--no-pager', '-q', '-o', 'cat', '-u', cold.unit])).stdout).toContain(
        `journal: ${cold.env}`,
      );
      for (const v of [cold, warm]) {
        expect((await get(v.proc.pid)).state).toBe('running');
        expect((await sh(['systemctl', 'is-active', v.unit], true)).stdout.trim()).toBe('active');
      }
    },
  );

  it("a terminal opened by a restarted kernel still gets the program's environment, from the kernel's record", async () => {
    await restartKernel({ timeoutMs: 30_000 });
    const unit = await terminal(cold, 'term2');
    expect(homeFile(cold.proc.agent.id, 'term2-env').trim()).toBe(cold.env);
    expect(unit).not.toBe(termUnit);
    expect(await rootView(unit)).not.toContain(SECRET_MARK);
  });
});

/** The kernel's connection to the system bus, as the bus daemon names it. */
async function kernelBusName(): Promise<string> {
  const out = await sh(['busctl', '--system', 'list', '--no-legend', '--no-pager']);
  const row = out.stdout.split('\n').find((l) => l.startsWith(':') && l.split(/\s+/)[5] === 'aether-kernel.service');
  if (!row) throw new Error(`the kernel has no bus connection:\n${out.stdout}`);
  return row.split(/\s+/)[0]!;
}

describe('confinement: the bus', () => {
  it("believes no signal forged by another connection; systemd's own word still ends a process", async () => {
    const victim = await spawn({ name: 'conf-bus-victim', command: ['/bin/sleep', '600'] });
    const kernel = await kernelBusName();
    const unitPath = `/org/freedesktop/systemd1/unit/aether_2dp${victim.pid}_2eservice`;
    // Root in the machine forges (agents no longer reach the bus at all): the victim "exited"...
    await sh([
      'busctl',
      '--system',
      'emit',
      `--destination=${kernel}`,
      unitPath,
      'org.freedesktop.DBus.Properties',
      'PropertiesChanged',
      'sa{sv}as',
      'org.freedesktop.systemd1.Unit',
      '2',
      'ActiveState',
      's',
      'inactive',
      'SubState',
      's',
      'exited',
      '0',
    ]);
    // ...and every one of systemd's next jobs "failed" (the kernel keeps results that arrive early).
    // Starting the already active aether.slice tells the current job number; it enqueues a handful
    // of jobs (a target would enqueue one per dependency, ~90, past the forged range). Checked:
    // without the sender check the spawn below fails with "the start job ended with failed".
    const forgeJobs = [
      'N=$(busctl --system call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager StartUnit ss aether.slice replace | sed "s|.*/job/\\([0-9]*\\).*|\\1|")',
      `for j in $(seq $((N+1)) $((N+60))); do busctl --system emit --destination=${kernel} /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager JobRemoved uoss $j /org/freedesktop/systemd1/job/$j forged.service failed || exit 1; done`,
    ].join('; ');
    await sh(['sh', '-c', forgeJobs]);
    // A spawn after the forgeries: its start job is one of those; it must still start. It is also
    // the barrier: the forged signals reached the kernel before systemd's reply to this one.
    const after = await spawn({ name: 'conf-bus-after', command: ['/bin/sleep', '600'] });
    expect(after.state).toBe('running');
    expect((await get(victim.pid)).state).toBe('running');
    expect((await sh(['systemctl', 'is-active', `aether-p${victim.pid}.service`], true)).stdout.trim()).toBe('active');
    expect((await api('POST', `/api/v1/agents/${victim.pid}/pause`)).body.state).toBe('paused');
    expect((await api('POST', `/api/v1/agents/${victim.pid}/resume`)).body.state).toBe('running');

    // Control: the real end, by systemd and not through the API, is still seen.
    await sh(['systemctl', 'kill', '--signal=SIGKILL', `aether-p${victim.pid}.service`]);
    const ended = await waitForState(victim.pid, ['exited', 'killed', 'failed']);
    expect(ended.exit).toMatchObject({ signal: 'SIGKILL' });
    await api('DELETE', `/api/v1/agents/${after.pid}`);
  });
});
