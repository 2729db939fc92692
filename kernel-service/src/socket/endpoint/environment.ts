import { ENDPOINT_HOST, ENDPOINT_PORT } from './forward.js';

/** Not a secret, and the kernel ignores it: SDKs refuse to start without some key. */
export const PLACEHOLDER_KEY = 'aether-placeholder';

/**
 * What a process with the TCP endpoint finds in its environment: every SDK's base URL pointed
 * at its own kernel, and placeholder keys. The provider keys stay in the kernel; a program
 * that prints its whole environment shows nothing worth stealing.
 */
export function endpointEnvironment(network: string, port = ENDPOINT_PORT): Record<string, string> {
  const base = `http://${ENDPOINT_HOST}:${port}`;
  return {
    AETHER_ENDPOINT: base,
    AETHER_NETWORK: network, // main.ts checks the namespace against it
    OPENAI_BASE_URL: `${base}/v1`,
    OPENAI_API_KEY: PLACEHOLDER_KEY,
    ANTHROPIC_BASE_URL: base,
    ANTHROPIC_API_KEY: PLACEHOLDER_KEY,
  };
}
