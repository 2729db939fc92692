/**
 * The interfaces of the calling process's network namespace other than loopback, from the text of
 * /proc/self/net/dev (two header lines, then `  name: counters...`). Under network "none" there must
 * be none: the endpoint's IP sockets are safe only in a namespace that holds nothing but `lo`.
 */
export function foreignLinks(netDev: string): string[] {
  return netDev
    .split('\n')
    .slice(2)
    .map((l) => l.split(':')[0]!.trim())
    .filter((name) => name && name !== 'lo');
}
