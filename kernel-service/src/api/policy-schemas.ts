import Type from 'typebox';
import { IDLE_ACTIONS, MAX_RESTARTS, MIN_BACKOFF_MS, IDLE_MIN_SECONDS, RESTART_MODES } from '../policies/index.js';

/** Idle and restart policies on the wire (policies/): the spawn's fields and what the record shows. */

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Enum = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const AutoResumeFlags = {
  onMessage: Type.Optional(Type.Boolean({ description: 'A message sent to it (IPC) resumes it' })),
  onApi: Type.Optional(Type.Boolean({ description: 'An API call addressed to it resumes it' })),
  onAttach: Type.Optional(Type.Boolean({ description: 'A terminal attach resumes it' })),
};

export const PolicyFields = {
  idle: Type.Optional(
    Type.Object(
      {
        afterSeconds: Type.Integer({ minimum: IDLE_MIN_SECONDS, maximum: 31_536_000 }),
        action: Enum(IDLE_ACTIONS),
        cpuPercent: Type.Optional(
          Type.Number({ minimum: 0, maximum: 100, description: 'Below this (percent of one core) counts as idle; default 2' }),
        ),
      },
      {
        additionalProperties: false,
        description: 'After this long with no model call, no terminal input and CPU below the threshold: pause, snapshot or stop',
      },
    ),
  ),
  autoResume: Type.Optional(
    Type.Union([Type.Boolean(), Type.Object(AutoResumeFlags, { additionalProperties: false })], {
      description: 'Which contacts resume a process the idle policy paused (true: all of them)',
    }),
  ),
  restart: Type.Optional(
    Type.Object(
      {
        policy: Enum(RESTART_MODES),
        maxRestarts: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_RESTARTS, description: 'Default 5' })),
        backoffMs: Type.Optional(
          Type.Integer({
            minimum: MIN_BACKOFF_MS,
            maximum: 3_600_000,
            description: 'First delay, doubled per restart up to 5 minutes; default 1000',
          }),
        ),
      },
      { additionalProperties: false, description: 'Start the program again in the same PID after it ends on its own' },
    ),
  ),
};

/** Additive record fields: null/zero for a process without policies. */
export const PolicyRecordFields = {
  idle: Type.Optional(Nullable(Type.Object({ afterSeconds: Type.Integer(), action: Type.String(), cpuPercent: Type.Number() }))),
  autoResume: Type.Optional(
    Nullable(Type.Object({ onMessage: Type.Boolean(), onApi: Type.Boolean(), onAttach: Type.Boolean() })),
  ),
  restart: Type.Optional(
    Nullable(Type.Object({ policy: Type.String(), maxRestarts: Type.Integer(), backoffMs: Type.Integer() })),
  ),
  restarts: Type.Optional(
    Type.Object(
      { count: Type.Integer(), lastReason: Nullable(Type.String()), lastAt: Nullable(Type.String({ format: 'date-time' })) },
      { description: 'Restarts so far in this PID, and what ended the last run' },
    ),
  ),
  idleSince: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  pausedBy: Type.Optional(Nullable(Type.String({ description: '"idle" when the idle policy paused it' }))),
};
