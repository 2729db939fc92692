import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_UID, docker, makeHome, sh, spec, useDockerDriver, waitForFile } from './helpers.js';

/**
 * Issue #13, the Docker driver: an attacker container beside a victim container that holds a
 * secret in its home, its arguments and its environment. The attacker (another agent, another
 * UID) looks through /run, the engine's and the bus's sockets, /proc, cgroupfs and IPC. Controls:
 * the victim reads its own secrets, a terminal (exec) in the victim shares its IPC namespace, and
 * the engine's clients (root here) do see the container's command and environment: that is the
 * documented difference to the systemd driver (docs/SECURITY.md, Confinement).
 */
const fx = useDockerDriver();
const MARK = 'CONFINE-SECRET';
/** Matches the mark without being it, so the attacker's own command line does not count. */
const PATTERN = `${MARK.slice(0, -1)}[${MARK.slice(-1)}]`;
const tag = Math.random().toString(36).slice(2, 10);
const secret = (what: string) => `${MARK}-${what}-${tag}`;

const ATTACKER = `
p() { n=$1; shift; { "$@"; } > "p-$n.txt" 2>&1; echo "rc=$?" >> "p-$n.txt"; }
p sockets sh -c 'find / \\( -path /proc -o -path /sys \\) -prune -o -type s -print 2>/dev/null; true'
p engine node -e "require('net').connect('/var/run/docker.sock').on('error',e=>{console.log(e.code);process.exit(1)}).on('connect',()=>console.log('connected'))"
p busctl busctl --system list
p grep sh -c 'grep -rsl ${PATTERN} /run /tmp /var/tmp /dev/shm /home /etc; echo end'
p proc sh -c 'ls /proc | grep -E "^[0-9]+$" | wc -l; cat /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null | tr "\\0" "\\n" | grep -c ${PATTERN}'
p cgroup sh -c 'grep -vc ":/$" /proc/self/cgroup; find /sys/fs/cgroup -name "*$VICTIM_ID*" 2>/dev/null | wc -l; touch /sys/fs/cgroup/x'
p ipc sh -c 'ipcs -m'
p homes ls -A /home
echo done > done
`;

describe('Docker sandboxes: confinement', () => {
  it.each(['none', 'host'] as const)(
    'an attacker with network "%s" finds nothing of the victim and no host socket; the victim runs on',
    async (network) => {
      const victimSpec = spec(
        sh(
          `echo ${secret('home')} > secret; echo "$VICTIM_ENV" > own-env; echo "$0" > own-arg; ` +
            "ipcmk -M 4096 -p 0666 | sed 's/[^0-9]//g' > shmid; echo ready > ready; exec sleep 600",
        ).concat(secret('arg')),
        { environment: { VICTIM_ENV: secret('env') } },
      );
      const victim = await fx.driver.launch(victimSpec);
      await waitForFile(victimSpec.agent.home, 'ready');
      const shmid = readFileSync(join(victimSpec.agent.home, 'shmid'), 'utf8').trim();
      const victimId = (await docker.getContainer(victim.id).inspect()).Id;

      const attackerSpec = spec(sh(ATTACKER), {
        network,
        agent: { id: 'agt_attacker', name: 'attacker', uid: TEST_UID + 1, home: makeHome(TEST_UID + 1) },
        environment: { VICTIM_ID: victimId.slice(0, 12) },
      });
      const attacker = await fx.driver.launch(attackerSpec);
      await waitForFile(attackerSpec.agent.home, 'done', 30_000);
      await attacker.exited;
      const probe = (p: string) => readFileSync(join(attackerSpec.agent.home, `p-${p}.txt`), 'utf8');

      // No socket anywhere in its filesystem: no engine, no bus, no journal, nothing of the host's /run.
      expect(probe('sockets').trim()).toBe('rc=0');
      expect(probe('engine')).toMatch(/^ENOENT/);
      expect(probe('busctl')).not.toMatch(/rc=0\s*$/);
      expect(probe('grep').trim()).toBe('end\nrc=0');
      const [count, hits] = probe('proc').split('\n');
      expect(Number(count)).toBeLessThan(10);
      expect(hits).toBe('0');
      // Its own cgroup namespace: every hierarchy shows "/" as its own cgroup, the victim's is absent.
      const [notRoot, victimCgroups, touch] = probe('cgroup').split('\n');
      expect(notRoot).toBe('0');
      expect(victimCgroups).toBe('0');
      // Read-only on cgroup v2; on v1 Docker's tmpfs over the hierarchies is root's.
      expect(touch).toMatch(/Read-only file system|Permission denied/);
      expect(probe('ipc')).not.toMatch(new RegExp(`^0x[0-9a-f]+ +${shmid} `, 'm'));
      expect(probe('homes').trim()).toBe('agent\nrc=0');

      // Controls: the victim has its secrets and still runs; its terminal shares its IPC namespace.
      const own = (f: string) => readFileSync(join(victimSpec.agent.home, f), 'utf8').trim();
      expect([own('own-env'), own('own-arg'), own('secret')]).toEqual([secret('env'), secret('arg'), secret('home')]);
      expect((await docker.getContainer(victim.id).inspect()).State.Running).toBe(true);
      const t = await fx.driver.openTerminal(victim, {
        cols: 80,
        rows: 24,
        command: sh('ipcs -m > term-ipcs; echo ok > term-done'),
      });
      await waitForFile(victimSpec.agent.home, 'term-done');
      t.close();
      expect(own('term-ipcs')).toMatch(new RegExp(`^0x[0-9a-f]+ +${shmid} `, 'm'));
      // The engine's clients see the configuration, secrets included; no container is such a client.
      const config = (await docker.getContainer(victim.id).inspect()).Config;
      expect(config.Env).toContain(`VICTIM_ENV=${secret('env')}`);
      await victim.destroy();
      await attacker.destroy();
    },
  );
});
