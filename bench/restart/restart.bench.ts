/**
 * bench/restart: kernel SIGKILL with N live agents, on the real kernel in a booted Debian trixie
 * machine (the unit as the appliance runs it: systemd restarts it). Each agent is a sandboxed
 * `sleep` with a warm sandbox prestarted for its next run and one message waiting in its mailbox.
 * Printed: kill -> API answering, kill -> reconciliation done (the kernel's own log line, which
 * comes before it listens), the reconciliation alone, warm sandboxes kept, agents and messages
 * lost. The reference, same machine and run: the same kill with no agents at all.
 * `make bench-restart`; BENCH_RESTART_N (default 500).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { bootMachine, type Machine } from '../../test/machine/machine.js';

const N = Number(process.env.BENCH_RESTART_N ?? 500);
const IN_FLIGHT = 10;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Reconciled {
  time: number;
  ms: number;
  adopted: number;
  lost: number;
  orphans: number;
  warm: number;
}

function client(m: Machine) {
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${m.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${m.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const warmMarkers = async () =>
    Number(
      (await m.exec(['/bin/sh', '-c', 'ls /run/aether/spawn 2>/dev/null | grep -c "\\.warm\\.json$" || true'])).stdout.trim(),
    );
  const lastReconciled = async (): Promise<Reconciled | null> => {
    const { stdout } = await m.exec(['journalctl', '-u', 'aether-kernel.service', '-o', 'cat', '--no-pager', '-n', '2000']);
    const line = stdout
      .split('\n')
      .filter((l) => l.includes('"msg":"reconciled with systemd"'))
      .at(-1);
    return line ? (JSON.parse(line) as Reconciled) : null;
  };

  /** Where the time went after the kill: systemd's lines and the kernel's first ones, ms after the kill. */
  const timeline = async (killedAt: number) => {
    const { stdout } = await m.exec([
      'journalctl',
      '-u',
      'aether-kernel.service',
      '-o',
      'short-unix',
      '--no-pager',
      '-n',
      '3000',
    ]);
    const marks: [string, RegExp][] = [
      ['exited', /Main process exited/],
      ['restart scheduled', /Scheduled restart job/],
      ['first kernel log', /"service":"aether-kernel"/],
      ['reconciled', /"msg":"reconciled with systemd"/],
      ['listening', /"msg":"Server listening/],
    ];
    const out: string[] = [];
    const lines = stdout.split('\n').filter((l) => Number(l.split(' ')[0]) * 1000 >= killedAt);
    for (const [label, re] of marks) {
      const l = lines.find((x) => re.test(x));
      if (l) out.push(`${label} +${(Number(l.split(' ')[0]) * 1000 - killedAt).toFixed(0)}`);
    }
    return out.join(', ');
  };

  /** SIGKILL, then poll until a new kernel instance answers; times from the host's clock (shared with the machine). */
  async function killAndWait() {
    const before = (await api('GET', '/system')).body.startedAt;
    const killedAt = Date.now();
    const t0 = performance.now();
    await m.exec(['systemctl', 'kill', '--signal=SIGKILL', 'aether-kernel.service']);
    for (;;) {
      const now = await api('GET', '/system').catch(() => null);
      if (now?.status === 200 && now.body.startedAt !== before) break;
      if (performance.now() - t0 > 120_000) throw new Error('the kernel did not come back within 120 s');
      await sleep(10);
    }
    const apiUpMs = performance.now() - t0;
    const rec = await lastReconciled();
    if (!rec || rec.time < killedAt) throw new Error('no reconciliation logged after the kill');
    return { apiUpMs, reconciledMs: rec.time - killedAt, rec, timeline: await timeline(killedAt) };
  }

  return { api, warmMarkers, killAndWait };
}

console.log(
  `bench/restart: kernel SIGKILL with ${N} live agents, booted Debian trixie machine (systemd-nspawn), ${new Date().toISOString()}`,
);
console.log(`host load average before: ${load()} (2 cores, shared)`);

const machine = await bootMachine({ name: 'aether-bench-restart' });
try {
  const k = client(machine);
  const reference = await k.killAndWait(); // no agents yet

  const t0 = performance.now();
  const pids: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < N) {
        const i = next++;
        const res = await k.api('POST', '/agents', { name: `restart-${i}`, command: ['/bin/sleep', '3600'] });
        if (res.status !== 201) throw new Error(`spawn ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        pids.push(res.body.pid as number);
      }
    }),
  );
  console.log(`  ${N} agents spawned in ${((performance.now() - t0) / 1000).toFixed(1)} s (${IN_FLIGHT} in flight)`);
  // Their warm sandboxes fill in behind (one at a time); wait until the count stops growing.
  let warm = 0;
  for (let stable = 0, t = performance.now(); stable < 5 && performance.now() - t < 300_000;) {
    await sleep(1000);
    const now = await k.warmMarkers();
    stable = now === warm ? stable + 1 : 0;
    warm = now;
    if (warm >= N) break;
  }
  console.log(`  ${warm} warm sandboxes ready; host load average: ${load()}`);
  for (const pid of pids) {
    const res = await k.api('POST', `/agents/${pid}/messages`, { text: `before the kill: ${pid}` });
    if (res.status !== 201) throw new Error(`message to ${pid}: ${res.status}`);
  }

  const r = await k.killAndWait();
  const { body } = await k.api('GET', '/agents?state=running');
  const running = new Set((body.processes as { pid: number }[]).map((p) => p.pid));
  const agentsLost = pids.filter((p) => !running.has(p)).length;
  let messagesLost = 0;
  for (const pid of pids) {
    const res = await k.api('GET', `/agents/${pid}/messages`);
    const texts = ((res.body.messages as { text: string }[] | undefined) ?? []).map((m) => m.text);
    if (!texts.includes(`before the kill: ${pid}`)) messagesLost++;
  }
  const warmAfter = await k.warmMarkers();

  const f = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
  console.log(`\n  N = ${N} live agents, ${warm} warm sandboxes, ${N} messages waiting`);
  console.log(
    `  kill -> API answering             ${f(r.apiUpMs)}   (target <= 1000 ms; no agents: ${f(reference.apiUpMs)}, ratio ${(r.apiUpMs / reference.apiUpMs).toFixed(2)})`,
  );
  console.log(
    `  kill -> every agent reconciled    ${f(r.reconciledMs)}   (target <= 2000 ms; no agents: ${f(reference.reconciledMs)}, ratio ${(r.reconciledMs / reference.reconciledMs).toFixed(2)})`,
  );
  console.log(`  reconciliation alone (kernel log) ${f(r.rec.ms)}   (no agents: ${f(reference.rec.ms)})`);
  console.log(`  timeline (ms after the kill, journal): ${r.timeline}`);
  console.log(`  timeline with no agents:               ${reference.timeline}`);
  if (process.env.BENCH_RESTART_JOURNAL) {
    const { stdout } = await machine.exec(['journalctl', '-o', 'short-unix', '--no-pager', '-n', '5000']);
    writeFileSync(process.env.BENCH_RESTART_JOURNAL, stdout);
  }
  console.log(
    `  adopted ${r.rec.adopted}, warm kept ${r.rec.warm} of ${warm} (markers after: ${warmAfter}), orphans removed ${r.rec.orphans}`,
  );
  console.log(`  agents lost ${agentsLost} (kernel: ${r.rec.lost}), messages lost ${messagesLost}   (target 0 and 0)`);
  console.log(`  host load average after: ${load()}`);
} finally {
  await machine.stop();
}
