import Type from 'typebox';
import { ByteSize } from '../config/index.js';
import { NextCursor, PageQuery } from './pagination.js';
import { AGENT_NAME_PATTERN, ENV_NAME_PATTERN, PROCESS_STATES, type ProcessState } from '../agents/index.js';
import { PluginsBody } from '../plugins/schema.js';
import { PolicyFields, PolicyRecordFields } from './policy-schemas.js';

/** A plain JSON-schema string enum (reads well in OpenAPI) with its literal TypeScript type. */
const StringEnum = <T extends string>(values: readonly T[], extra: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...extra });
const ProcessStateSchema = StringEnum<ProcessState>(PROCESS_STATES);

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Timestamp = Nullable(Type.String({ format: 'date-time' }));

export const ErrorBody = Type.Object({
  code: Type.String({ description: 'Stable error code; see docs/ERRORS.md' }),
  message: Type.String(),
  hint: Type.String({ description: 'What to do next' }),
  details: Type.Optional(Type.Object({}, { additionalProperties: true })),
});

export const LimitsInput = Type.Object(
  {
    memoryMax: Type.Optional({ ...ByteSize, description: 'Bytes, or a size such as "512M"' }),
    cpuQuota: Type.Optional(Type.Integer({ description: 'Percent of one CPU (200 = two cores)' })),
    tasksMax: Type.Optional(Type.Integer({ description: 'Most processes and threads at once' })),
  },
  { additionalProperties: false },
);

/** The shape of an egress policy; network/policy.ts checks its content (NETWORK_POLICY_INVALID). */
export const EgressPolicyBody = Type.Object(
  {
    allow: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
        maxItems: 256,
        description:
          'IPv4 CIDRs or domains (example.com and below; *.example.com below only); present: nothing else is reachable',
      }),
    ),
    deny: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
        maxItems: 256,
        description: 'IPv4 CIDRs or domains; wins over allow',
      }),
    ),
    ports: Type.Optional(
      Type.Array(Type.Union([Type.Integer(), Type.String({ maxLength: 11 })]), {
        maxItems: 64,
        description: 'TCP/UDP destination ports or ranges ("8000-8100")',
      }),
    ),
    approval: Type.Optional(Type.Boolean({ description: 'A name not on the allow-list waits for a person at its first lookup' })),
    maxConnections: Type.Optional(Type.Integer({ description: 'Most connections open at once' })),
    bandwidthKBps: Type.Optional(Type.Integer({ description: 'Cap per direction, kilobytes per second' })),
  },
  { additionalProperties: false, description: 'The egress policy (network "egress"); docs/SECURITY.md, Networking' },
);

const GpuShared = Type.Optional(Type.Boolean({ description: 'Share the GPUs with other shared holders (default: exclusive)' }));

/** Label keys: lower-case, may carry a prefix ("team/owner", "app.kubernetes.io/name" style). */
export const LABEL_KEY_PATTERN = '^[a-z0-9]([a-z0-9._/-]{0,62})$';
export const Labels = Type.Record(Type.String({ pattern: LABEL_KEY_PATTERN }), Type.String({ maxLength: 256 }), {
  maxProperties: 32,
  additionalProperties: false,
  description: 'key=value tags (at most 32; keys ' + LABEL_KEY_PATTERN + ', values up to 256 characters)',
});

export const SpawnBody = Type.Object(
  {
    name: Type.String({
      pattern: AGENT_NAME_PATTERN,
      description: 'Agent identity; a known name starts a new run of that agent',
    }),
    command: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), {
        minItems: 1,
        maxItems: 256,
        description: 'argv of a program to run; omit it and give a goal to run the agent runtime instead',
      }),
    ),
    goal: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000, description: 'What the agent runtime should achieve' })),
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'GET /api/v1/templates lists them' })),
    model: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'provider/model, e.g. openai/gpt-4o-mini' })),
    tools: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: 200,
        description: "Tools to grant instead of the template's (names or @category)",
      }),
    ),
    maxSteps: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    tokenBudget: Type.Optional(Type.Integer({ minimum: 1000, maximum: 1_000_000_000 })),
    approval: Type.Optional(
      Type.Object(
        {
          tools: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 })),
          commandPatterns: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 100 })),
          network: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false, description: "Which tool calls wait for a human (replaces the template's policy)" },
      ),
    ),
    resumeFrom: Type.Optional(Type.Integer({ minimum: 1, description: 'Continue the run of this pid from its checkpoint' })),
    plugins: Type.Optional(PluginsBody),
    ppid: Type.Optional(Type.Integer({ minimum: 1, description: 'Parent process' })),
    environment: Type.Optional(
      Type.Record(Type.String({ pattern: ENV_NAME_PATTERN }), Type.String({ maxLength: 32768 }), { maxProperties: 256 }),
    ),
    limits: Type.Optional(LimitsInput),
    labels: Type.Optional(Labels),
    ttlSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 31_536_000,
        description: 'Stop the process this many seconds after the spawn (a normal terminate; endReason "ttl-expired")',
      }),
    ),
    network: Type.Optional(
      StringEnum(['none', 'egress', 'host'] as const, {
        description:
          'none (default): loopback only. egress: its own network namespace, NAT out, the policy in `egress`, DNS through the kernel. ' +
          "host: DANGEROUS, the host's own network: every service on the host's loopback (local model servers, databases), " +
          "other agents' ports and the whole LAN; an administrator's explicit choice only, never given to a run's child or by a template.",
      }),
    ),
    egress: Type.Optional(EgressPolicyBody),
    ...PolicyFields,
    desktop: Type.Optional(
      Type.Boolean({
        description:
          'A graphical desktop (Xvnc, window manager, browser, terminal) in the sandbox; DISPLAY is set for the program',
      }),
    ),
    endpoint: Type.Optional(
      Type.Boolean({
        description:
          'A TCP endpoint at 127.0.0.1:4141 in the sandbox, forwarded to its kernel socket, with OPENAI_BASE_URL, ANTHROPIC_BASE_URL and placeholder keys set ' +
          '(for programs that want a base URL, such as Claude Code or Codex); refused under network "host". Program templates turn it on.',
      }),
    ),
    sandbox: Type.Optional(
      Type.Object(
        {
          driver: Type.Optional(StringEnum(['systemd', 'docker'])),
          image: Type.Optional(Type.String({ minLength: 1, maxLength: 256, pattern: '^[a-zA-Z0-9][a-zA-Z0-9._/:@-]*$' })),
          gpus: Type.Optional(
            Type.Union([
              Type.Object(
                { count: Type.Union([Type.Integer({ minimum: 1, maximum: 64 }), Type.Literal('all')]), shared: GpuShared },
                { additionalProperties: false },
              ),
              Type.Object(
                {
                  deviceIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 64 }),
                  shared: GpuShared,
                },
                { additionalProperties: false },
              ),
            ]),
          ),
        },
        {
          additionalProperties: false,
          description: 'Which sandbox driver runs it (default from sandbox.driver) and its options',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const SignalBody = Type.Object(
  { signal: Type.Union([Type.String({ minLength: 1, maxLength: 16 }), Type.Integer()]) },
  { additionalProperties: false },
);

export const PidParams = Type.Object({ pid: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export const ListQuery = Type.Object(
  {
    state: Type.Optional(ProcessStateSchema),
    label: Type.Optional(
      Type.Array(Type.String({ minLength: 3, maxLength: 400 }), {
        maxItems: 32,
        description: 'key=value; repeat it to require several (all must match)',
      }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const ProcessBody = Type.Object({
  pid: Type.Integer(),
  ppid: Nullable(Type.Integer()),
  agent: Type.Object({ id: Type.String(), name: Type.String() }),
  state: ProcessStateSchema,
  command: Type.Array(Type.String()),
  environment: Type.Record(Type.String(), Type.String()),
  limits: Type.Object({ memoryMax: Type.Integer(), cpuQuota: Type.Integer(), tasksMax: Type.Integer() }),
  network: Type.String(),
  sandbox: Type.Object({
    driver: Type.String(),
    id: Nullable(Type.String()),
    pauseMethod: Nullable(Type.String()),
    image: Type.Optional(Type.String()),
    gpus: Type.Optional(Type.Object({}, { additionalProperties: true })),
    prestarted: Type.Optional(Type.Boolean({ description: 'Started in a sandbox prepared ahead (the warm pool)' })),
    desktop: Type.Optional(Type.Boolean({ description: 'Spawned with a desktop (GET /agents/:pid/desktop)' })),
    egress: Type.Optional(EgressPolicyBody),
  }),
  exit: Nullable(Type.Object({ code: Nullable(Type.Integer()), signal: Nullable(Type.String()), reason: Type.String() })),
  labels: Type.Record(Type.String(), Type.String()),
  expiresAt: Timestamp,
  endReason: Nullable(Type.String({ description: 'Why the kernel ended it on its own ("ttl-expired"); null otherwise' })),
  ...PolicyRecordFields,
  createdAt: Timestamp,
  startedAt: Timestamp,
  endedAt: Timestamp,
  run: Type.Optional(
    Nullable(
      Type.Object({
        goal: Type.String(),
        template: Type.String(),
        model: Nullable(Type.String()),
        tools: Type.Array(Type.String()),
        step: Type.Integer(),
        maxSteps: Type.Integer(),
        tokenBudget: Type.Integer(),
        status: Type.String(),
        result: Nullable(Type.String()),
        resumedFrom: Nullable(Type.Integer()),
      }),
    ),
  ),
  usage: Type.Optional(Type.Object({ promptTokens: Type.Integer(), completionTokens: Type.Integer(), costUsd: Type.Number() })),
});

export const ProcessList = Type.Object({ processes: Type.Array(ProcessBody), nextCursor: NextCursor });
