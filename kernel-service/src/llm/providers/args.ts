/**
 * Provider SDKs other than OpenAI's want tool arguments as an object. History may hold a call
 * the model once malformed (the gateway reported it; the runtime may still send it back), so an
 * unparsable or non-object text becomes an empty object rather than a failed request.
 */
export function parseArgs(args: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(args || '{}');
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
