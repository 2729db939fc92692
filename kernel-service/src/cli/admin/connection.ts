/**
 * Which kernel the admin commands talk to, in order: AETHER_URL + AETHER_TOKEN (+ AETHER_FINGERPRINT)
 * from the environment; the profile `aether login` wrote (~/.config/aether/config.json, 0600);
 * and, on the appliance itself (root over SSH), the local kernel as /etc/aether/config.json
 * describes it, with the admin token file and the certificate's own fingerprint as the pin.
 */
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from '../usage.js';

export interface Profile {
  url: string;
  token: string;
  fingerprint?: string;
}

export function profilePath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'aether', 'config.json');
}

/** Writes the profile readable by its owner only (it holds the admin token). */
export function saveProfile(env: NodeJS.ProcessEnv, profile: Profile): string {
  const path = profilePath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(profile, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600); // an existing file keeps its mode on write: tighten it
  return path;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function loadProfile(env: NodeJS.ProcessEnv): Profile | undefined {
  const p = readJson(profilePath(env)) as Partial<Profile> | undefined;
  return p && typeof p.url === 'string' && typeof p.token === 'string'
    ? { url: p.url, token: p.token, ...(typeof p.fingerprint === 'string' ? { fingerprint: p.fingerprint } : {}) }
    : undefined;
}

/** The kernel on this machine, when its token file is readable (root on the appliance). */
function localKernel(env: NodeJS.ProcessEnv): Profile | undefined {
  const stateDir = env.AETHER_STATE_DIR ?? '/var/lib/aether';
  let token: string;
  try {
    token = readFileSync(join(stateDir, 'admin.token'), 'utf8').trim();
  } catch {
    return undefined;
  }
  const config = readJson(env.AETHER_CONFIG ?? '/etc/aether/config.json') as
    { api?: { port?: number; tls?: { certFile?: string } } } | undefined;
  const port = env.AETHER_API_PORT ?? String(config?.api?.port ?? 8787);
  const certFile = config?.api?.tls?.certFile;
  if (certFile) {
    try {
      const fingerprint = new X509Certificate(readFileSync(certFile)).fingerprint256;
      return { url: `https://127.0.0.1:${port}`, token, fingerprint };
    } catch {
      return undefined;
    }
  }
  return { url: `http://127.0.0.1:${port}`, token };
}

export function resolveConnection(env: NodeJS.ProcessEnv): Profile {
  if (env.AETHER_URL) {
    if (!env.AETHER_TOKEN) throw new UsageError('AETHER_URL is set but AETHER_TOKEN is not (the admin token)');
    return {
      url: env.AETHER_URL,
      token: env.AETHER_TOKEN,
      ...(env.AETHER_FINGERPRINT ? { fingerprint: env.AETHER_FINGERPRINT } : {}),
    };
  }
  const found = loadProfile(env) ?? localKernel(env);
  if (!found) {
    throw new UsageError(
      'no kernel to talk to: set AETHER_URL and AETHER_TOKEN, or run `aether login URL --token TOKEN [--fingerprint sha256:…]`',
    );
  }
  return env.AETHER_TOKEN ? { ...found, token: env.AETHER_TOKEN } : found;
}
