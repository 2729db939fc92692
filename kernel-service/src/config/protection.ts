import Type, { type Static } from 'typebox';

const Ms = (min: number, max: number, def: number) => Type.Integer({ minimum: min, maximum: max, default: def });

/** Connection bounds of one HTTP server (the public API, or each process's kernel socket). */
const Server = (d: { maxConnections: number; headersTimeoutMs: number; requestTimeoutMs: number; idleTimeoutMs: number }) =>
  Type.Object(
    {
      /** Connections open at once; one more is answered 503 TOO_MANY_CONNECTIONS and closed. */
      maxConnections: Type.Integer({ minimum: 1, maximum: 100_000, default: d.maxConnections }),
      /** A client must have sent its whole request head within this. */
      headersTimeoutMs: Ms(1000, 600_000, d.headersTimeoutMs),
      /** ... and its whole request (head and body) within this. The answer may take longer (long-polls). */
      requestTimeoutMs: Ms(1000, 3_600_000, d.requestTimeoutMs),
      /** A kept-alive connection with no request in flight is closed after this. */
      idleTimeoutMs: Ms(1000, 3_600_000, d.idleTimeoutMs),
    },
    { additionalProperties: false, default: {} },
  );

/**
 * What the kernel holds for agents and clients, and for how long: the answer to "an agent cannot
 * exhaust the kernel" (issue 12, findings 8 and 10). Each key has a default that serves a normal
 * agent; the bounds refuse values that would switch a protection off.
 */
export const ProtectionSchema = Type.Object(
  {
    api: Server({ maxConnections: 1024, headersTimeoutMs: 20_000, requestTimeoutMs: 120_000, idleTimeoutMs: 65_000 }),
    /** Per process: a sandbox that opens more only hurts itself. */
    socket: Server({ maxConnections: 32, headersTimeoutMs: 10_000, requestTimeoutMs: 60_000, idleTimeoutMs: 65_000 }),
    /**
     * The longest one long-poll (a human's answer or approval, a child's end, an IPC receive or
     * request) is held; the client then asks again (STILL_WAITING, or an answer that says so).
     */
    longPollMaxMs: Ms(1000, 3_600_000, 300_000),
    /** Ended terminals (and their scrollback) kept per process for late readers; older ones are forgotten. */
    endedTerminalsKept: Type.Integer({ minimum: 0, maximum: 64, default: 4 }),
    /** Vector partitions (one agent x embedding model) whose codes stay in memory; the least recently used goes first. */
    vectorPartitionsCached: Type.Integer({ minimum: 1, maximum: 100_000, default: 256 }),
    /** A WebSocket client (events, terminals) whose unsent data passes this is dropped (close 1013). */
    websocketMaxBufferedBytes: Type.Integer({ minimum: 64 * 1024, maximum: 1024 * 1024 * 1024, default: 8 * 1024 * 1024 }),
    /** The kernel's RFB client on the agent's (untrusted) VNC socket. */
    rfb: Type.Object(
      {
        maxWidth: Type.Integer({ minimum: 64, maximum: 16_384, default: 4096 }),
        maxHeight: Type.Integer({ minimum: 64, maximum: 16_384, default: 4096 }),
        /** Handshake, and each screenshot's framebuffer update, must arrive within this. */
        timeoutMs: Ms(500, 120_000, 10_000),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
);

export type Protection = Static<typeof ProtectionSchema>;
