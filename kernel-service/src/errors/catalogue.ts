/**
 * The one catalogue of stable error codes. Clients see `{code, message, hint}`;
 * the code never changes meaning once released, the message may be reworded.
 * docs/ERRORS.md lists every code (a test keeps the two in step).
 */
export const errorCatalogue = {
  // Input
  VALIDATION_FAILED: { status: 400, hint: 'Fix the fields named in the message and send the request again.' },
  BAD_JSON: { status: 400, hint: 'Send a valid JSON body with Content-Type: application/json.' },
  BODY_TOO_LARGE: { status: 413, hint: 'Send a smaller body; the limit is set by api.bodyLimit.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, hint: 'Send the body as application/json.' },
  UNKNOWN_SIGNAL: {
    status: 400,
    hint: 'Name a POSIX signal such as SIGTERM, SIGKILL, SIGUSR1 (with or without the SIG prefix) or its number.',
  },
  LIMIT_OUT_OF_RANGE: {
    status: 400,
    hint: 'Keep limits within the bounds in sandbox.maxLimits (GET /api/v1/system shows them).',
  },
  COMMAND_NOT_FOUND: { status: 400, hint: 'Give an absolute path or a program found in /usr/local/bin, /usr/bin or /bin.' },
  // Auth
  UNAUTHENTICATED: { status: 401, hint: 'Send Authorization: Bearer <token>; the admin token is in <stateDir>/admin.token.' },
  // Resources and state
  NOT_FOUND: { status: 404, hint: 'Check the URL against the OpenAPI document at /api/v1/openapi.json.' },
  PROCESS_NOT_FOUND: { status: 404, hint: 'List processes with GET /api/v1/agents to find a valid pid.' },
  INVALID_STATE_TRANSITION: {
    status: 409,
    hint: 'Read the process state with GET /api/v1/agents/:pid; only running processes can be paused, only paused ones resumed.',
  },
  PROCESS_NOT_RUNNING: { status: 409, hint: 'The process has ended; spawn a new one with POST /api/v1/agents.' },
  // Agent homes (the file browser): paths stay inside the home, links are never followed
  FILE_NOT_FOUND: { status: 404, hint: 'List the parent directory with GET /api/v1/agents/:pid/files?path= to see what exists.' },
  FILE_PATH_REFUSED: {
    status: 400,
    hint: 'Give a path relative to the home (for example notes/todo.txt) without "..", NUL bytes or more than 4096 characters.',
  },
  FILE_SYMLINK_REFUSED: {
    status: 403,
    hint: 'A component of the path is a symbolic link; the kernel never follows links in an agent home. Open the file the link points to inside the agent (its terminal) instead.',
  },
  FILE_WRONG_TYPE: {
    status: 400,
    hint: 'List directories with /files?path= and read regular files with /files/content?path=; devices, sockets and FIFOs are not read.',
  },
  // Sandbox
  SANDBOX_UNAVAILABLE: {
    status: 503,
    hint: 'The sandbox driver cannot reach its backend: for systemd check `systemctl status dbus`, for Docker `docker info`; the message says which, and the kernel log has details.',
  },
  SANDBOX_LAUNCH_FAILED: {
    status: 502,
    hint: 'See the message for what the backend reported; on the host, `journalctl -u <unit>` (systemd) or `docker logs <container>` (Docker) has details.',
  },
  SANDBOX_OPERATION_FAILED: {
    status: 502,
    hint: 'The sandbox backend (systemd or Docker) refused the operation; the message says why.',
  },
  IMAGE_NOT_FOUND: {
    status: 400,
    hint: 'Aether uses no registry: build the image on the host (`docker import <rootfs.tar> <name>` or `docker build`), then name it again.',
  },
  GPU_UNAVAILABLE: {
    status: 503,
    hint: 'This host cannot pass GPUs to sandboxes (no NVIDIA GPU, driver or container runtime); spawn without GPUs, or on a GPU host with the NVIDIA runtime set up for Docker.',
  },
  // Terminals and desktops (terminals/, desktop/)
  TERMINAL_NOT_FOUND: {
    status: 404,
    hint: 'List the terminals of the process with GET /api/v1/agents/:pid/terminals; ended terminals are forgotten with their process.',
  },
  TERMINAL_UNAVAILABLE: { status: 409, hint: 'Terminals need a sandbox driver that offers them (systemd or docker).' },
  TERMINAL_LIMIT: { status: 409, hint: 'Close a terminal of this process (DELETE /api/v1/agents/:pid/terminals/:id) first.' },
  DESKTOP_NOT_ENABLED: { status: 409, hint: 'Spawn the process with "desktop": true to give it a graphical desktop.' },
  DESKTOP_UNAVAILABLE: {
    status: 503,
    hint: 'The desktop could not start or is not offered by this driver (desktops need the systemd driver and tigervnc-standalone-server); the message and the kernel log say which.',
  },
  LEASE_HELD: {
    status: 409,
    hint: 'Another person holds the control lease of this desktop; wait for its release or expiry (GET /api/v1/agents/:pid/desktop/lease).',
  },
  LEASE_NOT_HELD: {
    status: 409,
    hint: 'Send the lease key that POST /api/v1/agents/:pid/desktop/lease returned; the lease may have expired.',
  },
  DESKTOP_PROTOCOL_ERROR: {
    status: 502,
    hint: "The desktop's VNC server sent something outside the protocol or the kernel's limits (protection.rfb); the kernel closed that connection and the next request connects afresh. If it repeats, the agent replaced its VNC server: end the process.",
  },
  GPU_BUSY: {
    status: 409,
    hint: 'Other processes hold the GPUs asked for (details.busy names them): wait for them to end, ask for other GPUs or fewer, or ask for `shared: true` to share with other shared holders. GET /api/v1/gpus shows who holds what.',
  },
  // Networking (network/): egress namespaces, policies, published ports
  NETWORK_POLICY_INVALID: {
    status: 400,
    hint: 'Fix the egress policy field named in the message: allow/deny hold IPv4 CIDRs (203.0.113.0/24) or domain names (example.com, *.example.com), ports are 1-65535 or ranges like 8000-8100; see docs/SECURITY.md, Networking.',
  },
  NETWORK_MODE_UNSUPPORTED: {
    status: 400,
    hint: 'Use network "none" or "egress" (and egress only with the systemd driver); "host" is for an administrator spawning through the API, never for a run\'s child or a template.',
  },
  NETWORK_UNAVAILABLE: {
    status: 503,
    hint: 'The host could not set up the agent\'s network (iproute2, nftables, IPv4 forwarding); the message says which step failed and the kernel log has the command. Install nftables and iproute2, or spawn with network "none".',
  },
  PORT_NOT_PUBLISHED: {
    status: 404,
    hint: 'Publish the port first with POST /api/v1/agents/:pid/ports {"port": N}; GET /api/v1/agents/:pid/ports lists the published ones.',
  },
  PORT_UNREACHABLE: {
    status: 502,
    hint: "Nothing answered on that port inside the agent's network namespace: check that the agent's server listens on 0.0.0.0 (not only 127.0.0.1) and is running.",
  },
  // LLM gateway (llm/): the provider's own message is in the error message, never its key
  LLM_NOT_CONFIGURED: {
    status: 503,
    hint: 'Set the provider key or endpoint in llm.providers (or OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, OLLAMA_HOST) and restart the kernel.',
  },
  LLM_MODEL_UNKNOWN: {
    status: 400,
    hint: 'Name a model as provider/model (openai/gpt-4o-mini, anthropic/..., ollama/..., gemini/..., openai-compatible:<name>/...) that the provider serves.',
  },
  LLM_RATE_LIMITED: {
    status: 429,
    hint: 'The provider kept answering 429 after the retries in llm.retry; wait, lower the request rate, or add a fallback model.',
  },
  LLM_PROVIDER_UNAVAILABLE: {
    status: 502,
    hint: 'The provider failed (5xx or no connection) on every retry and fallback; check its status and llm.providers.*.baseUrl.',
  },
  LLM_TIMEOUT: { status: 504, hint: 'The provider did not answer within llm.timeoutMs; raise it or choose a faster model.' },
  LLM_PROVIDER_AUTH_FAILED: {
    status: 502,
    hint: "The provider refused the kernel's credentials (401/403); fix the API key in the configuration or environment.",
  },
  LLM_REQUEST_REJECTED: {
    status: 400,
    hint: 'The provider refused the request itself (see the message); fix the messages, tools or options and send it again.',
  },
  LLM_BAD_RESPONSE: {
    status: 502,
    hint: 'The model answered with something unusable (details say what: malformed tool arguments, an unknown tool); retry or use another model.',
  },
  LLM_CANCELLED: { status: 499, hint: 'The caller cancelled the request before the model answered; nothing to do.' },
  // Memory (memory/)
  MEMORY_NOT_FOUND: { status: 404, hint: 'Recall or list memories to find a valid id; a forgotten memory is gone for good.' },
  MEMORY_ACCESS_DENIED: {
    status: 403,
    hint: 'An agent reads its own memory and the spaces it is a member of, and writes only where it has write access; an administrator adds members with PUT /api/v1/memory/spaces/:name/members/:agent.',
  },
  SPACE_NOT_FOUND: {
    status: 404,
    hint: 'List spaces with GET /api/v1/memory/spaces, or create one with POST /api/v1/memory/spaces.',
  },
  LLM_EMBEDDINGS_UNSUPPORTED: {
    status: 400,
    hint: 'Set llm.embeddingModel to a model of a provider with an embedding endpoint (openai/..., ollama/..., openai-compatible:<name>/...), or leave it empty for full-text recall only.',
  },
  // IPC (ipc/)
  RECIPIENT_NOT_FOUND: {
    status: 404,
    hint: 'Address a live process by pid or an agent by a name that has run before; GET /api/v1/agents lists them (list_agents inside a run).',
  },
  MAILBOX_FULL: {
    status: 429,
    hint: "The recipient's mailbox holds ipc.mailboxMax unread messages: wait until it reads some, then send again.",
  },
  IPC_ACCESS_DENIED: {
    status: 403,
    hint: 'The topic belongs to a space the caller is not a member of (write access to publish, read access to subscribe); ask an administrator to add the agent to the space.',
  },
  IPC_TIMEOUT: {
    status: 504,
    hint: 'No reply came within the timeout; the reply, if it comes later, arrives as an ordinary message. Retry with a longer timeoutMs or check the recipient is running.',
  },
  IPC_REQUEST_NOT_FOUND: {
    status: 404,
    hint: 'Reply with the correlationId of a request you received (it is in the message); each request is answered once.',
  },
  // Configuration (reported at start, never over HTTP)
  // Agent runs (the built-in runtime)
  TEMPLATE_NOT_FOUND: { status: 400, hint: 'Choose a template listed by GET /api/v1/templates.' },
  TOOL_NOT_FOUND: { status: 400, hint: 'Name tools listed by GET /api/v1/tools.' },
  RUN_NOT_FOUND: {
    status: 404,
    hint: 'This process does not run the agent runtime; only processes spawned with a goal have a run.',
  },
  APPROVAL_NOT_FOUND: { status: 404, hint: 'List approvals with GET /api/v1/approvals to find a valid id.' },
  APPROVAL_ALREADY_DECIDED: { status: 409, hint: 'The approval was decided already; its decision stands.' },
  QUESTION_NOT_FOUND: { status: 404, hint: 'List questions with GET /api/v1/questions to find a valid id.' },
  QUESTION_ALREADY_ANSWERED: { status: 409, hint: 'The question was answered already; its answer stands.' },
  LLM_BUDGET_EXCEEDED: {
    status: 429,
    hint: 'The run used its token budget; spawn it again with a larger tokenBudget (or resumeFrom this pid to continue).',
  },
  CHILD_NOT_FOUND: { status: 404, hint: 'An agent may only wait for children it spawned; list_agents shows them.' },
  // Kernel protection (protection.* in the configuration)
  STILL_WAITING: {
    status: 503,
    hint: 'Nothing was decided within protection.longPollMaxMs; send the same request again (same callId) to keep waiting.',
  },
  TOO_MANY_CONNECTIONS: {
    status: 503,
    hint: 'This server holds protection.*.maxConnections connections already; close idle ones (or reuse one with keep-alive) and retry.',
  },
  // Authority (authority/): what a process may ask of the kernel socket (docs/SECURITY.md)
  AUTHORITY_NOT_GRANTED: {
    status: 403,
    hint: "The route does what a tool does, and the caller's run (or authority.bare.tools for programs without a run) is not granted that tool; spawn the agent with a template or tools that include it.",
  },
  APPROVAL_REQUIRED: {
    status: 403,
    hint: 'The approval policy holds this tool for a person: call it as a tool of the run (POST /v1/run/steps), wait for the approval, then call the route once with exactly the approved arguments.',
  },
  AGENT_IDENTITY_TAKEN: {
    status: 409,
    hint: "A child needs a new agent name (or one of the caller's own children's); leave name out to get a fresh one. Running an existing agent is an administrator's action: POST /api/v1/agents.",
  },
  TREE_DEPTH_EXCEEDED: {
    status: 403,
    hint: 'The tree of agents is as deep as authority.tree.maxDepth allows: do the work in this agent or in a child of the root instead.',
  },
  TREE_SIZE_EXCEEDED: {
    status: 429,
    hint: 'The tree has authority.tree.maxLiveDescendants live processes: wait for a child to finish (wait_agent) before spawning another.',
  },
  TREE_SPAWN_RATE_EXCEEDED: {
    status: 429,
    hint: 'The tree spawned authority.tree.maxSpawnsPerMinute processes in the last minute: wait, then spawn again.',
  },
  LLM_MODEL_NOT_ALLOWED: {
    status: 403,
    hint: "A process may call only its run's model (or llm.defaultModel) and llm.fallbacks; leave model out to get its own.",
  },
  QUOTA_EXCEEDED: {
    status: 429,
    hint: 'The agent keeps as much as its quota in authority.quotas allows: forget memories, let messages be read and expire, or ask an administrator to raise the quota.',
  },
  ENTRY_TOO_LARGE: {
    status: 413,
    hint: 'The step or checkpoint is larger than authority.quotas allows: store big data in a file in the home and refer to it.',
  },
  CONFIG_INVALID: {
    status: 500,
    hint: 'Fix the configuration file or environment variable named in the message and start again.',
  },
  // Remote management (issue 15): writing files, logs and exec in a sandbox
  FILE_TOO_LARGE: {
    status: 413,
    hint: 'Uploads are capped at 64 MiB per request; split the data or pack it in a tar archive and upload that in parts.',
  },
  FILE_DIRECTORY_NOT_EMPTY: {
    status: 409,
    hint: 'The directory has entries: delete them first, or send recursive=true to delete the whole tree.',
  },
  ARCHIVE_ENTRY_REFUSED: {
    status: 400,
    hint: 'Send a plain tar of files, directories and links that stay inside it: no absolute names, "..", hard links, devices or FIFOs.',
  },
  PROCESS_PAUSED: { status: 409, hint: 'The process is paused; resume it (POST /api/v1/agents/:pid/resume) and try again.' },
  EXEC_UNAVAILABLE: {
    status: 503,
    hint: "The process's sandbox driver cannot run commands in it; exec needs the systemd or docker driver.",
  },
  LOGS_UNAVAILABLE: {
    status: 503,
    hint: "The process's output could not be read from its backend (the journal or the Docker engine); see the kernel log.",
  },
  // MCP: plugins in the sandbox, the kernel's MCP endpoint
  PLUGIN_NOT_FOUND: {
    status: 400,
    hint: 'Name a plugin listed by GET /api/v1/plugins, or give a command to run in the sandbox.',
  },
  PLUGIN_START_FAILED: {
    status: 502,
    hint: "The plugin's process exited or broke the MCP protocol before listing its tools; the step's text has the end of its stderr. The run goes on without its tools.",
  },
  PLUGIN_TIMEOUT: {
    status: 504,
    hint: 'The plugin did not start and list its tools in time; the run goes on without its tools.',
  },
  MCP_TOKEN_NOT_FOUND: { status: 404, hint: 'GET /api/v1/mcp/tokens lists the tokens (revoked ones included).' },
  MCP_TOOL_NOT_FOUND: { status: 400, hint: 'tools/list on /mcp names the tools this endpoint has.' },
  // Backup and restore (backup/)
  BACKUP_INVALID: {
    status: 400,
    hint: 'The file is not an intact Aether backup (corrupt, truncated, or a member does not match its sha256); nothing was changed. Download it again with GET /api/v1/system/backups/:id.',
  },
  BACKUP_VERSION_UNSUPPORTED: {
    status: 400,
    hint: "The backup's format or database schema is newer than this kernel; restore it on a kernel at least as new as the one that made it. Nothing was changed.",
  },
  BACKUP_NOT_FOUND: { status: 404, hint: 'GET /api/v1/system/backups lists the backups kept on disk.' },
  RESTORE_AGENTS_RUNNING: {
    status: 409,
    hint: 'Agents are live; stop them first, or send the restore again with ?stopAgents=true (aether restore --force). Nothing was changed.',
  },
  RESTORE_IN_PROGRESS: { status: 409, hint: 'A restore is being applied; the kernel restarts on it shortly. Check GET /health.' },
  // Idle and restart policies (policies/)
  POLICY_INVALID: {
    status: 400,
    hint: 'Fix the policy field named in the message: idle.afterSeconds >= 5, idle.action pause|snapshot|stop, idle.cpuPercent 0-100, restart.policy no|on-failure|always, restart.maxRestarts 0-100, restart.backoffMs >= 100.',
  },
  SNAPSHOT_UNSUPPORTED: {
    status: 409,
    hint: 'This kernel cannot take snapshots; use idle action "pause" or "stop", or enable snapshots (CRIU) on the host.',
  },
  // People: users, roles, tokens, sessions (people/)
  FORBIDDEN: {
    status: 403,
    hint: 'Your role does not allow this call; the message names the role (or grant) it needs. Ask an admin.',
  },
  CSRF_FAILED: {
    status: 403,
    hint: 'A cookie-authenticated change needs header X-CSRF-Token with the csrfToken from POST /api/v1/session (or GET /api/v1/session).',
  },
  LOGIN_FAILED: {
    status: 401,
    hint: 'Check the user name and password; an admin can reset a password with PATCH /api/v1/users/:name.',
  },
  LOGIN_THROTTLED: { status: 429, hint: 'Too many failed logins from this address or for this user; wait Retry-After seconds.' },
  USER_EXISTS: { status: 409, hint: 'Pick another name, or change the existing user with PATCH /api/v1/users/:name.' },
  USER_NOT_FOUND: { status: 404, hint: 'GET /api/v1/users lists the users.' },
  PASSWORD_TOO_WEAK: { status: 400, hint: 'Use a password of at least 12 characters (a passphrase is fine).' },
  TOKEN_NOT_FOUND: { status: 404, hint: 'GET /api/v1/tokens lists the tokens you can see.' },
  TOKEN_EXPIRED: { status: 401, hint: 'The token has expired; mint a new one with POST /api/v1/tokens.' },
  TICKET_INVALID: {
    status: 401,
    hint: 'A WebSocket ticket is single use and lives 30 s; get a fresh one with POST /api/v1/session/ticket right before connecting.',
  },
  // Last resort: a bug. Logged with the request id.
  INTERNAL: { status: 500, hint: 'This is a bug in Aether; the kernel log has the details under the request id.' },
} as const satisfies Record<string, { status: number; hint: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
