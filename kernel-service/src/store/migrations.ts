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
    version: 4,
    description: 'memory (four layers, full-text index, shared spaces, run episodes) and IPC (mailboxes, topics)',
    sql: `
      -- owner is 'agent:<name>' (an identity: every run of the agent shares it) or 'space:<name>'.
      CREATE TABLE memories (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        owner         TEXT NOT NULL,
        layer         TEXT NOT NULL CHECK (layer IN ('episodic', 'semantic', 'procedural', 'social')),
        content       TEXT NOT NULL,
        subject       TEXT,
        data          TEXT NOT NULL DEFAULT '{}',
        importance    REAL NOT NULL,
        author        TEXT NOT NULL,
        source_pid    INTEGER,
        content_hash  TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        accessed_at   INTEGER NOT NULL,
        access_count  INTEGER NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX memories_dedupe ON memories(owner, layer, content_hash);
      CREATE INDEX memories_owner ON memories(owner, layer, created_at);
      CREATE INDEX memories_subject ON memories(owner, subject);
      CREATE VIRTUAL TABLE memories_fts USING fts5(
        content, subject, content='memories', content_rowid='id', tokenize='porter unicode61'
      );
      CREATE TRIGGER memories_ai AFTER INSERT ON memories BEGIN
        INSERT INTO memories_fts(rowid, content, subject) VALUES (new.id, new.content, coalesce(new.subject, ''));
      END;
      CREATE TRIGGER memories_ad AFTER DELETE ON memories BEGIN
        INSERT INTO memories_fts(memories_fts, rowid, content, subject) VALUES ('delete', old.id, old.content, coalesce(old.subject, ''));
      END;
      CREATE TRIGGER memories_au AFTER UPDATE OF content, subject ON memories BEGIN
        INSERT INTO memories_fts(memories_fts, rowid, content, subject) VALUES ('delete', old.id, old.content, coalesce(old.subject, ''));
        INSERT INTO memories_fts(rowid, content, subject) VALUES (new.id, new.content, coalesce(new.subject, ''));
      END;
      -- A memory's vector (float32) by the model that made it; partition = owner|model (memory/vectors.ts).
      CREATE TABLE memory_embeddings (
        memory_id  INTEGER PRIMARY KEY REFERENCES memories(id) ON DELETE CASCADE,
        partition  TEXT NOT NULL,
        model      TEXT NOT NULL,
        dim        INTEGER NOT NULL,
        vector     BLOB NOT NULL
      );
      CREATE INDEX memory_embeddings_partition ON memory_embeddings(partition, memory_id);
      CREATE TABLE memory_spaces (
        name         TEXT PRIMARY KEY,
        description  TEXT NOT NULL DEFAULT '',
        created_at   INTEGER NOT NULL
      );
      CREATE TABLE memory_space_members (
        space   TEXT NOT NULL REFERENCES memory_spaces(name) ON DELETE CASCADE,
        agent   TEXT NOT NULL,
        access  TEXT NOT NULL CHECK (access IN ('read', 'write')),
        PRIMARY KEY (space, agent)
      );
      -- What the agent knows about another agent or a human, in numbers (notes are social memories).
      CREATE TABLE social_ties (
        agent         TEXT NOT NULL,
        subject       TEXT NOT NULL,
        interactions  INTEGER NOT NULL DEFAULT 0,
        positive      INTEGER NOT NULL DEFAULT 0,
        negative      INTEGER NOT NULL DEFAULT 0,
        last_at       INTEGER NOT NULL,
        PRIMARY KEY (agent, subject)
      );
      -- One run as it goes; summarised into an episodic memory when it ends.
      CREATE TABLE run_episodes (
        pid         INTEGER PRIMARY KEY,
        agent       TEXT NOT NULL,
        goal        TEXT,
        steps       INTEGER NOT NULL DEFAULT 0,
        tools       TEXT NOT NULL DEFAULT '[]',
        errors      INTEGER NOT NULL DEFAULT 0,
        final       TEXT,
        final_ok    INTEGER,
        started_at  INTEGER NOT NULL,
        ended_at    INTEGER
      );
      -- One row per recipient: a topic message fans out into one row per subscriber.
      CREATE TABLE ipc_messages (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        kind            TEXT NOT NULL CHECK (kind IN ('direct', 'topic', 'request', 'reply')),
        from_pid        INTEGER,
        from_agent      TEXT NOT NULL,
        to_agent        TEXT NOT NULL,
        to_pid          INTEGER,
        claimed_pid     INTEGER,
        topic           TEXT,
        correlation_id  TEXT,
        text            TEXT NOT NULL,
        data            TEXT,
        created_at      INTEGER NOT NULL,
        expires_at      INTEGER,
        acked_at        INTEGER,
        acked_by        INTEGER,
        -- The sender's key for one logical send (the runtime's tool-call id): a retry is not a second message.
        idempotency_key TEXT
      );
      CREATE UNIQUE INDEX ipc_idempotency ON ipc_messages(from_agent, to_agent, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
      CREATE INDEX ipc_unacked ON ipc_messages(to_agent, id) WHERE acked_at IS NULL;
      CREATE INDEX ipc_to_pid ON ipc_messages(to_pid, id);
      CREATE INDEX ipc_from_pid ON ipc_messages(from_pid, id);
      CREATE INDEX ipc_correlation ON ipc_messages(correlation_id) WHERE correlation_id IS NOT NULL;
      CREATE TABLE ipc_topics (
        name        TEXT PRIMARY KEY,
        space       TEXT REFERENCES memory_spaces(name),
        created_at  INTEGER NOT NULL
      );
      CREATE TABLE ipc_subscriptions (
        topic       TEXT NOT NULL REFERENCES ipc_topics(name) ON DELETE CASCADE,
        agent       TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        PRIMARY KEY (topic, agent)
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
  {
    version: 6,
    description: 'indexes for the authority: trees of processes (ppid), messages an agent sent (quotas)',
    sql: `
      CREATE INDEX processes_ppid ON processes(ppid);
      CREATE INDEX ipc_from_agent ON ipc_messages(from_agent);
    `,
  },
  {
    version: 7,
    description: 'labels, time-to-live and the end reason of processes (issue 15)',
    sql: `
      ALTER TABLE processes ADD COLUMN labels TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE processes ADD COLUMN expires_at INTEGER;
      ALTER TABLE processes ADD COLUMN end_reason TEXT;
      CREATE INDEX processes_expires ON processes(expires_at) WHERE expires_at IS NOT NULL;
    `,
  },
  {
    version: 8,
    description: 'MCP: the plugins a run starts in its sandbox; scoped tokens for the kernel MCP endpoint (hashed)',
    sql: `
      ALTER TABLE runs ADD COLUMN plugins TEXT NOT NULL DEFAULT '[]';
      CREATE TABLE mcp_tokens (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        hash        TEXT NOT NULL UNIQUE,
        created_at  INTEGER NOT NULL,
        expires_at  INTEGER,
        revoked_at  INTEGER
      );
    `,
  },
  {
    version: 9,
    description: 'the audit log: append-only (updates refused, deletes only of the oldest entry), hash-chained',
    sql: `
      CREATE TABLE audit_log (
        seq             INTEGER PRIMARY KEY,
        at              INTEGER NOT NULL,
        actor           TEXT NOT NULL,
        role            TEXT NOT NULL,
        action          TEXT NOT NULL,
        target          TEXT,
        outcome         TEXT NOT NULL,
        source_address  TEXT,
        prev_hash       TEXT NOT NULL,
        hash            TEXT NOT NULL
      );
      CREATE INDEX audit_log_actor ON audit_log(actor, seq);
      CREATE INDEX audit_log_action ON audit_log(action, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_delete_oldest_only BEFORE DELETE ON audit_log
        WHEN OLD.seq <> (SELECT MIN(seq) FROM audit_log)
        BEGIN SELECT RAISE(ABORT, 'only the oldest audit entries can be removed (retention)'); END;
    `,
  },
  {
    version: 10,
    description:
      'people: users (scrypt-hashed passwords), API tokens (hashed, scoped), cookie sessions (hashed); who created and ended a process',
    sql: `
      CREATE TABLE users (
        name           TEXT PRIMARY KEY,
        role           TEXT NOT NULL,
        grants         TEXT NOT NULL DEFAULT '[]',
        password_hash  TEXT NOT NULL,
        disabled       INTEGER NOT NULL DEFAULT 0,
        created_at     INTEGER NOT NULL,
        last_login_at  INTEGER
      );
      CREATE TABLE api_tokens (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        role          TEXT NOT NULL,
        scope         TEXT,
        grants        TEXT NOT NULL DEFAULT '[]',
        hash          TEXT NOT NULL UNIQUE,
        created_by    TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        expires_at    INTEGER,
        last_used_at  INTEGER
      );
      CREATE TABLE sessions (
        hash          TEXT PRIMARY KEY,
        user_name     TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
        csrf          TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        last_seen_at  INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_name);
      ALTER TABLE processes ADD COLUMN created_by TEXT NOT NULL DEFAULT 'admin';
      ALTER TABLE processes ADD COLUMN ended_by TEXT;
    `,
  },
  {
    version: 11,
    description: 'idle and restart policies per process, the restart count and the pending restart (policies/)',
    sql: `
      CREATE TABLE process_policies (
        pid             INTEGER PRIMARY KEY REFERENCES processes(pid),
        idle            TEXT,
        auto_resume     TEXT,
        restart         TEXT,
        restart_count   INTEGER NOT NULL DEFAULT 0,
        last_reason     TEXT,
        last_at         INTEGER,
        restart_due_at  INTEGER,
        idle_since      INTEGER,
        paused_by       TEXT
      );
    `,
  },
];
