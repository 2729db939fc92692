/** login (writes the profile) and version. */
import { readFileSync } from 'node:fs';
import { Aether, normalizeFingerprint } from '@aether-os/sdk';
import { UsageError } from '../usage.js';
import { str, type Command } from './command.js';
import { profilePath, saveProfile } from './connection.js';

/** This program's version: kernel-service/package.json's (dist/cli/admin → ../../../package.json). */
export function cliVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export const login: Command = {
  name: 'login',
  summary: `Check URL and token against the kernel, then keep them in the profile (${'~/.config/aether/config.json'}, mode 0600)`,
  synopsis: 'URL --token TOKEN [--fingerprint sha256:AB:CD:…]',
  details: ["the fingerprint pins the appliance's self-signed certificate (its console shows it)"],
  options: { token: { type: 'string' }, fingerprint: { type: 'string' } },
  async run(ctx, o, args) {
    const url = args[0];
    if (!url || !/^https?:\/\//.test(url)) throw new UsageError('login wants the kernel URL (http:// or https://)', 'login');
    const token = str(o, 'token') ?? ctx.io.env.AETHER_TOKEN;
    if (!token)
      throw new UsageError('--token is needed (the admin token: /var/lib/aether/admin.token on the appliance)', 'login');
    const fingerprint = str(o, 'fingerprint');
    if (fingerprint) {
      try {
        normalizeFingerprint(fingerprint);
      } catch (err) {
        throw new UsageError((err as Error).message, 'login');
      }
    }
    const profile = { url, token, ...(fingerprint ? { fingerprint } : {}) };
    const aether = new Aether(profile);
    try {
      const info = await aether.system();
      const path = saveProfile(ctx.io.env, profile);
      ctx.io.stdout.write(`logged in to ${url} (kernel ${info.version}); profile ${path}\n`);
      return 0;
    } finally {
      aether.close();
    }
  },
};

export const version: Command = {
  name: 'version',
  summary: "This program's version and, when one is configured, the kernel's",
  synopsis: '',
  options: {},
  async run(ctx) {
    ctx.io.stdout.write(`aether ${cliVersion()}\n`);
    try {
      ctx.io.stdout.write(`kernel ${(await ctx.aether().system()).version}\n`);
    } catch (err) {
      ctx.io.stderr.write(`kernel: not reachable (${(err as Error).message})\n`);
    }
    return 0;
  },
};

export { profilePath };
