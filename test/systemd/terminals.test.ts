import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as pty from 'node-pty';
import WebSocket from 'ws';
import { REPO } from '../machine/machine.js';
import { api, machine, sh, spawn, waitForFile, waitForState, waitUntil } from './client.js';

/** A terminal attached over the real WebSocket API; collects everything the server sends. */
class Attached {
  out = '';
  exit: number | null | undefined;
  closed = false;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) this.out += data.toString('utf8');
      else this.exit = (JSON.parse(data.toString('utf8')) as { code: number | null }).code;
    });
    ws.on('close', () => (this.closed = true));
  }

  static open(pid: number, id: string, token: string | null = machine().token): Promise<Attached> {
    const url = `${machine().url.replace('http', 'ws')}/api/v1/agents/${pid}/terminals/${id}${token ? `?token=${token}` : ''}`;
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Attached(ws)));
      ws.once('error', reject);
    });
  }

  type(text: string): void {
    this.ws.send(Buffer.from(text), { binary: true });
  }

  async waitFor(re: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.out);
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`terminal output never matched ${re}; got:\n${this.out.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

const opened: Attached[] = [];
afterAll(() => opened.forEach((a) => a.ws.close()));

async function openTerminal(pid: number, body: Record<string, unknown> = { cols: 80, rows: 24 }) {
  const res = await api('POST', `/api/v1/agents/${pid}/terminals`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; cols: number; rows: number; state: string };
}

describe('terminals', () => {
  it('run inside the sandbox: same slice, uid, network namespace and /tmp as the main program', async () => {
    const script =
      'id -u > uid; grep ^0:: /proc/self/cgroup > cgroup; readlink /proc/self/ns/net > netns; echo shared > /tmp/marker; echo ok > done; sleep 600';
    const p = await spawn({ name: 'term-same', command: ['/bin/sh', '-c', script] });
    await waitForFile(p.agent.id, 'done'); // every file below is complete
    const main = {
      uid: (await waitForFile(p.agent.id, 'uid')).trim(),
      cgroup: (await waitForFile(p.agent.id, 'cgroup')).trim(),
      netns: (await waitForFile(p.agent.id, 'netns')).trim(),
    };
    const t = await openTerminal(p.pid);
    const term = await Attached.open(p.pid, t.id);
    opened.push(term);
    term.type(
      'echo "U=$(id -u) C=$(grep ^0:: /proc/self/cgroup) N=$(readlink /proc/self/ns/net) T=$(cat /tmp/marker) H=$HOME"\n',
    );
    const m = await term.waitFor(/U=(\d+) C=(\S+) N=(\S+) T=(\S+) H=(\S+)/);
    expect(m[1]).toBe(main.uid);
    expect(Number(m[1])).toBeGreaterThanOrEqual(60000);
    // Each unit has a cgroup namespace rooted at its own cgroup (ProtectControlGroups=strict), so
    // both see "0::/"; where they are is systemd's to say: same slice, a unit of its own inside it.
    expect(m[2]).toBe('0::/');
    expect(main.cgroup).toBe('0::/');
    const termUnit = (
      await sh(['systemctl', 'list-units', '--plain', '--no-legend', `aether-p${p.pid}-term*.service`])
    ).stdout.split(/\s+/)[0]!;
    const cgroupOf = async (unit: string) => (await sh(['systemctl', 'show', '-P', 'ControlGroup', unit])).stdout.trim();
    const slice = (path: string) => path.split('/').slice(0, -1).join('/');
    expect(slice(await cgroupOf(termUnit))).toBe(slice(await cgroupOf(`aether-p${p.pid}.service`)));
    expect(slice(await cgroupOf(termUnit))).toMatch(new RegExp(`-p${p.pid}\\.slice$`));
    expect(termUnit).toMatch(new RegExp(`-p${p.pid}-term[0-9a-z]+\\.service$`));
    expect(m[3]).toBe(main.netns);
    expect(m[4]).toBe('shared');
    expect(m[5]).toBe('/home/agent');
    await api('DELETE', `/api/v1/agents/${p.pid}`);
  });

  it('round-trips input, resizes, keeps scrollback for late joiners and serves several at once', async () => {
    const p = await spawn({ name: 'term-io', command: ['/bin/sleep', '600'] });
    const t = await openTerminal(p.pid, { cols: 80, rows: 24 });
    const a = await Attached.open(p.pid, t.id);
    opened.push(a);
    a.type('stty size; echo "sum=$((6*7))"\n');
    await a.waitFor(/24 80[\s\S]*sum=42/);
    a.ws.send(JSON.stringify({ type: 'resize', cols: 132, rows: 40 }));
    a.type('stty size\n');
    await a.waitFor(/40 132/);
    // A session with the terminal as its controlling TTY: job control, and Ctrl-C reaches the program.
    a.type('echo go-$((2+2)); sleep 30\n');
    await a.waitFor(/go-4/);
    // Ctrl-C must reach sleep: wait until it is the terminal's foreground process group ("+" in ps's STAT).
    await waitUntil(async () => /^\s*\S*\+\S*\s+sleep 30$/m.test((await sh(['ps', '-eo', 'stat=,args='])).stdout), 10_000);
    a.type('\x03');
    a.type('echo after-$((3+4))\n');
    await a.waitFor(/after-7/);
    expect(a.out).not.toMatch(/no job control/);
    // A late joiner first gets the history, then live output; both see what either types.
    const b = await Attached.open(p.pid, t.id);
    opened.push(b);
    await b.waitFor(/sum=42[\s\S]*40 132/);
    b.type('echo from-b-$((1+1))\n');
    await a.waitFor(/from-b-2/);
    await b.waitFor(/from-b-2/);
    const list = (await api('GET', `/api/v1/agents/${p.pid}/terminals`)).body as {
      terminals: { id: string; cols: number; attached: number }[];
    };
    expect(list.terminals).toEqual([expect.objectContaining({ id: t.id, cols: 132, attached: 2 })]);

    // A second terminal is independent of the first.
    const t2 = await openTerminal(p.pid, { cols: 100, rows: 10 });
    const c = await Attached.open(p.pid, t2.id);
    opened.push(c);
    c.type('stty size\n');
    await c.waitFor(/10 100/);
    expect(c.out).not.toMatch(/sum=42/);

    // Terminals end with their process.
    await api('DELETE', `/api/v1/agents/${p.pid}`);
    await waitForState(p.pid, ['exited', 'killed']);
    for (const x of [a, b, c]) await expect.poll(() => x.closed, { timeout: 10_000 }).toBe(true);
    expect((await api('POST', `/api/v1/agents/${p.pid}/terminals`, { cols: 80, rows: 24 })).body.code).toBe(
      'PROCESS_NOT_RUNNING',
    );
  });

  it('is shared with the agent through its kernel socket', async () => {
    const p = await spawn({ name: 'term-agent', command: ['/bin/sleep', '600'] });
    const t = await openTerminal(p.pid);
    const human = await Attached.open(p.pid, t.id);
    opened.push(human);
    // The agent's side: its own socket (here reached from the machine as root, as the agent's tool would).
    const sock = `/run/aether/sockets/p${p.pid}/kernel.sock`;
    const curl = (args: string[]) =>
      sh(['curl', '-s', '--unix-socket', sock, ...args]).then((r) => JSON.parse(r.stdout) as unknown);
    const listed = (await curl(['http://k/v1/terminals'])) as { terminals: { id: string }[] };
    expect(listed.terminals.map((x) => x.id)).toEqual([t.id]);
    await curl([
      '-H',
      'content-type: application/json',
      '-d',
      JSON.stringify({ data: 'echo agent-typed-$((2*3))\n' }),
      `http://k/v1/terminals/${t.id}/input`,
    ]);
    await human.waitFor(/agent-typed-6/);
    const out = (await curl([`http://k/v1/terminals/${t.id}/output?after=0`])) as { data: string; next: number };
    expect(out.data).toMatch(/agent-typed-6/);
    expect(out.next).toBeGreaterThan(0);
    await api('DELETE', `/api/v1/agents/${p.pid}`);
  });

  it('attaches from a shell with aether-term (the CLI), and detaches leaving the terminal open', async () => {
    const p = await spawn({ name: 'term-cli', command: ['/bin/sleep', '600'] });
    // A real PTY on this side too, as in an SSH session.
    const cli = pty.spawn(process.execPath, [join(REPO, 'kernel-service', 'dist', 'cli', 'terminal.js'), String(p.pid)], {
      cols: 90,
      rows: 20,
      env: { ...process.env, AETHER_URL: machine().url, AETHER_TOKEN: machine().token },
    });
    let out = '';
    let exit: number | undefined;
    cli.onData((d) => (out += d));
    cli.onExit((e) => (exit = e.exitCode));
    await expect.poll(() => out, { timeout: 15_000 }).toMatch(/\$ $/m);
    cli.write('stty size; echo cli-$((5*5))\r');
    await expect.poll(() => out, { timeout: 15_000 }).toMatch(/20 90[\s\S]*cli-25/);
    cli.write('\x1d');
    await expect.poll(() => exit, { timeout: 10_000 }).toBe(0);
    expect(out).toMatch(/detached from terminal/);
    const list = (await api('GET', `/api/v1/agents/${p.pid}/terminals`)).body as { terminals: { state: string }[] };
    expect(list.terminals.map((t) => t.state)).toEqual(['open']);
    await api('DELETE', `/api/v1/agents/${p.pid}`);
  });

  it('refuses unauthenticated attach and unknown terminals', async () => {
    const p = await spawn({ name: 'term-auth', command: ['/bin/sleep', '600'] });
    const t = await openTerminal(p.pid);
    await expect(Attached.open(p.pid, t.id, null)).rejects.toThrow(/401/);
    await expect(Attached.open(p.pid, t.id, 'wrong-token-0123456789')).rejects.toThrow(/401/);
    await expect(Attached.open(p.pid, 'no-such-terminal')).rejects.toThrow(/404/);
    const bad = await api('POST', `/api/v1/agents/${p.pid}/terminals`, { cols: 0, rows: 24 });
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await api('DELETE', `/api/v1/agents/${p.pid}`);
  });
});
