/**
 * A small MCP server on stdio, built with the SDK's McpServer + StdioServerTransport: what the
 * runtime's plugin bridge is tested against (test/unit/mcp-plugins.test.ts). Run with tsx.
 * `--crash`: exits at once (a plugin that cannot start). `--hang`: never answers.
 */
import { writeFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import * as z from 'zod';

const argv = process.argv.slice(2);
if (argv.includes('--crash')) {
  process.stderr.write('mcp-test-server: crashing as asked\n');
  process.exit(2);
}
if (argv.includes('--hang')) setInterval(() => undefined, 60_000);
else {
  const server = new McpServer({ name: 'mcp-test-server', version: '0.0.1' });
  server.registerTool('add', { description: 'Adds two numbers.', inputSchema: { a: z.number(), b: z.number() } }, ({ a, b }) => ({
    content: [{ type: 'text', text: `sum=${a + b}` }],
  }));
  // A name with characters a tool name in the registry cannot hold: it is sanitised.
  server.registerTool(
    'Mark-File.v2',
    { description: 'Writes a marker file in the working directory.', inputSchema: { name: z.string() } },
    ({ name }) => {
      writeFileSync(name, `marked by ${process.pid}`);
      return { content: [{ type: 'text', text: `wrote ${name}` }] };
    },
  );
  server.registerTool('pid', { description: 'Its own process id.', inputSchema: {} }, () => ({
    content: [{ type: 'text', text: String(process.pid) }],
  }));
  server.registerTool('fail', { description: 'Always fails.', inputSchema: {} }, () => ({
    isError: true,
    content: [{ type: 'text', text: 'it failed on purpose' }],
  }));
  await server.connect(new StdioServerTransport());
}
