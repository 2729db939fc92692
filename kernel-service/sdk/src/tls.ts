/**
 * Certificate pinning. The appliance serves a self-signed certificate made at first boot
 * (units/aether-firstboot-tls.service; aether-issue prints its SHA-256 fingerprint on the console,
 * /etc/issue.d), so no CA can vouch for it; the client instead checks that the server's certificate
 * is exactly the one whose fingerprint the administrator gave.
 *
 * Node calls `checkServerIdentity` only after the chain verified, which a self-signed certificate
 * never does, so the check runs in `createConnection`: the TLS handshake completes, the
 * fingerprint is compared, and only then is the socket handed to the HTTP client. No byte of a
 * request (and so not the bearer token) is written to a server that failed the check.
 */
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { AetherConnectionError } from './errors.js';

/** "sha256:AB:CD:…", "AB:CD:…" or 64 hex digits → 64 upper-case hex digits; throws on anything else. */
export function normalizeFingerprint(input: string): string {
  const hex = input
    .trim()
    .replace(/^sha256[:/=]/i, '')
    .replace(/[:\s]/g, '')
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new TypeError(`fingerprint must be a SHA-256 fingerprint such as "sha256:AB:CD:…" (32 bytes), not "${input}"`);
  }
  return hex;
}

/** The "sha256:AB:CD:…" form people read on the console. */
export function formatFingerprint(hex: string): string {
  return `sha256:${normalizeFingerprint(hex).match(/../g)!.join(':')}`;
}

type ConnectCallback = (err: Error | null, socket?: Duplex) => void;

/** An https.Agent that accepts exactly one certificate, named by its SHA-256 fingerprint. */
export class PinnedAgent extends https.Agent {
  readonly fingerprint: string;

  constructor(fingerprint: string, options: https.AgentOptions = {}) {
    super({ keepAlive: true, ...options });
    this.fingerprint = normalizeFingerprint(fingerprint);
  }

  override createConnection(options: tls.ConnectionOptions, callback: ConnectCallback): undefined {
    let done = false;
    const finish = (err: Error | null, socket?: Duplex) => {
      if (done) return;
      done = true;
      callback(err, socket);
    };
    // The chain is not verified (self-signed by design); the fingerprint comparison below replaces it.
    const socket = tls.connect({ ...options, rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      const seen = socket.getPeerCertificate().fingerprint256?.replace(/:/g, '').toUpperCase() ?? '';
      if (seen === this.fingerprint) return finish(null, socket);
      socket.destroy();
      finish(
        new AetherConnectionError(
          `The server's TLS certificate is ${seen ? formatFingerprint(seen) : 'missing'}, not the pinned ${formatFingerprint(this.fingerprint)}; refusing to send anything to it.`,
          'TLS_FINGERPRINT_MISMATCH',
        ),
      );
    });
    socket.once('error', (err: Error) => finish(err));
    return undefined;
  }
}
