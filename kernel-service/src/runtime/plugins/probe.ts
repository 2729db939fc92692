#!/usr/bin/env node
/**
 * aether-probe: Aether's own test plugin, an MCP server on stdio. Its tools report where it
 * runs (so a test can see it ran inside the agent's sandbox: uid, cgroup, home) and write a
 * file in its working directory (the agent's home). Shipped in the installed plugins registry.
 *
 * `--fail-start` exits before answering (a plugin that cannot start); `--hang` never answers
 * (a plugin that hangs at start): both exist so the runtime's handling of them can be tested.
 */
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import * as z from 'zod';

const argv = process.argv.slice(2);
if (argv.includes('--fail-start')) {
  process.stderr.write('aether-probe: asked to fail at start\n');
  process.exit(3);
}

const text = (t: string) => ({ content: [{ type: 'text' as const, text: t }] });

function cgroup(): string {
  try {
    return readFileSync('/proc/self/cgroup', 'utf8').trim();
  } catch {
    return '';
  }
}

/** Which namespaces it is in (`cgroup:[4026532…]`): the same as the agent's shell when it runs in the agent's sandbox. */
function namespaces(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ns of ['cgroup', 'pid', 'mnt', 'net', 'user']) {
    try {
      out[ns] = readlinkSync(`/proc/self/ns/${ns}`);
    } catch {
      out[ns] = '';
    }
  }
  return out;
}

const server = new McpServer({ name: 'aether-probe', version: '1.0.0' });

server.registerTool(
  'whoami',
  {
    description: 'Who and where this plugin runs: uid, gid, pid, cgroup, namespaces, working directory, HOME.',
    inputSchema: {},
  },
  () =>
    text(
      JSON.stringify({
        uid: process.getuid?.() ?? null,
        gid: process.getgid?.() ?? null,
        pid: process.pid,
        cgroup: cgroup(),
        namespaces: namespaces(),
        cwd: process.cwd(),
        home: process.env.HOME ?? null,
      }),
    ),
);

server.registerTool(
  'echo',
  { description: 'Answers with the text it was given.', inputSchema: { text: z.string().max(10_000) } },
  ({ text: t }) => text(`echo: ${t}`),
);

server.registerTool(
  'write_note',
  {
    description: 'Writes a file (a relative path, in the working directory) and answers its absolute path.',
    inputSchema: { path: z.string().min(1).max(200), content: z.string().max(100_000) },
  },
  ({ path, content }) => {
    if (path.includes('..') || path.startsWith('/')) return { ...text('path must be relative, without ..'), isError: true };
    const full = resolve(process.cwd(), path);
    writeFileSync(full, content);
    return text(full);
  },
);

if (!argv.includes('--hang')) await server.connect(new StdioServerTransport());
else setInterval(() => undefined, 60_000); // reads nothing, answers nothing
