#!/usr/bin/env node
/**
 * The `aether` command (npx aether from a checkout, /usr/local/bin/aether on the appliance):
 * admin commands over HTTP and, inside a sandbox, agent commands over its kernel socket (cli/main.ts).
 */
import { runCli } from './main.js';

const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
runCli(process.argv.slice(2), io).then(
  (status) => {
    // Output to a pipe may still be buffered: exit once it is written.
    process.exitCode = status;
    if (process.stdout.writableLength === 0) process.exit(status);
    else process.stdout.once('drain', () => process.exit(status));
  },
  (err: unknown) => {
    process.stderr.write(`aether: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
