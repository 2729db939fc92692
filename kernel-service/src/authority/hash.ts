import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so {a,b} and {b,a} are the same arguments. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** What a person approved: the tool and its exact arguments, as one short hash. */
export function callHash(tool: string, args: unknown): string {
  return createHash('sha256')
    .update(`${tool}\n${canonical(args)}`)
    .digest('hex')
    .slice(0, 16);
}
