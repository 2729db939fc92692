/**
 * The API with every subsystem the kernel registers routes for (memory, IPC, terminals,
 * desktops, egress networks), built from the real classes on a test kernel's database: what the
 * OpenAPI document is generated from (npm run openapi) and what the drift test compares with.
 */
import { pino } from 'pino';
import { BackupService } from '../../kernel-service/src/backup/index.js';
import { DesktopManager } from '../../kernel-service/src/desktop/index.js';
import { IpcService } from '../../kernel-service/src/ipc/index.js';
import { MemoryService, SocialMemory } from '../../kernel-service/src/memory/index.js';
import { EgressNetworks } from '../../kernel-service/src/network/index.js';
import { TerminalManager } from '../../kernel-service/src/terminals/index.js';
import { testKernel } from './kernel.js';

export async function fullApp() {
  const log = pino({ level: 'silent' });
  // The supervisor exists only once testKernel returns; the lookups below run later, on requests.
  const late = {} as { supervisor: Awaited<ReturnType<typeof testKernel>>['supervisor'] };
  const k = await testKernel({
    extend: (db, events) => {
      const memory = new MemoryService({ db, embedder: null, limits: { maxPerLayer: 1000 } });
      const ipc = new IpcService({ db, limits: { mailboxMax: 100 }, spaceAccess: (s, a) => memory.spaces.accessOf(s, a) });
      const sandboxOf = (pid: number) => late.supervisor.sandboxOf(pid);
      return {
        memory,
        social: new SocialMemory(db, memory),
        ipc,
        terminals: new TerminalManager(sandboxOf, events, { maxPerProcess: 8, scrollbackBytes: 1024, endedKept: 1 }, log),
        desktops: new DesktopManager(
          {
            describe: (pid) => ({ desktop: false, uid: 0, state: late.supervisor.get(pid).state }),
            handle: (pid) => sandboxOf(pid).handle,
            kernelDir: () => '/nonexistent',
            companions: () => null,
          },
          events,
          { geometry: '1280x800', maxLeaseMs: 3600_000 },
          log,
        ),
        networks: new EgressNetworks({ table: 'aether-doc', subnet: '10.213.0.0/16', upstream: [], runtimeDir: '/tmp', log }),
        backups: new BackupService({
          db,
          stateDir: '/nonexistent/state',
          homesDir: '/nonexistent/state/homes',
          configFile: '/nonexistent/config.json',
          environmentFile: '/nonexistent/environment',
          kernelVersion: 'doc',
          supervisor: { list: (s) => late.supervisor.list(s), terminate: (pid) => late.supervisor.terminate(pid) },
          onRestored: () => undefined,
        }),
      };
    },
  });
  late.supervisor = k.supervisor;
  await k.app.ready();
  return k;
}
