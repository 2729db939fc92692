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
