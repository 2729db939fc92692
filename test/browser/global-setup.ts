/** Boots one Debian trixie machine with the kernel (serving web/dist) for the browser tier. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO, bootMachine, type Machine } from '../machine/machine.js';
import type { MachineInfo } from '../systemd/global-setup.js';
import { EMBED_ALLOWED_ORIGIN } from './embed-origins.js';

let machine: Machine | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(join(REPO, 'web', 'dist', 'index.html')))
    throw new Error('Mission Control is not built: run `make build` first');
  machine = await bootMachine({
    name: 'aether-ui',
    environment: {
      AETHER_SANDBOX_STOP_GRACE_MS: '1500',
      // embed.test.ts: a page on this origin may call the API (another one, not listed, may not).
      AETHER_API_CORS_ORIGINS: EMBED_ALLOWED_ORIGIN,
    },
    consoleLog: process.env.AETHER_TEST_CONSOLE_LOG,
  });
  project.provide('machine', {
    url: machine.url,
    token: machine.token,
    root: machine.root,
    initPid: machine.initPid,
  } satisfies MachineInfo);
  return async () => {
    if (process.env.AETHER_TEST_KEEP_MACHINE) return;
    await machine?.stop();
  };
}
