/** Boots one Debian trixie machine with the kernel service for the whole systemd tier. */
import type { TestProject } from 'vitest/node';
import { bootMachine, type Machine } from '../machine/machine.js';

export interface MachineInfo {
  url: string;
  token: string;
  root: string;
  initPid: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    machine: MachineInfo;
  }
}

let machine: Machine | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  machine = await bootMachine({
    name: 'aether-test',
    // Short grace so DELETE's SIGTERM -> SIGKILL path is quick to test.
    environment: { AETHER_SANDBOX_STOP_GRACE_MS: '1500' },
    consoleLog: process.env.AETHER_TEST_CONSOLE_LOG,
  });
  project.provide('machine', { url: machine.url, token: machine.token, root: machine.root, initPid: machine.initPid });
  return async () => {
    // AETHER_TEST_KEEP_MACHINE=1 leaves it booted for a post-mortem (nsenter -t <init> -a journalctl).
    if (process.env.AETHER_TEST_KEEP_MACHINE) return;
    await machine?.stop();
  };
}
