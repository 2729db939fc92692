import Type, { type Static } from 'typebox';

const int = (minimum: number, maximum: number, def: number, description: string) =>
  Type.Integer({ minimum, maximum, default: def, description });

/**
 * The authority's limits (config key `authority`). The defaults stop a runaway tree of agents
 * early and keep one agent from filling the kernel's database; docs/SECURITY.md lists them.
 */
export const AuthorityConfigSchema = Type.Object(
  {
    /** Programs spawned with a command (no agent runtime): what the kernel socket grants them. */
    bare: Type.Object(
      {
        /** Tool names or @categories; a route needs its tool (or a tool of its category) here. */
        tools: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
          maxItems: 256,
          default: ['@memory', '@ipc', '@human', '@desktop', '@shell'],
        }),
        /** Tokens (prompt + completion, embeddings included) one bare process may spend; 0 refuses every model call. */
        tokenBudget: int(0, 1_000_000_000_000, 200_000, 'tokens one bare process may spend'),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Bounds per tree of agents (a root run and everything it spawned, recursively). */
    tree: Type.Object(
      {
        /** A root run is depth 0; its children 1. A spawn that would make a process deeper is refused. */
        maxDepth: int(0, 64, 3, 'deepest generation below a root run'),
        /** Live (not ended) processes below the root, spawns under way included. */
        maxLiveDescendants: int(0, 10_000, 16, 'live processes below a root run'),
        /** Spawns in the whole tree in any sliding minute. */
        maxSpawnsPerMinute: int(1, 10_000, 20, 'spawns in a tree per minute'),
      },
      { additionalProperties: false, default: {} },
    ),
    llm: Type.Object(
      {
        /** A model call asks for at most this many completion tokens (its max_tokens is capped to it). */
        maxTokensPerCall: int(1, 1_000_000, 16_384, 'completion tokens per model call'),
      },
      { additionalProperties: false, default: {} },
    ),
    /** What one agent (an identity, over all its runs) may keep in the kernel's database. */
    quotas: Type.Object(
      {
        stepsPerAgent: int(1, 100_000_000, 200_000, 'stored run steps per agent'),
        stepBytes: int(1024, 8 * 1024 * 1024, 512 * 1024, 'bytes of one step (its JSON)'),
        checkpointBytes: int(1024, 64 * 1024 * 1024, 4 * 1024 * 1024, 'bytes of one checkpoint'),
        messagesPerAgent: int(1, 100_000_000, 20_000, 'stored IPC messages an agent has sent'),
        memoriesPerAgent: int(1, 100_000_000, 50_000, 'memories an agent owns'),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
);

export type AuthorityConfig = Static<typeof AuthorityConfigSchema>;
