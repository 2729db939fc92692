/**
 * Versioned schema migrations. Append only: a released migration is never edited,
 * a change is a new entry. PRAGMA user_version records how far a database got.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    description: 'agents, processes and lifecycle events',
    sql: `
      CREATE TABLE agents (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        uid         INTEGER NOT NULL UNIQUE,
        created_at  INTEGER NOT NULL
      );
      -- AUTOINCREMENT, not plain rowid: a kernel PID is never reused, even after rows are deleted.
      CREATE TABLE processes (
        pid           INTEGER PRIMARY KEY AUTOINCREMENT,
        ppid          INTEGER REFERENCES processes(pid),
        agent_id      TEXT NOT NULL REFERENCES agents(id),
        state         TEXT NOT NULL,
        command       TEXT NOT NULL,
        environment   TEXT NOT NULL,
        limits        TEXT NOT NULL,
        network       TEXT NOT NULL,
        driver        TEXT NOT NULL,
        sandbox_id    TEXT,
        pause_method  TEXT,
        exit_code     INTEGER,
        exit_signal   TEXT,
        exit_reason   TEXT,
        created_at    INTEGER NOT NULL,
        started_at    INTEGER,
        ended_at      INTEGER
      );
      CREATE INDEX processes_state ON processes(state);
      CREATE INDEX processes_agent ON processes(agent_id);
      CREATE TABLE events (
        id    INTEGER PRIMARY KEY AUTOINCREMENT,
        pid   INTEGER,
        type  TEXT NOT NULL,
        data  TEXT NOT NULL,
        at    INTEGER NOT NULL
      );
      CREATE INDEX events_pid ON events(pid);
    `,
  },
  {
    version: 2,
    description: 'driver-specific sandbox options (image, gpus) per process',
    sql: `ALTER TABLE processes ADD COLUMN sandbox_options TEXT NOT NULL DEFAULT '{}';`,
  },
  {
    version: 3,
    description: 'agent runs: goal, template, checkpoint, steps, approvals, questions, token usage',
    sql: `
      CREATE TABLE runs (
        pid            INTEGER PRIMARY KEY REFERENCES processes(pid),
        goal           TEXT NOT NULL,
        template       TEXT NOT NULL,
        model          TEXT,
        tools          TEXT NOT NULL,
        approval       TEXT NOT NULL,
        max_steps      INTEGER NOT NULL,
        token_budget   INTEGER NOT NULL,
        context_tokens INTEGER NOT NULL,
        prompt         TEXT NOT NULL,
        status         TEXT NOT NULL,
        step           INTEGER NOT NULL DEFAULT 0,
        result         TEXT,
        checkpoint     TEXT,
        resumed_from   INTEGER,
        updated_at     INTEGER NOT NULL
      );
      CREATE TABLE run_steps (
        id    INTEGER PRIMARY KEY AUTOINCREMENT,
        pid   INTEGER NOT NULL REFERENCES runs(pid),
        n     INTEGER NOT NULL,
        kind  TEXT NOT NULL,
        data  TEXT NOT NULL,
        at    INTEGER NOT NULL
      );
      CREATE INDEX run_steps_pid ON run_steps(pid, id);
      CREATE TABLE approvals (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        pid          INTEGER NOT NULL REFERENCES processes(pid),
        call_id      TEXT NOT NULL,
        tool         TEXT NOT NULL,
        arguments    TEXT NOT NULL,
        why          TEXT NOT NULL,
        state        TEXT NOT NULL,
        reason       TEXT,
        decided_by   TEXT,
        created_at   INTEGER NOT NULL,
        decided_at   INTEGER,
        UNIQUE (pid, call_id)
      );
      CREATE INDEX approvals_state ON approvals(state);
      CREATE TABLE questions (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        pid          INTEGER NOT NULL REFERENCES processes(pid),
        call_id      TEXT NOT NULL,
        question     TEXT NOT NULL,
        state        TEXT NOT NULL,
        answer       TEXT,
        created_at   INTEGER NOT NULL,
        answered_at  INTEGER,
        UNIQUE (pid, call_id)
      );
      CREATE INDEX questions_state ON questions(state);
      CREATE TABLE llm_usage (
        pid                INTEGER NOT NULL,
        model              TEXT NOT NULL,
        calls              INTEGER NOT NULL,
        prompt_tokens      INTEGER NOT NULL,
        completion_tokens  INTEGER NOT NULL,
        cost_usd           REAL NOT NULL,
        unpriced_calls     INTEGER NOT NULL,
        PRIMARY KEY (pid, model)
      );
    `,
  },
  {
    version: 5,
    description: 'GPU assignments per process (freed when the process ends)',
    sql: `
      CREATE TABLE gpu_assignments (
        pid          INTEGER NOT NULL REFERENCES processes(pid),
        gpu_uuid     TEXT NOT NULL,
        gpu_index    INTEGER NOT NULL,
        shared       INTEGER NOT NULL,
        assigned_at  INTEGER NOT NULL,
        PRIMARY KEY (pid, gpu_uuid)
      );
      CREATE INDEX gpu_assignments_uuid ON gpu_assignments(gpu_uuid);
    `,
  },
];
