import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../machine/machine.js';
import { openai, runtimeHarness } from '../helpers/runtime-harness.js';
import { useDockerDriver } from './helpers.js';

/** The agent runtime as a container's entrypoint: the image's node runs the kernel's installation, bound read-only. */
const fixture = useDockerDriver();
let h: Awaited<ReturnType<typeof runtimeHarness>>;
const call = (id: string, name: string, args: unknown) => ({ id, name, arguments: JSON.stringify(args) });

beforeAll(async () => {
  h = await runtimeHarness({}, undefined, {
    drivers: { defaultDriver: 'docker', available: new Map([['docker', fixture.driver]]), unavailable: new Map() },
    uidBase: 297_000,
    codeDir: REPO,
    runtimeCommand: () => ['/usr/bin/node', '/opt/aether/kernel-service/dist/runtime/main.js'],
  });
});
afterAll(async () => h.close());

describe('the agent runtime in a Docker sandbox', () => {
  it('runs a goal to completion through the kernel socket bound into the container', async () => {
    h.provider.push(
      openai.toolCalls([call('d1', 'write_file', { path: 'out.txt', content: 'from a container\n' })]),
      openai.toolCalls([call('d2', 'run_command', { command: 'id -u; cat /proc/1/cmdline | tr "\\0" " "' })]),
      openai.toolCalls([call('d3', 'finish', { result: 'written' })]),
    );
    const p = await h.kernel.runs.spawn({ name: 'docker-runner', goal: 'write out.txt', sandbox: { driver: 'docker' } });
    const done = await h.kernel.supervisor.waitForExit(p.pid);
    expect(done).toMatchObject({ state: 'exited', exit: { code: 0 } });
    expect(h.kernel.runs.get(p.pid)).toMatchObject({ status: 'done', result: 'written' });
    const home = join(h.kernel.dir, 'homes', p.agent.id);
    expect(readFileSync(join(home, 'out.txt'), 'utf8')).toBe('from a container\n');
    const observed = h.kernel.runs.repo.steps(p.pid, 0, 100).find((s) => s.kind === 'observation' && s.tool === 'run_command')!;
    expect(observed.output).toMatch(new RegExp(`^${h.kernel.repo.agentUid(p.agent.id)}$`, 'm'));
    // Docker's init is PID 1 and the runtime runs under it, as the agent's user.
    expect(observed.output).toMatch(/docker-init -- \/usr\/bin\/node \/opt\/aether\/kernel-service\/dist\/runtime\/main\.js/);
  });
});
