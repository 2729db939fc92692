import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where CDI specs live (the CDI specification's defaults; `nvidia-ctk cdi generate` writes there). */
export const CDI_SPEC_DIRS = ['/etc/cdi', '/var/run/cdi'] as const;
const GPU_KIND = 'nvidia.com/gpu';

/**
 * The NVIDIA GPU devices described by CDI specs: device name ("0", "GPU-<uuid>", "all") to
 * its fully qualified name ("nvidia.com/gpu=0") that a CDI device request carries.
 * Specs are JSON or YAML; the YAML is read by its layout (a top-level `devices:` list whose
 * items have a `name:` key, as nvidia-ctk writes it) because the kernel carries no YAML parser.
 */
export async function findCdiDevices(dirs: readonly string[] = CDI_SPEC_DIRS): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const file of names.filter((n) => /\.(json|ya?ml)$/.test(n)).sort()) {
      const text = await readFile(join(dir, file), 'utf8').catch(() => '');
      for (const name of file.endsWith('.json') ? fromJson(text) : fromYaml(text)) found.set(name, `${GPU_KIND}=${name}`);
    }
  }
  return found;
}

function fromJson(text: string): string[] {
  try {
    const spec = JSON.parse(text) as { kind?: unknown; devices?: { name?: unknown }[] };
    if (spec.kind !== GPU_KIND || !Array.isArray(spec.devices)) return [];
    return spec.devices.map((d) => d.name).filter((n): n is string => typeof n === 'string');
  } catch {
    return [];
  }
}

function fromYaml(text: string): string[] {
  const lines = text.split('\n');
  const kind = lines.map((l) => /^kind:\s*["']?([^"'\s]+)["']?\s*$/.exec(l)?.[1]).find(Boolean);
  if (kind !== GPU_KIND) return [];
  const start = lines.findIndex((l) => /^devices:\s*$/.test(l));
  if (start < 0) return [];
  // Each device is a list item; its name is a key of the item, on the "- " line or indented under it.
  const names: string[] = [];
  let item = -1;
  const nameOf = (s: string) => /^name:\s*["']?([^"'\s]+)["']?\s*$/.exec(s)?.[1];
  for (const line of lines.slice(start + 1)) {
    if (/^[^\s#-]/.test(line)) break; // the next top-level key
    const dash = /^(\s*)-\s+(.*)$/.exec(line);
    if (dash && (item < 0 || dash[1]!.length <= item)) {
      item = dash[1]!.length;
      const name = nameOf(dash[2]!);
      if (name) names.push(name);
      continue;
    }
    const key = /^(\s*)(name:.*)$/.exec(line);
    const name = key && key[1]!.length === item + 2 ? nameOf(key[2]!) : undefined;
    if (name) names.push(name);
  }
  return names;
}
