/**
 * The systemd driver's hardening as the program inside sees it: system calls outside
 * @system-service fail with EPERM, no capabilities and no new privileges, no IP socket under
 * network "none". Each has a control where the same probe succeeds: the allowed calls inside,
 * the same calls as an unprivileged user outside any sandbox (so the EPERM comes from the
 * sandbox's filter, not from a missing privilege alone), the machine's root with capabilities,
 * an agent with network "host". CPU and task limits are checked in the QEMU boot test
 * (image/boot-test.sh): nspawn delegates no controllers, so they are not enforced here.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { api, sh, spawn, waitForFile, type Proc } from './client.js';

/**
 * Python's ctypes calls the syscalls by number (x86_64) and prints {name: 0 | "EPERM" | ...}.
 * ptrace(PTRACE_TRACEME) runs in a forked child (the parent is its tracer and reaps it): any
 * unprivileged process may call it, but it is in @debug, outside @system-service. reboot gets an
 * invalid magic and kexec_load/bpf null arguments: with every privilege they would fail with
 * EINVAL/EFAULT, never act.
 */
const PROBE = String.raw`
import ctypes, errno, json, os, socket, sys
libc = ctypes.CDLL(None, use_errno=True)
def sc(nr, *args):
    ctypes.set_errno(0)
    r = libc.syscall(ctypes.c_long(nr), *[a if isinstance(a, ctypes.Array) else ctypes.c_char_p(a) if isinstance(a, bytes) else ctypes.c_long(a) for a in args])
    return 0 if r >= 0 else errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno()))
def traceme():
    r, w = os.pipe()
    child = os.fork()
    if child == 0:
        os.write(w, json.dumps(sc(101, 0, 0, 0, 0)).encode()); os._exit(0)
    os.close(w); out = json.loads(os.read(r, 100)); os.waitpid(child, 0); return out
def sock(family):
    try:
        socket.socket(family, socket.SOCK_STREAM).close(); return 0
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))
status = dict(l.split(':\t', 1) for l in open('/proc/self/status').read().splitlines() if ':\t' in l)
print(json.dumps({
    'getpid': sc(39), 'uname': sc(63, ctypes.create_string_buffer(400)),
    'ptrace_traceme': traceme(),
    'mount': sc(165, b'none', b'/tmp', b'tmpfs', 0, 0),
    'reboot': sc(169, 0, 0, 0, 0), 'kexec_load': sc(246, 0, 0, 0, 0), 'bpf': sc(321, 0, 0, 0),
    'setuid0': sc(105, 0),
    'inet': sock(socket.AF_INET), 'inet6': sock(socket.AF_INET6), 'unix': sock(socket.AF_UNIX),
    'caps': {k: status[k].strip() for k in ('CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb')},
    'noNewPrivs': status['NoNewPrivs'].strip(),
}))
`;

type Probe = Record<string, string | number> & { caps: Record<string, string>; noNewPrivs: string };

const spawned: Proc[] = [];
afterAll(async () => {
  for (const p of spawned) await api('DELETE', `/api/v1/agents/${p.pid}`);
});

/** Runs the probe as an agent's program and reads what it printed. */
async function probeInSandbox(name: string, network: 'none' | 'host'): Promise<Probe> {
  const p = await spawn({
    name,
    network,
    command: ['/bin/sh', '-c', `python3 -c "$0" > probe.json.tmp && mv probe.json.tmp probe.json; sleep 600`, PROBE],
  });
  spawned.push(p);
  return JSON.parse(await waitForFile(p.agent.id, 'probe.json', 20_000)) as Probe;
}

/** The same probe in the machine outside any sandbox, as an unprivileged user or as root. */
async function probeOutside(user: 'nobody' | 'root'): Promise<Probe> {
  const as = user === 'nobody' ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
  return JSON.parse((await sh([...as, 'python3', '-c', PROBE])).stdout) as Probe;
}

describe('the systemd sandbox, from inside', () => {
  let none: Probe;

  it('denies system calls outside @system-service with EPERM and allows the rest', async () => {
    none = await probeInSandbox('harden-none', 'none');
    expect({ getpid: none.getpid, uname: none.uname }).toEqual({ getpid: 0, uname: 0 });
    for (const call of ['ptrace_traceme', 'mount', 'reboot', 'kexec_load', 'bpf', 'setuid0'])
      expect(none[call], call).toBe('EPERM');
    // Control: an unprivileged user outside any sandbox may ptrace(PTRACE_TRACEME); only the filter refuses it.
    const outside = await probeOutside('nobody');
    expect(outside.getpid).toBe(0);
    expect(outside.ptrace_traceme).toBe(0);
  }, 60_000);

  it('has no capabilities and no way to gain any (NoNewPrivs), unlike the machine root (control)', async () => {
    none ??= await probeInSandbox('harden-none', 'none');
    expect(none.caps).toEqual({
      CapInh: '0'.repeat(16),
      CapPrm: '0'.repeat(16),
      CapEff: '0'.repeat(16),
      CapBnd: '0'.repeat(16),
      CapAmb: '0'.repeat(16),
    });
    expect(none.noNewPrivs).toBe('1');
    const root = await probeOutside('root');
    expect(root.caps.CapEff).not.toBe('0'.repeat(16));
  }, 60_000);

  it('opens no IP socket under network "none" (a Unix socket it may), and does under "host" (control)', async () => {
    none ??= await probeInSandbox('harden-none', 'none');
    expect({ inet: none.inet, inet6: none.inet6, unix: none.unix }).toEqual({
      inet: 'EAFNOSUPPORT',
      inet6: 'EAFNOSUPPORT',
      unix: 0,
    });
    const host = await probeInSandbox('harden-host', 'host');
    expect({ inet: host.inet, unix: host.unix }).toEqual({ inet: 0, unix: 0 });
    // The rest of the hardening holds with network "host" too.
    expect(host.ptrace_traceme).toBe('EPERM');
    expect(host.caps.CapEff).toBe('0'.repeat(16));
  }, 60_000);
});
