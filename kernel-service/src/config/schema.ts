import Type, { type Static } from 'typebox';
import { AuthorityConfigSchema } from '../authority/config.js';
import { LlmConfigSchema } from '../llm/config.js';
import { ProtectionSchema } from './protection.js';

/** A size in bytes, or a string with a binary suffix: 512M, 2G, 64K. */
export const ByteSize = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?[KMGT]?$' })]);

const Limits = (defaults: { memoryMax: string; cpuQuota: number; tasksMax: number }) =>
  Type.Object(
    {
      memoryMax: { ...ByteSize, default: defaults.memoryMax },
      /** Percent of one CPU: 50 is half a core, 200 two cores. */
      cpuQuota: Type.Integer({ minimum: 1, maximum: 100_000, default: defaults.cpuQuota }),
      tasksMax: Type.Integer({ minimum: 1, maximum: 4_194_304, default: defaults.tasksMax }),
    },
    { additionalProperties: false, default: {} },
  );

/**
 * The whole configuration, with its defaults. Unknown keys are rejected.
 * Read from /etc/aether/config.json (or $AETHER_CONFIG), then AETHER_* environment
 * variables override single keys (api.port <- AETHER_API_PORT).
 */
export const ConfigSchema = Type.Object(
  {
    /** Database, admin token and agent homes. */
    stateDir: Type.String({ minLength: 1, default: '/var/lib/aether' }),
    /** Kernel sockets (one directory per process), hidden from agents except their own. */
    runtimeDir: Type.String({ minLength: 1, default: '/run/aether' }),
    api: Type.Object(
      {
        host: Type.String({ minLength: 1, default: '127.0.0.1' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 8787 }),
        /** Largest accepted request body in bytes. */
        bodyLimit: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024, default: 1024 * 1024 }),
        tls: Type.Object(
          {
            certFile: Type.String({ default: '' }),
            keyFile: Type.String({ default: '' }),
          },
          { additionalProperties: false, default: {} },
        ),
        /**
         * Web pages on these origins may call the API from a browser (the embeddable components,
         * web/src/embed). Exact origins (scheme://host[:port]); empty, the default, is off.
         */
        cors: Type.Object(
          {
            origins: Type.Array(Type.String({ pattern: '^https?://[A-Za-z0-9.\\[\\]:-]+$', maxLength: 300 }), {
              maxItems: 100,
              uniqueItems: true,
              default: [],
            }),
          },
          { additionalProperties: false, default: {} },
        ),
      },
      { additionalProperties: false, default: {} },
    ),
    log: Type.Object(
      {
        level: Type.Unsafe<'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'>({
          type: 'string',
          enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
          default: 'info',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    web: Type.Object(
      {
        /** Static files of Mission Control; empty means the web/dist beside this installation. */
        root: Type.String({ default: '' }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Agents' memory (memory/): how much one agent (or space) keeps per layer before forgetting. */
    memory: Type.Object(
      { maxPerLayer: Type.Integer({ minimum: 10, maximum: 10_000_000, default: 100_000 }) },
      { additionalProperties: false, default: {} },
    ),
    /** Messages between agents (ipc/): unread messages an agent's mailbox holds before MAILBOX_FULL. */
    ipc: Type.Object(
      {
        mailboxMax: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1000 }),
        /** Read messages (and expired requests) are deleted this many days after they were sent; 0 keeps them. */
        retentionDays: Type.Integer({ minimum: 0, maximum: 36_500, default: 30 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Egress networking (network/): agents' own namespaces, NAT, policy, the kernel's resolver. */
    network: Type.Object(
      {
        /** Each egress agent gets a /30 of this range for its link (host end .1, agent .2). */
        subnet: Type.String({ pattern: '^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$', default: '10.213.0.0/16' }),
        /** The nftables table (family inet) of the egress rules. */
        nftTable: Type.String({ pattern: '^[a-z][a-z0-9_]{0,30}$', default: 'aether' }),
        /** Upstream resolvers for the kernel's DNS forwarder, comma-separated IPs; empty: the host's /etc/resolv.conf. */
        dnsUpstream: Type.String({ pattern: '^[0-9a-fA-F.:, ]*$', default: '' }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Models and providers (llm/config.ts); provider keys also come from OPENAI_API_KEY & co. */
    llm: LlmConfigSchema,
    /** What agents may ask of the kernel socket: grants of bare programs, tree bounds, quotas (authority/config.ts). */
    authority: AuthorityConfigSchema,
    /** NVIDIA GPUs (gpu/): where nvidia-smi and the device nodes are. */
    gpu: Type.Object(
      {
        nvidiaSmi: Type.String({ minLength: 1, default: 'nvidia-smi' }),
        devDir: Type.String({ pattern: '^/', default: '/dev' }),
      },
      { additionalProperties: false, default: {} },
    ),
    sandbox: Type.Object(
      {
        /** The driver a spawn gets when it names none. */
        driver: Type.Union([Type.Literal('systemd'), Type.Literal('docker')], { default: 'systemd' }),
        docker: Type.Object(
          {
            /** Empty disables the docker driver; spawns asking for it then get SANDBOX_UNAVAILABLE. */
            socketPath: Type.String({ default: '/var/run/docker.sock' }),
            /** The local image a docker spawn gets when it names none (there is no registry). */
            image: Type.String({ minLength: 1, default: 'aether-agent:latest' }),
          },
          { additionalProperties: false, default: {} },
        ),
        /** Every process slice is created below this one. */
        parentSlice: Type.String({ pattern: '^[a-zA-Z0-9_-]+\\.slice$', default: 'aether.slice' }),
        /** Agents get stable UIDs uidBase + n, so their homes keep their owner across runs. */
        uidBase: Type.Integer({ minimum: 1000, maximum: 2_000_000_000, default: 200_000 }),
        /** How long DELETE waits after SIGTERM before it sends SIGKILL. */
        stopGraceMs: Type.Integer({ minimum: 0, maximum: 600_000, default: 10_000 }),
        /** Sandboxes kept started ahead of need for each recently run agent (0 turns the warm pool off). */
        warmPerAgent: Type.Integer({ minimum: 0, maximum: 8, default: 1 }),
        /** An unused prestarted sandbox is removed after this long (an agent idle that long starts cold). */
        warmIdleMs: Type.Integer({ minimum: 1000, maximum: 86_400_000, default: 600_000 }),
        defaultNetwork: Type.Union([Type.Literal('none'), Type.Literal('egress'), Type.Literal('host')], { default: 'none' }),
        defaultLimits: Limits({ memoryMax: '512M', cpuQuota: 100, tasksMax: 512 }),
        maxLimits: Limits({ memoryMax: '64G', cpuQuota: 6400, tasksMax: 65536 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Kernel protection (docs/SECURITY.md): every bound on what agents (and clients) can make the kernel hold. */
    protection: ProtectionSchema,
    /** The audit log (audit/): entries older than retentionDays are removed, oldest first (0 keeps all). */
    audit: Type.Object(
      { retentionDays: Type.Integer({ minimum: 0, maximum: 36_500, default: 365 }) },
      { additionalProperties: false, default: {} },
    ),
    /** Users' cookie sessions (people/): an absolute lifetime and an idle timeout. */
    auth: Type.Object(
      {
        sessionTtlSeconds: Type.Integer({ minimum: 60, maximum: 30 * 86_400, default: 8 * 3600 }),
        sessionIdleSeconds: Type.Integer({ minimum: 60, maximum: 30 * 86_400, default: 3600 }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
