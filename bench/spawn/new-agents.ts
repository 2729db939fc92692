/**
 * First spawns of new agents through the API (every request names an agent the kernel has never
 * seen: a new UID, its user record, its home, a cold sandbox), one at a time and with 10 in
 * flight; beside them, in the same machine and run, the bare reference: `systemd-run` of `true`
 * (a transient unit, Type=exec, nothing else), timed inside the machine.
 */
import type { Machine } from '../../test/machine/machine.js';
import { stats, timed } from '../stats.js';

type Exec = Machine['exec'];

export function newAgentClient(machine: { url: string; token: string; exec: Exec }) {
  let seq = 0;
  const tag = Date.now().toString(36);
  const spawnNew = async (): Promise<number> => {
    const name = `new-${tag}-${seq++}`;
    const [ms, res] = await timed(() =>
      fetch(`${machine.url}/api/v1/agents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${machine.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, command: ['/bin/true'] }),
      }),
    );
    if (res.status !== 201) throw new Error(`spawn ${name}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    return ms;
  };

  /** n new agents, one after another: the latency of a first spawn on a quiet kernel. */
  async function sequential(n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(await spawnNew());
    return out;
  }

  /** n new agents, `inFlight` requests at a time: sustained spawns per second and their latency. */
  async function sustained(n: number, inFlight: number): Promise<{ perSecond: number; latency: number[] }> {
    const latency: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next++ < n) latency.push(await spawnNew());
      }),
    );
    return { perSecond: n / ((performance.now() - t0) / 1000), latency };
  }

  /** The bare unit start: `systemd-run -p Type=exec true`, each timed inside the machine. */
  async function systemdRun(n: number): Promise<number[]> {
    const script = `for i in $(seq ${n}); do a=$(date +%s%N); systemd-run --quiet --collect -p Type=exec /bin/true; b=$(date +%s%N); echo $(( (b - a) / 1000 )); done`;
    const { stdout } = await machine.exec(['/bin/sh', '-c', script]);
    return stdout
      .trim()
      .split('\n')
      .map((us) => Number(us) / 1000);
  }

  return { sequential, sustained, systemdRun };
}

export function ratio(a: number[], b: number[]): string {
  return (stats(a).p50 / stats(b).p50).toFixed(2);
}
