/** Bad usage: exit status 2 with the usage text, never a call to the kernel. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to print (the overview when absent). */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** Where a command writes; the real process's streams, or buffers in tests. */
export interface Io {
  stdout: { write(s: string | Uint8Array): unknown; isTTY?: boolean; columns?: number; rows?: number };
  stderr: { write(s: string | Uint8Array): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  env: NodeJS.ProcessEnv;
}
