/** The bench's view of a kernel in a booted machine: spawn and the first instruction, pause, resume. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from '../../test/machine/machine.js';
import { timed } from '../stats.js';
import { setTimeout as sleep } from 'node:timers/promises';

const nowNs = () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));

interface Proc {
  pid: number;
  state: string;
  agent: { id: string };
  sandbox: { prestarted?: boolean };
}

export function kernelClient(machine: Machine) {
  const api = async (method: string, path: string, body?: unknown): Promise<Proc> => {
    const res = await fetch(`${machine.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${machine.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json()) as Proc;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  /** Reads what the program wrote in its home, from the machine's filesystem (not timed). */
  const readHome = async (agentId: string, file: string): Promise<string> => {
    const path = join(machine.root, 'var', 'lib', 'aether', 'homes', agentId, file);
    for (let i = 0; i < 2000; i++) {
      try {
        const text = readFileSync(path, 'utf8');
        if (text.endsWith('\n')) return text;
      } catch {
        /* not yet */
      }
      await sleep(2);
    }
    throw new Error(`${file} never appeared`);
  };

  /**
   * n spawns of one agent, `gapMs` apart. Each program's first act is to write the time
   * (sh + date: an upper bound on its first instruction); both the API round trip and the
   * time to that write are returned, with how many runs started in a prestarted sandbox.
   */
  async function spawnSeries(name: string, n: number, gapMs: number) {
    const apiMs: number[] = [];
    const firstMs: number[] = [];
    let prestarted = 0;
    for (let i = 0; i < n; i++) {
      await sleep(gapMs);
      const file = `first-${i}`;
      const t0 = nowNs();
      const [ms, proc] = await timed(() => api('POST', '/agents', { name, command: ['/bin/sh', '-c', `date +%s%N > ${file}`] }));
      apiMs.push(ms);
      if (proc.sandbox.prestarted) prestarted++;
      const at = BigInt((await readHome(proc.agent.id, file)).trim());
      firstMs.push(Number(at - t0) / 1e6);
    }
    return { apiMs, firstMs, prestarted };
  }

  /** Pause/resume cycles on one long-running process, `gapMs` between operations. */
  async function pauseSeries(n: number, gapMs: number) {
    const sleeper = await api('POST', '/agents', { name: 'bench-sleeper', command: ['/bin/sleep', '3600'] });
    const pause: number[] = [];
    const resume: number[] = [];
    for (let i = 0; i < n; i++) {
      await sleep(gapMs);
      pause.push((await timed(() => api('POST', `/agents/${sleeper.pid}/pause`)))[0]);
      await sleep(gapMs);
      resume.push((await timed(() => api('POST', `/agents/${sleeper.pid}/resume`)))[0]);
    }
    await api('DELETE', `/agents/${sleeper.pid}`);
    return { pause, resume };
  }

  return { api, spawnSeries, pauseSeries };
}
