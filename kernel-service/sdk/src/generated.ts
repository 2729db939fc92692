/**
 * Generated from docs/openapi.json by openapi-typescript (npm run openapi); do not edit.
 * test/unit/openapi.test.ts fails when it is out of date.
 */
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness (no authentication) */
    get: operations['getHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics (text format 0.0.4) */
    get: operations['getMetrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who the credential of this request is (any credential); csrfToken for cookie sessions */
    get: operations['getSession'];
    put?: never;
    /** Log in: sets the aether_session cookie (HttpOnly, SameSite=Strict) and answers the CSRF token */
    post: operations['createSession'];
    /** Log out: ends the cookie session and clears the cookie (a bearer credential: nothing to end) */
    delete: operations['deleteSession'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/session/ticket': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A single-use WebSocket ticket (?ticket=), valid 30 s, bound to this principal */
    post: operations['createSessionTicket'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Users by name, a page at a time */
    get: operations['listUsers'];
    put?: never;
    /** A user with a role and a password (scrypt-hashed) */
    post: operations['createUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One user */
    get: operations['getUser'];
    put?: never;
    post?: never;
    /** Delete a user; its sessions end at once */
    delete: operations['deleteUser'];
    options?: never;
    head?: never;
    /** Change a user's role, grants, password or disabled flag; disabling or a new password ends its sessions */
    patch: operations['updateUser'];
    trace?: never;
  };
  '/api/v1/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** API tokens (never their secrets): an admin sees all, anyone else those it minted */
    get: operations['listTokens'];
    put?: never;
    /** An API token (aet_…) with a role, grants and an optional agent scope; its secret is in this answer only */
    post: operations['createToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tokens/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API token: its next request fails */
    delete: operations['deleteToken'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tokens/bootstrap/rotate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A new admin token: rewrites <stateDir>/admin.token (0600); the old one stops working at once */
    post: operations['rotateBootstrapToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List processes, by pid, filtered by state and labels, a page at a time */
    get: operations['listAgents'];
    put?: never;
    /** Spawn a process in a new sandbox */
    post: operations['spawnAgent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One process */
    get: operations['getAgent'];
    put?: never;
    post?: never;
    /** Terminate: SIGTERM, then SIGKILL after the grace period; returns the final record */
    delete: operations['terminateAgent'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/signal': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a POSIX signal to the main program */
    post: operations['signalAgent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/pause': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Freeze every process of the sandbox (memory kept) */
    post: operations['pauseAgent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Thaw a paused sandbox */
    post: operations['resumeAgent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/templates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Agent templates: prompt, granted tools, limits, approval policy */
    get: operations['listTemplates'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tools': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every registered tool */
    get: operations['listTools'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/steps': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The steps of a run (thoughts, tool calls, observations), oldest first; page with after= (the last step id) */
    get: operations['listAgentSteps'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/approvals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Tool calls waiting for (or decided by) a human */
    get: operations['listApprovals'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/approvals/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve or deny; the agent receives the decision and the reason as an observation */
    post: operations['decideApproval'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/questions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Questions agents asked humans */
    get: operations['listQuestions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/questions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Answer a question; the agent continues with the answer */
    post: operations['answerQuestion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Kernel and sandbox capabilities */
    get: operations['getSystem'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Stored kernel events after a seq (JSON); the same URL as a WebSocket streams them, then live ones */
    get: operations['listEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/by-name/{name}/memory': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Browse or search an agent's memory (its own and its spaces') */
    get: operations['listAgentMemory'];
    put?: never;
    /** Tell an agent something to remember (a human teaching it) */
    post: operations['teachAgentMemory'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/by-name/{name}/social': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What an agent knows about others: exchanges and reliability (the 50 strongest ties) */
    get: operations['getAgentSocial'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/memory/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Forget one memory */
    delete: operations['forgetMemory'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/memory/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How recall works on this kernel */
    get: operations['getMemoryStatus'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/memory/spaces': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Shared memory spaces and their members */
    get: operations['listMemorySpaces'];
    put?: never;
    /** Create a shared memory space for a team */
    post: operations['createMemorySpace'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/memory/spaces/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a space and its memories */
    delete: operations['deleteMemorySpace'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/memory/spaces/{name}/members/{agent}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set an agent's access to a space (read, or write which includes read) */
    put: operations['setMemorySpaceMember'];
    post?: never;
    /** Remove an agent from a space */
    delete: operations['removeMemorySpaceMember'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/memory/spaces/{name}/memory': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Browse or search a space's memory */
    get: operations['listMemorySpaceMemory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Messages to and from one process, newest first */
    get: operations['listAgentMessages'];
    put?: never;
    /** Send a message to a running process (it arrives as an observation) */
    post: operations['sendAgentMessage'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/by-name/{name}/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Messages to and from an agent (all its runs), newest first */
    get: operations['listAgentMessagesByName'];
    put?: never;
    /** Send a message to an agent: kept in its mailbox until one of its runs reads it */
    post: operations['sendAgentMessageByName'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/topics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Topics, their space and subscribers */
    get: operations['listTopics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/topics/{topic}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Create a topic, or set the space whose members may use it (null: open to all agents) */
    put: operations['putTopic'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/topics/{topic}/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Messages published on a topic, newest first */
    get: operations['listTopicMessages'];
    put?: never;
    /** Publish to a topic's subscribers as a human */
    post: operations['publishTopicMessage'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/files': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a directory of the agent's home */
    get: operations['listAgentFiles'];
    put?: never;
    post?: never;
    /** Delete a file, link or directory of the home (a link goes, never its target) */
    delete: operations['deleteAgentFile'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/files/content': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a regular file of the agent's home (the first MiB; `truncated` says when there is more) */
    get: operations['readAgentFile'];
    /** Write a file of the home from the raw body (application/octet-stream, at most 64 MiB; parent directories created) */
    put: operations['writeAgentFile'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/files/raw': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Download a whole regular file of the home as application/octet-stream */
    get: operations['downloadAgentFile'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/files/archive': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A tar of a file or directory of the home (a directory: its entries, relative to it; links stored, never followed) */
    get: operations['downloadAgentArchive'];
    /** Extract a tar (application/x-tar, at most 64 MiB) under a directory of the home; checked whole before anything is written */
    put: operations['uploadAgentArchive'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/logs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The main program's stdout and stderr (the journal for systemd, the engine's logs for Docker), also after it ended */
    get: operations['getAgentLogs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/exec': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run one command in the process's sandbox (its user, home, namespaces and cgroup) and answer its exit status and output */
    post: operations['execInAgent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A live process's memory, CPU, tasks and GPUs */
    get: operations['getAgentStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The same figures for every live process, by pid */
    get: operations['listStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Host CPU, memory and disk, the kernel process, and the GPUs */
    get: operations['getSystemStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/gpus': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** GPU inventory, how GPUs are passed through, and who holds which */
    get: operations['listGpus'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/terminals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Terminals of a process */
    get: operations['listAgentTerminals'];
    put?: never;
    /** Open a terminal in the process's sandbox (same user, home, slice and namespaces as its program) */
    post: operations['openAgentTerminal'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/terminals/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One terminal; with a WebSocket upgrade (?token=), attach to it */
    get: operations['getAgentTerminal'];
    put?: never;
    post?: never;
    /** End the program in a terminal */
    delete: operations['closeAgentTerminal'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/desktop': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The process's desktop and its control lease */
    get: operations['getAgentDesktop'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/desktop/screenshot': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The screen now, as PNG */
    get: operations['getAgentScreenshot'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/desktop/lease': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who controls the desktop */
    get: operations['getAgentDesktopLease'];
    put?: never;
    /** Take (or renew) the control lease: the agent pauses while you hold it */
    post: operations['takeAgentDesktopLease'];
    /** Release the control lease: the agent resumes and is told a human intervened */
    delete: operations['releaseAgentDesktopLease'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/plugins': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Installed MCP plugins a run may declare */
    get: operations['listPlugins'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Audit entries, oldest first, filtered by actor and action */
    get: operations['listAuditEntries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/audit/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Walk the hash chain: ok, or the first entry that was altered or removed */
    get: operations['verifyAuditChain'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/backup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Write a backup of the state (database, homes, configuration) to disk; download it with GET /system/backups/:id */
    post: operations['createBackup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/backups': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Backups kept on disk, oldest first */
    get: operations['listBackups'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/backups/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The backup file (application/gzip, a .tar.gz whose first member is manifest.json) */
    get: operations['downloadBackup'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/network': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The process's network: mode, its address and gateway (egress), policy, published ports */
    get: operations['getAgentNetwork'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/ports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Ports the agent published */
    get: operations['listAgentPorts'];
    put?: never;
    /** Publish a port of an egress agent: served at /api/v1/agents/:pid/ports/:port/ through the kernel's proxy */
    post: operations['publishAgentPort'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/agents/{pid}/ports/{port}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Stop publishing a port */
    delete: operations['unpublishAgentPort'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Restore a backup (the raw file as application/gzip): verified whole before anything changes, then the kernel restarts on it */
    post: operations['restoreBackup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: never;
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'ok';
            version: string;
            startedAt: string;
          };
        };
      };
    };
  };
  getMetrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Prometheus text format 0.0.4 */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
    };
  };
  getSession: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            user: {
              name: string;
              role: 'viewer' | 'operator' | 'admin';
              grants: 'files.read'[];
            };
            kind: 'bootstrap' | 'user' | 'token' | 'mcp';
            csrfToken?: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  createSession: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          /** @description At least 12 characters */
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            user: {
              name: string;
              role: 'viewer' | 'operator' | 'admin';
              grants: 'files.read'[];
            };
            csrfToken: string;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  deleteSession: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  createSessionTicket: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            ticket: string;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listUsers: {
    parameters: {
      query?: {
        /** @description Items per page (1..500) */
        limit?: number;
        /** @description The previous page's nextCursor (opaque) */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              name: string;
              role: 'viewer' | 'operator' | 'admin';
              grants: 'files.read'[];
              disabled: boolean;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              lastLoginAt: string | null;
            }[];
            /** @description Pass as cursor for the next page; null on the last one */
            nextCursor: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  createUser: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Lower case, 1..64 characters */
          name: string;
          role: 'viewer' | 'operator' | 'admin';
          /** @description At least 12 characters */
          password: string;
          grants?: 'files.read'[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            role: 'viewer' | 'operator' | 'admin';
            grants: 'files.read'[];
            disabled: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastLoginAt: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  getUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Lower case, 1..64 characters */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            role: 'viewer' | 'operator' | 'admin';
            grants: 'files.read'[];
            disabled: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastLoginAt: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  deleteUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Lower case, 1..64 characters */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  updateUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Lower case, 1..64 characters */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          role?: 'viewer' | 'operator' | 'admin';
          disabled?: boolean;
          /** @description At least 12 characters */
          password?: string;
          grants?: 'files.read'[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            role: 'viewer' | 'operator' | 'admin';
            grants: 'files.read'[];
            disabled: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastLoginAt: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listTokens: {
    parameters: {
      query?: {
        /** @description Items per page (1..500) */
        limit?: number;
        /** @description The previous page's nextCursor (opaque) */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              id: string;
              name: string;
              role: 'viewer' | 'operator' | 'admin';
              scope: {
                labels?: {
                  [key: string]: string;
                };
                namePrefix?: string;
              } | null;
              grants: 'files.read'[];
              /** @description The actor that minted it */
              createdBy: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              expiresAt: string | null;
              /** Format: date-time */
              lastUsedAt: string | null;
            }[];
            /** @description Pass as cursor for the next page; null on the last one */
            nextCursor: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  createToken: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          role: 'viewer' | 'operator' | 'admin';
          scope?: {
            labels?: {
              [key: string]: string;
            };
            namePrefix?: string;
          };
          expiresInSeconds?: number;
          grants?: 'files.read'[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            name: string;
            role: 'viewer' | 'operator' | 'admin';
            scope: {
              labels?: {
                [key: string]: string;
              };
              namePrefix?: string;
            } | null;
            grants: 'files.read'[];
            /** @description The actor that minted it */
            createdBy: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string | null;
            /** Format: date-time */
            lastUsedAt: string | null;
            /** @description aet_…; shown in this answer only, stored hashed */
            secret: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  deleteToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  rotateBootstrapToken: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The new admin token; the old one no longer works */
            secret: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listAgents: {
    parameters: {
      query?: {
        state?: 'created' | 'starting' | 'running' | 'paused' | 'stopping' | 'exited' | 'killed' | 'failed';
        /** @description key=value; repeat it to require several (all must match) */
        label?: string[];
        /** @description Items per page (1..500) */
        limit?: number;
        /** @description The previous page's nextCursor (opaque) */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            processes: {
              pid: number;
              ppid: number | null;
              agent: {
                id: string;
                name: string;
              };
              /** @enum {string} */
              state: 'created' | 'starting' | 'running' | 'paused' | 'stopping' | 'exited' | 'killed' | 'failed';
              command: string[];
              environment: {
                [key: string]: string;
              };
              limits: {
                memoryMax: number;
                cpuQuota: number;
                tasksMax: number;
              };
              network: string;
              sandbox: {
                driver: string;
                id: string | null;
                pauseMethod: string | null;
                image?: string;
                gpus?: {
                  [key: string]: unknown;
                };
                /** @description Started in a sandbox prepared ahead (the warm pool) */
                prestarted?: boolean;
                /** @description Spawned with a desktop (GET /agents/:pid/desktop) */
                desktop?: boolean;
                /** @description The egress policy (network "egress"); docs/SECURITY.md, Networking */
                egress?: {
                  /** @description IPv4 CIDRs or domains (example.com and below; *.example.com below only); present: nothing else is reachable */
                  allow?: string[];
                  /** @description IPv4 CIDRs or domains; wins over allow */
                  deny?: string[];
                  /** @description TCP/UDP destination ports or ranges ("8000-8100") */
                  ports?: (number | string)[];
                  /** @description A name not on the allow-list waits for a person at its first lookup */
                  approval?: boolean;
                  /** @description Most connections open at once */
                  maxConnections?: number;
                  /** @description Cap per direction, kilobytes per second */
                  bandwidthKBps?: number;
                };
              };
              exit: {
                code: number | null;
                signal: string | null;
                reason: string;
              } | null;
              labels: {
                [key: string]: string;
              };
              /** Format: date-time */
              expiresAt: string | null;
              /** @description Why the kernel ended it on its own ("ttl-expired"); null otherwise */
              endReason: string | null;
              idle?: {
                afterSeconds: number;
                action: string;
                cpuPercent: number;
              } | null;
              autoResume?: {
                onMessage: boolean;
                onApi: boolean;
                onAttach: boolean;
              } | null;
              restart?: {
                policy: string;
                maxRestarts: number;
                backoffMs: number;
              } | null;
              /** @description Restarts so far in this PID, and what ended the last run */
              restarts?: {
                count: number;
                lastReason: string | null;
                /** Format: date-time */
                lastAt: string | null;
              };
              /** Format: date-time */
              idleSince?: string | null;
              /** @description "idle" when the idle policy paused it */
              pausedBy?: string | null;
              /** Format: date-time */
              createdAt: string | null;
              /** Format: date-time */
              startedAt: string | null;
              /** Format: date-time */
              endedAt: string | null;
              run?: {
                goal: string;
                template: string;
                model: string | null;
                tools: string[];
                step: number;
                maxSteps: number;
                tokenBudget: number;
                status: string;
                result: string | null;
                resumedFrom: number | null;
              } | null;
              usage?: {
                promptTokens: number;
                completionTokens: number;
                costUsd: number;
              };
            }[];
            /** @description Pass as cursor for the next page; null on the last one */
            nextCursor: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  spawnAgent: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Agent identity; a known name starts a new run of that agent */
          name: string;
          /** @description argv of a program to run; omit it and give a goal to run the agent runtime instead */
          command?: string[];
          /** @description What the agent runtime should achieve */
          goal?: string;
          /** @description GET /api/v1/templates lists them */
          template?: string;
          /** @description provider/model, e.g. openai/gpt-4o-mini */
          model?: string;
          /** @description Tools to grant instead of the template's (names or @category) */
          tools?: string[];
          maxSteps?: number;
          tokenBudget?: number;
          /** @description Which tool calls wait for a human (replaces the template's policy) */
          approval?: {
            tools?: string[];
            commandPatterns?: string[];
            network?: boolean;
          };
          /** @description Continue the run of this pid from its checkpoint */
          resumeFrom?: number;
          /** @description MCP servers started inside the sandbox; their tools join the run's (replaces the template's plugins) */
          plugins?: {
            /** @description Its tools' prefix (`<name>__<tool>`); alone, the installed plugin of that name */
            name: string;
            /** @description An installed plugin (GET /api/v1/plugins) */
            package?: string;
            args?: string[];
            /** @description argv of an MCP server (stdio) to run in the sandbox, as the agent */
            command?: string[];
            env?: {
              [key: string]: string;
            };
          }[];
          /** @description Parent process */
          ppid?: number;
          environment?: {
            [key: string]: string;
          };
          limits?: {
            /** @description Bytes, or a size such as "512M" */
            memoryMax?: number | string;
            /** @description Percent of one CPU (200 = two cores) */
            cpuQuota?: number;
            /** @description Most processes and threads at once */
            tasksMax?: number;
          };
          /** @description key=value tags (at most 32; keys ^[a-z0-9]([a-z0-9._/-]{0,62})$, values up to 256 characters) */
          labels?: {
            [key: string]: string;
          };
          /** @description Stop the process this many seconds after the spawn (a normal terminate; endReason "ttl-expired") */
          ttlSeconds?: number;
          /**
           * @description none (default): loopback only. egress: its own network namespace, NAT out, the policy in `egress`, DNS through the kernel. host: DANGEROUS, the host's own network: every service on the host's loopback (local model servers, databases), other agents' ports and the whole LAN; an administrator's explicit choice only, never given to a run's child or by a template.
           * @enum {string}
           */
          network?: 'none' | 'egress' | 'host';
          /** @description The egress policy (network "egress"); docs/SECURITY.md, Networking */
          egress?: {
            /** @description IPv4 CIDRs or domains (example.com and below; *.example.com below only); present: nothing else is reachable */
            allow?: string[];
            /** @description IPv4 CIDRs or domains; wins over allow */
            deny?: string[];
            /** @description TCP/UDP destination ports or ranges ("8000-8100") */
            ports?: (number | string)[];
            /** @description A name not on the allow-list waits for a person at its first lookup */
            approval?: boolean;
            /** @description Most connections open at once */
            maxConnections?: number;
            /** @description Cap per direction, kilobytes per second */
            bandwidthKBps?: number;
          };
          /** @description After this long with no model call, no terminal input and CPU below the threshold: pause, snapshot or stop */
          idle?: {
            afterSeconds: number;
            action: 'pause' | 'snapshot' | 'stop';
            /** @description Below this (percent of one core) counts as idle; default 2 */
            cpuPercent?: number;
          };
          /** @description Which contacts resume a process the idle policy paused (true: all of them) */
          autoResume?:
            | boolean
            | {
                /** @description A message sent to it (IPC) resumes it */
                onMessage?: boolean;
                /** @description An API call addressed to it resumes it */
                onApi?: boolean;
                /** @description A terminal attach resumes it */
                onAttach?: boolean;
              };
          /** @description Start the program again in the same PID after it ends on its own */
          restart?: {
            policy: 'no' | 'on-failure' | 'always';
            /** @description Default 5 */
            maxRestarts?: number;
            /** @description First delay, doubled per restart up to 5 minutes; default 1000 */
            backoffMs?: number;
          };
          /** @description A graphical desktop (Xvnc, window manager, browser, terminal) in the sandbox; DISPLAY is set for the program */
          desktop?: boolean;
          /** @description A TCP endpoint at 127.0.0.1:4141 in the sandbox, forwarded to its kernel socket, with OPENAI_BASE_URL, ANTHROPIC_BASE_URL and placeholder keys set (for programs that want a base URL, such as Claude Code or Codex); refused under network "host". Program templates turn it on. */
          endpoint?: boolean;
          /** @description Which sandbox driver runs it (default from sandbox.driver) and its options */
          sandbox?: {
            /** @enum {string} */
            driver?: 'systemd' | 'docker';
            image?: string;
            gpus?:
              | {
                  count: number | 'all';
                  /** @description Share the GPUs with other shared holders (default: exclusive) */
                  shared?: boolean;
                }
              | {
                  deviceIds: string[];
                  /** @description Share the GPUs with other shared holders (default: exclusive) */
                  shared?: boolean;
                };
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            pid: number;
            ppid: number | null;
            agent: {
              id: string;
              name: string;
            };
            /** @enum {string} */
            state: 'created' | 'starting' | 'running' | 'paused' | 'stopping' | 'exited' | 'killed' | 'failed';
            command: string[];
            environment: {
              [key: string]: string;
            };
            limits: {
              memoryMax: number;
              cpuQuota: number;
              tasksMax: number;
            };
            network: string;
            sandbox: {
              driver: string;
              id: string | null;
              pauseMethod: string | null;
              image?: string;
              gpus?: {
                [key: string]: unknown;
              };
              /** @description Started in a sandbox prepared ahead (the warm pool) */
              prestarted?: boolean;
              /** @description Spawned with a desktop (GET /agents/:pid/desktop) */
              desktop?: boolean;
              /** @description The egress policy (network "egress"); docs/SECURITY.md, Networking */
              egress?: {
                /** @description IPv4 CIDRs or domains (example.com and below; *.example.com below only); present: nothing else is reachable */
                allow?: string[];
                /** @description IPv4 CIDRs or domains; wins over allow */
                deny?: string[];
                /** @description TCP/UDP destination ports or ranges ("8000-8100") */
                ports?: (number | string)[];
                /** @description A name not on the allow-list waits for a person at its first lookup */
                approval?: boolean;
                /** @description Most connections open at once */
                maxConnections?: number;
                /** @description Cap per direction, kilobytes per second */
                bandwidthKBps?: number;
              };
            };
            exit: {
              code: number | null;
              signal: string | null;
              reason: string;
            } | null;
            labels: {
              [key: string]: string;
            };
            /** Format: date-time */
            expiresAt: string | null;
            /** @description Why the kernel ended it on its own ("ttl-expired"); null otherwise */
            endReason: string | null;
            idle?: {
              afterSeconds: number;
              action: string;
              cpuPercent: number;
            } | null;
            autoResume?: {
              onMessage: boolean;
              onApi: boolean;
              onAttach: boolean;
            } | null;
            restart?: {
              policy: string;
              maxRestarts: number;
              backoffMs: number;
            } | null;
            /** @description Restarts so far in this PID, and what ended the last run */
            restarts?: {
              count: number;
              lastReason: string | null;
              /** Format: date-time */
              lastAt: string | null;
            };
            /** Format: date-time */
            idleSince?: string | null;
            /** @description "idle" when the idle policy paused it */
            pausedBy?: string | null;
            /** Format: date-time */
            createdAt: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            endedAt: string | null;
            run?: {
              goal: string;
              template: string;
              model: string | null;
              tools: string[];
              step: number;
              maxSteps: number;
              tokenBudget: number;
              status: string;
              result: string | null;
              resumedFrom: number | null;
            } | null;
            usage?: {
              promptTokens: number;
              completionTokens: number;
              costUsd: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  getAgent: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            pid: number;
            ppid: number | null;
            agent: {
              id: string;
              name: string;
            };
            /** @enum {string} */
            state: 'created' | 'starting' | 'running' | 'paused' | 'stopping' | 'exited' | 'killed' | 'failed';
            command: string[];
            environment: {
              [key: string]: string;
            };
            limits: {
              memoryMax: number;
              cpuQuota: number;
              tasksMax: number;
            };
            network: string;
            sandbox: {
              driver: string;
              id: string | null;
              pauseMethod: string | null;
              image?: string;
              gpus?: {
                [key: string]: unknown;
              };
              /** @description Started in a sandbox prepared ahead (the warm pool) */
              prestarted?: boolean;
              /** @description Spawned with a desktop (GET /agents/:pid/desktop) */
              desktop?: boolean;
              /** @description The egress policy (network "egress"); docs/SECURITY.md, Networking */
              egress?: {
                /** @description IPv4 CIDRs or domains (example.com and below; *.example.com below only); present: nothing else is reachable */
                allow?: string[];
                /** @description IPv4 CIDRs or domains; wins over allow */
                deny?: string[];
                /** @description TCP/UDP destination ports or ranges ("8000-8100") */
                ports?: (number | string)[];
                /** @description A name not on the allow-list waits for a person at its first lookup */
                approval?: boolean;
                /** @description Most connections open at once */
                maxConnections?: number;
                /** @description Cap per direction, kilobytes per second */
                bandwidthKBps?: number;
              };
            };
            exit: {
              code: number | null;
              signal: string | null;
              reason: string;
            } | null;
            labels: {
              [key: string]: string;
            };
            /** Format: date-time */
            expiresAt: string | null;
            /** @description Why the kernel ended it on its own ("ttl-expired"); null otherwise */
            endReason: string | null;
            idle?: {
              afterSeconds: number;
              action: string;
              cpuPercent: number;
            } | null;
            autoResume?: {
              onMessage: boolean;
              onApi: boolean;
              onAttach: boolean;
            } | null;
            restart?: {
              policy: string;
              maxRestarts: number;
              backoffMs: number;
            } | null;
            /** @description Restarts so far in this PID, and what ended the last run */
            restarts?: {
              count: number;
              lastReason: string | null;
              /** Format: date-time */
              lastAt: string | null;
            };
            /** Format: date-time */
            idleSince?: string | null;
            /** @description "idle" when the idle policy paused it */
            pausedBy?: string | null;
            /** Format: date-time */
            createdAt: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            endedAt: string | null;
            run?: {
              goal: string;
              template: string;
              model: string | null;
              tools: string[];
              step: number;
              maxSteps: number;
              tokenBudget: number;
              status: string;
              result: string | null;
              resumedFrom: number | null;
            } | null;
            usage?: {
              promptTokens: number;
              completionTokens: number;
              costUsd: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  terminateAgent: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            pid: number;
            ppid: number | null;
            agent: {
              id: string;
              name: string;
            };
            /** @enum {string} */
            state: 'created' | 'starting' | 'running' | 'paused' | 'stopping' | 'exited' | 'killed' | 'failed';
            command: string[];
            environment: {
              [key: string]: string;
            };
            limits: {
              memoryMax: number;
              cpuQuota: number;
              tasksMax: number;
            };
            network: string;
            sandbox: {
              driver: string;
              id: string | null;
              pauseMethod: string | null;
              image?: string;
              gpus?: {
                [key: string]: unknown;
              };
              /** @description Started in a sandbox prepared ahead (the warm pool) */
              prestarted?: boolean;
              /** @description Spawned with a desktop (GET /agents/:pid/desktop) */
              desktop?: boolean;
              /** @description The egress policy (network "egress"); docs/SECURITY.md, Networking */
              egress?: {
                /** @description IPv4 CIDRs or domains (example.com and below; *.example.com below only); present: nothing else is reachable */
                allow?: string[];
                /** @description IPv4 CIDRs or domains; wins over allow */
                deny?: string[];
                /** @description TCP/UDP destination ports or ranges ("8000-8100") */
                ports?: (number | string)[];
                /** @description A name not on the allow-list waits for a person at its first lookup */
                approval?: boolean;
                /** @description Most connections open at once */
                maxConnections?: number;
                /** @description Cap per direction, kilobytes per second */
                bandwidthKBps?: number;
              };
            };
            exit: {
              code: number | null;
              signal: string | null;
              reason: string;
            } | null;
            labels: {
              [key: string]: string;
            };
            /** Format: date-time */
            expiresAt: string | null;
            /** @description Why the kernel ended it on its own ("ttl-expired"); null otherwise */
            endReason: string | null;
            idle?: {
              afterSeconds: number;
              action: string;
              cpuPercent: number;
            } | null;
            autoResume?: {
              onMessage: boolean;
              onApi: boolean;
              onAttach: boolean;
            } | null;
            restart?: {
              policy: string;
              maxRestarts: number;
              backoffMs: number;
            } | null;
            /** @description Restarts so far in this PID, and what ended the last run */
            restarts?: {
              count: number;
              lastReason: string | null;
              /** Format: date-time */
              lastAt: string | null;
            };
            /** Format: date-time */
            idleSince?: string | null;
            /** @description "idle" when the idle policy paused it */
            pausedBy?: string | null;
            /** Format: date-time */
            createdAt: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            endedAt: string | null;
            run?: {
              goal: string;
              template: string;
              model: string | null;
              tools: string[];
              step: number;
              maxSteps: number;
              tokenBudget: number;
              status: string;
              result: string | null;
              resumedFrom: number | null;
            } | null;
            usage?: {
              promptTokens: number;
              completionTokens: number;
              costUsd: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  signalAgent: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          signal: string | number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            pid: number;
            ppid: number | null;
            agent: {
              id: string;
              name: string;
            };
            /** @enum {string} */
            state: 'created' | 'starting' | 'running' | 'paused' | 'stopping' | 'exited' | 'killed' | 'failed';
            command: string[];
            environment: {
              [key: string]: string;
            };
            limits: {
              memoryMax: number;
              cpuQuota: number;
              tasksMax: number;
            };
            network: string;
            sandbox: {
              driver: string;
              id: string | null;
              pauseMethod: string | null;
              image?: string;
              gpus?: {
                [key: string]: unknown;
              };
              /** @description Started in a sandbox prepared ahead (the warm pool) */
              prestarted?: boolean;
              /** @description Spawned with a desktop (GET /agents/:pid/desktop) */
              desktop?: boolean;
              /** @description The egress policy (network "egress"); docs/SECURITY.md, Networking */
              egress?: {
                /** @description IPv4 CIDRs or domains (example.com and below; *.example.com below only); present: nothing else is reachable */
                allow?: string[];
                /** @description IPv4 CIDRs or domains; wins over allow */
                deny?: string[];
                /** @description TCP/UDP destination ports or ranges ("8000-8100") */
                ports?: (number | string)[];
                /** @description A name not on the allow-list waits for a person at its first lookup */
                approval?: boolean;
                /** @description Most connections open at once */
                maxConnections?: number;
                /** @description Cap per direction, kilobytes per second */
                bandwidthKBps?: number;
              };
            };
            exit: {
              code: number | null;
              signal: string | null;
              reason: string;
            } | null;
            labels: {
              [key: string]: string;
            };
            /** Format: date-time */
            expiresAt: string | null;
            /** @description Why the kernel ended it on its own ("ttl-expired"); null otherwise */
            endReason: string | null;
            idle?: {
              afterSeconds: number;
              action: string;
              cpuPercent: number;
            } | null;
            autoResume?: {
              onMessage: boolean;
              onApi: boolean;
              onAttach: boolean;
            } | null;
            restart?: {
              policy: string;
              maxRestarts: number;
              backoffMs: number;
            } | null;
            /** @description Restarts so far in this PID, and what ended the last run */
            restarts?: {
              count: number;
              lastReason: string | null;
              /** Format: date-time */
              lastAt: string | null;
            };
            /** Format: date-time */
            idleSince?: string | null;
            /** @description "idle" when the idle policy paused it */
            pausedBy?: string | null;
            /** Format: date-time */
            createdAt: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            endedAt: string | null;
            run?: {
              goal: string;
              template: string;
              model: string | null;
              tools: string[];
              step: number;
              maxSteps: number;
              tokenBudget: number;
              status: string;
              result: string | null;
              resumedFrom: number | null;
            } | null;
            usage?: {
              promptTokens: number;
              completionTokens: number;
              costUsd: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  pauseAgent: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            pid: number;
            ppid: number | null;
            agent: {
              id: string;
              name: string;
            };
            /** @enum {string} */
            state: 'created' | 'starting' | 'running' | 'paused' | 'stopping' | 'exited' | 'killed' | 'failed';
            command: string[];
            environment: {
              [key: string]: string;
            };
            limits: {
              memoryMax: number;
              cpuQuota: number;
              tasksMax: number;
            };
            network: string;
            sandbox: {
              driver: string;
              id: string | null;
              pauseMethod: string | null;
              image?: string;
              gpus?: {
                [key: string]: unknown;
              };
              /** @description Started in a sandbox prepared ahead (the warm pool) */
              prestarted?: boolean;
              /** @description Spawned with a desktop (GET /agents/:pid/desktop) */
              desktop?: boolean;
              /** @description The egress policy (network "egress"); docs/SECURITY.md, Networking */
              egress?: {
                /** @description IPv4 CIDRs or domains (example.com and below; *.example.com below only); present: nothing else is reachable */
                allow?: string[];
                /** @description IPv4 CIDRs or domains; wins over allow */
                deny?: string[];
                /** @description TCP/UDP destination ports or ranges ("8000-8100") */
                ports?: (number | string)[];
                /** @description A name not on the allow-list waits for a person at its first lookup */
                approval?: boolean;
                /** @description Most connections open at once */
                maxConnections?: number;
                /** @description Cap per direction, kilobytes per second */
                bandwidthKBps?: number;
              };
            };
            exit: {
              code: number | null;
              signal: string | null;
              reason: string;
            } | null;
            labels: {
              [key: string]: string;
            };
            /** Format: date-time */
            expiresAt: string | null;
            /** @description Why the kernel ended it on its own ("ttl-expired"); null otherwise */
            endReason: string | null;
            idle?: {
              afterSeconds: number;
              action: string;
              cpuPercent: number;
            } | null;
            autoResume?: {
              onMessage: boolean;
              onApi: boolean;
              onAttach: boolean;
            } | null;
            restart?: {
              policy: string;
              maxRestarts: number;
              backoffMs: number;
            } | null;
            /** @description Restarts so far in this PID, and what ended the last run */
            restarts?: {
              count: number;
              lastReason: string | null;
              /** Format: date-time */
              lastAt: string | null;
            };
            /** Format: date-time */
            idleSince?: string | null;
            /** @description "idle" when the idle policy paused it */
            pausedBy?: string | null;
            /** Format: date-time */
            createdAt: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            endedAt: string | null;
            run?: {
              goal: string;
              template: string;
              model: string | null;
              tools: string[];
              step: number;
              maxSteps: number;
              tokenBudget: number;
              status: string;
              result: string | null;
              resumedFrom: number | null;
            } | null;
            usage?: {
              promptTokens: number;
              completionTokens: number;
              costUsd: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  resumeAgent: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            pid: number;
            ppid: number | null;
            agent: {
              id: string;
              name: string;
            };
            /** @enum {string} */
            state: 'created' | 'starting' | 'running' | 'paused' | 'stopping' | 'exited' | 'killed' | 'failed';
            command: string[];
            environment: {
              [key: string]: string;
            };
            limits: {
              memoryMax: number;
              cpuQuota: number;
              tasksMax: number;
            };
            network: string;
            sandbox: {
              driver: string;
              id: string | null;
              pauseMethod: string | null;
              image?: string;
              gpus?: {
                [key: string]: unknown;
              };
              /** @description Started in a sandbox prepared ahead (the warm pool) */
              prestarted?: boolean;
              /** @description Spawned with a desktop (GET /agents/:pid/desktop) */
              desktop?: boolean;
              /** @description The egress policy (network "egress"); docs/SECURITY.md, Networking */
              egress?: {
                /** @description IPv4 CIDRs or domains (example.com and below; *.example.com below only); present: nothing else is reachable */
                allow?: string[];
                /** @description IPv4 CIDRs or domains; wins over allow */
                deny?: string[];
                /** @description TCP/UDP destination ports or ranges ("8000-8100") */
                ports?: (number | string)[];
                /** @description A name not on the allow-list waits for a person at its first lookup */
                approval?: boolean;
                /** @description Most connections open at once */
                maxConnections?: number;
                /** @description Cap per direction, kilobytes per second */
                bandwidthKBps?: number;
              };
            };
            exit: {
              code: number | null;
              signal: string | null;
              reason: string;
            } | null;
            labels: {
              [key: string]: string;
            };
            /** Format: date-time */
            expiresAt: string | null;
            /** @description Why the kernel ended it on its own ("ttl-expired"); null otherwise */
            endReason: string | null;
            idle?: {
              afterSeconds: number;
              action: string;
              cpuPercent: number;
            } | null;
            autoResume?: {
              onMessage: boolean;
              onApi: boolean;
              onAttach: boolean;
            } | null;
            restart?: {
              policy: string;
              maxRestarts: number;
              backoffMs: number;
            } | null;
            /** @description Restarts so far in this PID, and what ended the last run */
            restarts?: {
              count: number;
              lastReason: string | null;
              /** Format: date-time */
              lastAt: string | null;
            };
            /** Format: date-time */
            idleSince?: string | null;
            /** @description "idle" when the idle policy paused it */
            pausedBy?: string | null;
            /** Format: date-time */
            createdAt: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            endedAt: string | null;
            run?: {
              goal: string;
              template: string;
              model: string | null;
              tools: string[];
              step: number;
              maxSteps: number;
              tokenBudget: number;
              status: string;
              result: string | null;
              resumedFrom: number | null;
            } | null;
            usage?: {
              promptTokens: number;
              completionTokens: number;
              costUsd: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listTemplates: {
    parameters: {
      query?: {
        /** @description Items per page (1..500) */
        limit?: number;
        /** @description The previous page's nextCursor (opaque) */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            templates: ({
              name: string;
              description: string;
              prompt: string;
              tools: string[];
              limits: {
                /** @description Bytes, or a size such as "512M" */
                memoryMax?: number | string;
                /** @description Percent of one CPU (200 = two cores) */
                cpuQuota?: number;
                /** @description Most processes and threads at once */
                tasksMax?: number;
              };
              network: string;
              maxSteps: number;
              tokenBudget: number;
              contextTokens: number;
              approval: {
                [key: string]: unknown;
              };
              model: string | null;
              /** @description agent: the Aether runtime; program: a packaged agent program (claude-code, codex) */
              kind: 'agent' | 'program';
            } & {
              [key: string]: unknown;
            })[];
            /** @description Pass as cursor for the next page; null on the last one */
            nextCursor: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listTools: {
    parameters: {
      query?: {
        /** @description Items per page (1..500) */
        limit?: number;
        /** @description The previous page's nextCursor (opaque) */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            tools: ({
              name: string;
              category: string;
            } & {
              [key: string]: unknown;
            })[];
            /** @description Pass as cursor for the next page; null on the last one */
            nextCursor: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listAgentSteps: {
    parameters: {
      query?: {
        after?: number;
        limit?: number;
      };
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            steps: ({
              id: number;
              pid: number;
              n: number;
              kind: string;
              text?: string;
              tool?: string;
              arguments?: unknown;
              output?: string;
              isError?: boolean;
              callId?: string;
              at: number;
            } & {
              [key: string]: unknown;
            })[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listApprovals: {
    parameters: {
      query?: {
        state?: 'pending' | 'approved' | 'denied';
        pid?: number;
        /** @description Items per page (1..500) */
        limit?: number;
        /** @description The previous page's nextCursor (opaque) */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            approvals: ({
              id: number;
              pid: number;
              agent: string;
              callId: string;
              tool: string;
              arguments: unknown;
              why: string;
              /** @enum {string} */
              state: 'pending' | 'approved' | 'denied';
              reason: string | null;
              decidedBy: string | null;
              /** Format: date-time */
              createdAt: string | null;
              /** Format: date-time */
              decidedAt: string | null;
            } & {
              [key: string]: unknown;
            })[];
            /** @description Pass as cursor for the next page; null on the last one */
            nextCursor: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  decideApproval: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          decision: 'approve' | 'deny';
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: number;
            pid: number;
            agent: string;
            callId: string;
            tool: string;
            arguments: unknown;
            why: string;
            /** @enum {string} */
            state: 'pending' | 'approved' | 'denied';
            reason: string | null;
            decidedBy: string | null;
            /** Format: date-time */
            createdAt: string | null;
            /** Format: date-time */
            decidedAt: string | null;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listQuestions: {
    parameters: {
      query?: {
        state?: 'open' | 'answered';
        pid?: number;
        /** @description Items per page (1..500) */
        limit?: number;
        /** @description The previous page's nextCursor (opaque) */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            questions: ({
              id: number;
              pid: number;
              agent: string;
              callId: string;
              question: string;
              /** @enum {string} */
              state: 'open' | 'answered';
              answer: string | null;
              /** Format: date-time */
              createdAt: string | null;
              /** Format: date-time */
              answeredAt: string | null;
            } & {
              [key: string]: unknown;
            })[];
            /** @description Pass as cursor for the next page; null on the last one */
            nextCursor: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  answerQuestion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          answer: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: number;
            pid: number;
            agent: string;
            callId: string;
            question: string;
            /** @enum {string} */
            state: 'open' | 'answered';
            answer: string | null;
            /** Format: date-time */
            createdAt: string | null;
            /** Format: date-time */
            answeredAt: string | null;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  getSystem: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            version: string;
            startedAt: string;
            sandbox: {
              defaultDriver: string;
              drivers: ({
                driver: string;
                available: boolean;
                reason?: string;
              } & {
                [key: string]: unknown;
              })[];
            };
            limits: {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
    };
  };
  listEvents: {
    parameters: {
      query?: {
        /** @description Only events with a larger seq (the last seq the client saw); 0: from the oldest kept */
        after?: number;
        /** @description Items per page (1..500) */
        limit?: number;
        /** @description WebSocket only: the bearer token (browsers cannot set headers) */
        token?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            events: ({
              seq: number;
              type: string;
            } & {
              [key: string]: unknown;
            })[];
            /** @description Pass as after= for the next page (the last seq here, or after itself) */
            nextAfter: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listAgentMemory: {
    parameters: {
      query?: {
        /** @description search text; without it, newest first */
        q?: string;
        /** @description episodic | semantic | procedural | social */
        layer?: 'episodic' | 'semantic' | 'procedural' | 'social';
        subject?: string;
        limit?: number;
        /** @description page: memories with a smaller id */
        before?: number;
        /** @description also the spaces the agent may read (default true) */
        spaces?: boolean;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            retrieval: 'hybrid' | 'fulltext';
            note?: string;
            memories: {
              id: number;
              owner: string;
              /** @description episodic | semantic | procedural | social */
              layer: 'episodic' | 'semantic' | 'procedural' | 'social';
              content: string;
              subject: string | null;
              data: {
                [key: string]: unknown;
              };
              importance: number;
              author: string;
              sourcePid: number | null;
              createdAt: string;
              accessedAt: string;
              accessCount: number;
              score?: number;
              why?: {
                [key: string]: number | null;
              };
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  teachAgentMemory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          content: string;
          /** @description episodic | semantic | procedural | social */
          layer?: 'episodic' | 'semantic' | 'procedural' | 'social';
          subject?: string;
          importance?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: number;
            owner: string;
            /** @description episodic | semantic | procedural | social */
            layer: 'episodic' | 'semantic' | 'procedural' | 'social';
            content: string;
            subject: string | null;
            data: {
              [key: string]: unknown;
            };
            importance: number;
            author: string;
            sourcePid: number | null;
            createdAt: string;
            accessedAt: string;
            accessCount: number;
            score?: number;
            why?: {
              [key: string]: number | null;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  getAgentSocial: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            ties: ({
              subject: string;
              interactions: number;
              positive: number;
              negative: number;
              lastAt: number;
              reliability: number;
            } & {
              [key: string]: unknown;
            })[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  forgetMemory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  getMemoryStatus: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            retrieval: string;
            note?: string;
          };
        };
      };
    };
  };
  listMemorySpaces: {
    parameters: {
      query?: {
        /** @description Items per page (1..500) */
        limit?: number;
        /** @description The previous page's nextCursor (opaque) */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            spaces: {
              name: string;
              description: string;
              createdAt: string;
              members: {
                agent: string;
                access: string;
              }[];
            }[];
            /** @description Pass as cursor for the next page; null on the last one */
            nextCursor: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  createMemorySpace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          description?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            description: string;
            createdAt: string;
            members: {
              agent: string;
              access: string;
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  deleteMemorySpace: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  setMemorySpaceMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
        agent: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          access: 'read' | 'write';
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            description: string;
            createdAt: string;
            members: {
              agent: string;
              access: string;
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  removeMemorySpaceMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
        agent: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            description: string;
            createdAt: string;
            members: {
              agent: string;
              access: string;
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listMemorySpaceMemory: {
    parameters: {
      query?: {
        /** @description search text; without it, newest first */
        q?: string;
        /** @description episodic | semantic | procedural | social */
        layer?: 'episodic' | 'semantic' | 'procedural' | 'social';
        subject?: string;
        limit?: number;
        /** @description page: memories with a smaller id */
        before?: number;
        /** @description also the spaces the agent may read (default true) */
        spaces?: boolean;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            retrieval: 'hybrid' | 'fulltext';
            note?: string;
            memories: {
              id: number;
              owner: string;
              /** @description episodic | semantic | procedural | social */
              layer: 'episodic' | 'semantic' | 'procedural' | 'social';
              content: string;
              subject: string | null;
              data: {
                [key: string]: unknown;
              };
              importance: number;
              author: string;
              sourcePid: number | null;
              createdAt: string;
              accessedAt: string;
              accessCount: number;
              score?: number;
              why?: {
                [key: string]: number | null;
              };
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listAgentMessages: {
    parameters: {
      query?: {
        /** @description page: messages with a smaller id */
        before?: number;
        limit?: number;
      };
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            messages: {
              id: number;
              kind: string;
              from: {
                pid: number | null;
                agent: string;
              };
              to: {
                pid: number | null;
                agent: string;
              };
              topic: string | null;
              correlationId: string | null;
              text: string;
              data: unknown;
              createdAt: string;
              expiresAt: string | null;
              readAt: string | null;
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  sendAgentMessage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          text: string;
          data?: unknown;
          from?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: number;
            kind: string;
            from: {
              pid: number | null;
              agent: string;
            };
            to: {
              pid: number | null;
              agent: string;
            };
            topic: string | null;
            correlationId: string | null;
            text: string;
            data: unknown;
            createdAt: string;
            expiresAt: string | null;
            readAt: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listAgentMessagesByName: {
    parameters: {
      query?: {
        /** @description page: messages with a smaller id */
        before?: number;
        limit?: number;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            messages: {
              id: number;
              kind: string;
              from: {
                pid: number | null;
                agent: string;
              };
              to: {
                pid: number | null;
                agent: string;
              };
              topic: string | null;
              correlationId: string | null;
              text: string;
              data: unknown;
              createdAt: string;
              expiresAt: string | null;
              readAt: string | null;
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  sendAgentMessageByName: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          text: string;
          data?: unknown;
          from?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: number;
            kind: string;
            from: {
              pid: number | null;
              agent: string;
            };
            to: {
              pid: number | null;
              agent: string;
            };
            topic: string | null;
            correlationId: string | null;
            text: string;
            data: unknown;
            createdAt: string;
            expiresAt: string | null;
            readAt: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listTopics: {
    parameters: {
      query?: {
        /** @description Items per page (1..500) */
        limit?: number;
        /** @description The previous page's nextCursor (opaque) */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            topics: ({
              name: string;
              space: string | null;
              subscribers: string[];
              /** Format: date-time */
              createdAt: string;
            } & {
              [key: string]: unknown;
            })[];
            /** @description Pass as cursor for the next page; null on the last one */
            nextCursor: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  putTopic: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        topic: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          space: string | null;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            space: string | null;
            subscribers: string[];
            /** Format: date-time */
            createdAt: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listTopicMessages: {
    parameters: {
      query?: {
        /** @description page: messages with a smaller id */
        before?: number;
        limit?: number;
      };
      header?: never;
      path: {
        topic: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            messages: {
              id: number;
              kind: string;
              from: {
                pid: number | null;
                agent: string;
              };
              to: {
                pid: number | null;
                agent: string;
              };
              topic: string | null;
              correlationId: string | null;
              text: string;
              data: unknown;
              createdAt: string;
              expiresAt: string | null;
              readAt: string | null;
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  publishTopicMessage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        topic: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          text: string;
          data?: unknown;
          from?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Subscribers whose mailbox took it */
            delivered: number;
            /** @description Subscribers that could not take it, and why */
            refused: {
              [key: string]: unknown;
            }[];
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listAgentFiles: {
    parameters: {
      query?: {
        /** @description Relative to the home; "/" or empty is the home */
        path?: string;
      };
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            path: string;
            entries: {
              name: string;
              type: 'file' | 'directory' | 'symlink' | 'other';
              size: number;
              mode: string;
              /** Format: date-time */
              modifiedAt: string;
              /** @description Symlinks only: the link text (never followed) */
              target?: string;
            }[];
            /** @description True when the directory holds more entries than the listing cap (5000) */
            truncated: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  deleteAgentFile: {
    parameters: {
      query: {
        /** @description Relative to the home */
        path: string;
        /** @description Delete a directory with everything in it */
        recursive?: boolean;
      };
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  readAgentFile: {
    parameters: {
      query?: {
        /** @description Relative to the home; "/" or empty is the home */
        path?: string;
      };
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            path: string;
            size: number;
            /** @description True when the file is larger than the cap and only its head is sent */
            truncated: boolean;
            encoding: 'utf8' | 'base64';
            content: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  writeAgentFile: {
    parameters: {
      query: {
        /** @description Relative to the home */
        path: string;
      };
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    /** @description The file content */
    requestBody: {
      content: {
        'application/octet-stream': string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            path: string;
            /** @description Bytes written */
            size: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  downloadAgentFile: {
    parameters: {
      query: {
        /** @description Relative to the home */
        path: string;
      };
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The file */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  downloadAgentArchive: {
    parameters: {
      query?: {
        /** @description Relative to the home; "/" or empty is the home */
        path?: string;
      };
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description application/x-tar */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/x-tar': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/x-tar': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/x-tar': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/x-tar': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/x-tar': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  uploadAgentArchive: {
    parameters: {
      query?: {
        /** @description Relative to the home; "/" or empty is the home */
        path?: string;
      };
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    /** @description A tar archive */
    requestBody: {
      content: {
        'application/x-tar': string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            path: string;
            /** @description Entries written */
            entries: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  getAgentLogs: {
    parameters: {
      query?: {
        /** @description Only the last N lines */
        tail?: number;
        /** @description ISO 8601 time or unix seconds: only lines from then on */
        since?: string;
        /** @description Stream application/x-ndjson, one entry a line, until the process ends */
        follow?: boolean;
      };
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json':
            | {
                entries: {
                  /** Format: date-time */
                  at: string;
                  stream: 'stdout' | 'stderr';
                  text: string;
                }[];
                /** @description More than 10000 lines matched; the last ones are sent */
                truncated: boolean;
              }
            | string;
          'application/x-ndjson':
            | {
                entries: {
                  /** Format: date-time */
                  at: string;
                  stream: 'stdout' | 'stderr';
                  text: string;
                }[];
                /** @description More than 10000 lines matched; the last ones are sent */
                truncated: boolean;
              }
            | string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
          'application/x-ndjson': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
          'application/x-ndjson': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
          'application/x-ndjson': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
          'application/x-ndjson': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
          'application/x-ndjson': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
          'application/x-ndjson': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  execInAgent: {
    parameters: {
      query?: {
        /** @description Answer application/x-ndjson: {stream, data (base64)} lines as output comes, then {exitCode, signal, timedOut} */
        stream?: boolean;
      };
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          command: string[];
          /** @description UTF-8 text given as standard input */
          stdin?: string;
          /** @default 30000 */
          timeoutMs?: number;
          env?: {
            [key: string]: string;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json':
            | {
                exitCode: number | null;
                signal: string | null;
                stdout: string;
                stderr: string;
                timedOut: boolean;
                /** @description Whether each output was cut at 1048576 bytes */
                truncated: {
                  stdout: boolean;
                  stderr: boolean;
                };
              }
            | string;
          'application/x-ndjson':
            | {
                exitCode: number | null;
                signal: string | null;
                stdout: string;
                stderr: string;
                timedOut: boolean;
                /** @description Whether each output was cut at 1048576 bytes */
                truncated: {
                  stdout: boolean;
                  stderr: boolean;
                };
              }
            | string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
          'application/x-ndjson': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
          'application/x-ndjson': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
          'application/x-ndjson': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
          'application/x-ndjson': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
          'application/x-ndjson': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
          'application/x-ndjson': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  getAgentStats: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            pid: number;
            agent: string;
            driver: string;
            state: string;
            memoryBytes: number | null;
            cpuUsageNs: number | null;
            /** @description Percent of one CPU since the previous sample */
            cpuPercent: number | null;
            tasks: number | null;
            gpus: {
              index: number;
              uuid: string;
              shared: boolean;
              /** @description GPU memory held by this process's programs */
              memoryUsedMiB: number | null;
              /** @description The device's utilisation */
              utilizationPercent: number | null;
            }[];
            /** @description network "egress" only; null for none and host */
            network?: {
              /** @description Bytes the agent sent (host end of its link) */
              bytesOut: number;
              /** @description Bytes the agent received */
              bytesIn: number;
              /** @description Connections it opened that its policy let through */
              connectionsOut: number;
              /** @description Connections into it (the kernel's proxy for published ports) */
              connectionsIn: number;
              dnsQueries: number;
              /** @description Lookups the policy refused */
              dnsRefused: number;
            } | null;
            /** Format: date-time */
            sampledAt: string;
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listStats: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            processes: {
              [key: string]: {
                pid: number;
                agent: string;
                driver: string;
                state: string;
                memoryBytes: number | null;
                cpuUsageNs: number | null;
                /** @description Percent of one CPU since the previous sample */
                cpuPercent: number | null;
                tasks: number | null;
                gpus: {
                  index: number;
                  uuid: string;
                  shared: boolean;
                  /** @description GPU memory held by this process's programs */
                  memoryUsedMiB: number | null;
                  /** @description The device's utilisation */
                  utilizationPercent: number | null;
                }[];
                /** @description network "egress" only; null for none and host */
                network?: {
                  /** @description Bytes the agent sent (host end of its link) */
                  bytesOut: number;
                  /** @description Bytes the agent received */
                  bytesIn: number;
                  /** @description Connections it opened that its policy let through */
                  connectionsOut: number;
                  /** @description Connections into it (the kernel's proxy for published ports) */
                  connectionsIn: number;
                  dnsQueries: number;
                  /** @description Lookups the policy refused */
                  dnsRefused: number;
                } | null;
                /** Format: date-time */
                sampledAt: string;
              };
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  getSystemStats: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            host: {
              cpus: number;
              cpuPercent: number;
              loadAverage: number[];
              memory: {
                totalBytes: number;
                availableBytes: number;
              };
              disk: {
                path: string;
                totalBytes: number;
                freeBytes: number;
              } | null;
              uptimeSeconds: number;
            };
            kernel: {
              pid: number;
              rssBytes: number;
              heapUsedBytes: number;
              uptimeSeconds: number;
            };
            gpus: {
              gpus: {
                index: number;
                uuid: string;
                name: string;
                memoryTotalMiB: number | null;
                memoryUsedMiB: number | null;
                utilizationPercent: number | null;
                heldBy: {
                  pid: number;
                  shared: boolean;
                }[];
              }[];
              /** @description Why the list is empty */
              reason?: string;
              /** @description Per driver: how GPUs reach its sandboxes */
              passthrough: {
                [key: string]: string;
              };
              assignments: {
                pid: number;
                gpus: {
                  index: number;
                  uuid: string;
                }[];
                shared: boolean;
                /** Format: date-time */
                assignedAt: string;
              }[];
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listGpus: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            gpus: {
              index: number;
              uuid: string;
              name: string;
              memoryTotalMiB: number | null;
              memoryUsedMiB: number | null;
              utilizationPercent: number | null;
              heldBy: {
                pid: number;
                shared: boolean;
              }[];
            }[];
            /** @description Why the list is empty */
            reason?: string;
            /** @description Per driver: how GPUs reach its sandboxes */
            passthrough: {
              [key: string]: string;
            };
            assignments: {
              pid: number;
              gpus: {
                index: number;
                uuid: string;
              }[];
              shared: boolean;
              /** Format: date-time */
              assignedAt: string;
            }[];
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listAgentTerminals: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            terminals: {
              id: string;
              pid: number;
              cols: number;
              rows: number;
              command: string[] | null;
              /** @description "api" (a person) or "agent" (its own kernel socket) */
              openedBy: string;
              /** @description WebSocket clients attached now */
              attached: number;
              /** @description Bytes printed since it opened */
              offset: number;
              exitCode: number | null;
              /** @enum {string} */
              state: 'open' | 'ended';
              /** Format: date-time */
              createdAt: string;
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  openAgentTerminal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          cols: number;
          rows: number;
          /** @description argv inside the sandbox (argv[0] absolute); a login shell when absent */
          command?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            pid: number;
            cols: number;
            rows: number;
            command: string[] | null;
            /** @description "api" (a person) or "agent" (its own kernel socket) */
            openedBy: string;
            /** @description WebSocket clients attached now */
            attached: number;
            /** @description Bytes printed since it opened */
            offset: number;
            exitCode: number | null;
            /** @enum {string} */
            state: 'open' | 'ended';
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  getAgentTerminal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            pid: number;
            cols: number;
            rows: number;
            command: string[] | null;
            /** @description "api" (a person) or "agent" (its own kernel socket) */
            openedBy: string;
            /** @description WebSocket clients attached now */
            attached: number;
            /** @description Bytes printed since it opened */
            offset: number;
            exitCode: number | null;
            /** @enum {string} */
            state: 'open' | 'ended';
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  closeAgentTerminal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            pid: number;
            cols: number;
            rows: number;
            command: string[] | null;
            /** @description "api" (a person) or "agent" (its own kernel socket) */
            openedBy: string;
            /** @description WebSocket clients attached now */
            attached: number;
            /** @description Bytes printed since it opened */
            offset: number;
            exitCode: number | null;
            /** @enum {string} */
            state: 'open' | 'ended';
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  getAgentDesktop: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            pid: number;
            /** @enum {string} */
            state: 'starting' | 'ready' | 'failed';
            error: string | null;
            width: number | null;
            height: number | null;
            units: string[];
            lease: {
              pid: number;
              owner: string;
              /** Format: date-time */
              acquiredAt: string;
              /** Format: date-time */
              expiresAt: string;
            } | null;
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            readyAt: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  getAgentScreenshot: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description image/png */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/png': string;
        };
      };
    };
  };
  getAgentDesktopLease: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            lease: {
              pid: number;
              owner: string;
              /** Format: date-time */
              acquiredAt: string;
              /** Format: date-time */
              expiresAt: string;
            } | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  takeAgentDesktopLease: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Who takes control (shown to others and to the agent) */
          owner: string;
          /** @description Default 600; capped by the kernel */
          ttlSeconds?: number;
          /** @description The current key: renews instead of failing */
          key?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            lease: {
              pid: number;
              owner: string;
              /** Format: date-time */
              acquiredAt: string;
              /** Format: date-time */
              expiresAt: string;
            };
            key: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  releaseAgentDesktopLease: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          key?: string;
          /** @description End someone else's lease (an administrator's override) */
          force?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            released: {
              pid: number;
              owner: string;
              /** Format: date-time */
              acquiredAt: string;
              /** Format: date-time */
              expiresAt: string;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listPlugins: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            plugins: {
              name: string;
              package: string;
              version: string | null;
              description: string;
              defaultArgs: string[];
              tools: string[] | null;
              installed: boolean;
            }[];
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listAuditEntries: {
    parameters: {
      query?: {
        /** @description Entries with a seq above this one */
        after?: number;
        actor?: string;
        action?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            entries: {
              seq: number;
              /** Format: date-time */
              at: string;
              actor: string;
              role: string;
              /** @description The route's operationId, or METHOD and route pattern; auth.failed for a refused credential */
              action: string;
              target: string | null;
              outcome: 'ok' | 'refused' | 'failed';
              sourceAddress: string | null;
              prevHash: string;
              hash: string;
            }[];
            /** @description Pass as after= for the next page; null at the end */
            nextAfter: number | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  verifyAuditChain: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            ok: boolean;
            checked: number;
            firstSeq: number | null;
            lastSeq: number | null;
            /** @description The newest entry's hash: the journal carries a copy of every entry */
            headHash: string;
            brokenAt?: number;
            reason?: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  createBackup: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Also <stateDir>/snapshots (default false) */
          includeSnapshots?: boolean;
          /** @description Keep provider keys in config.json and include /etc/aether/environment (default false: blanked) */
          includeSecrets?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            sizeBytes: number;
            sha256: string;
            createdAt: string;
            /** @description The manifest written first in the file */
            manifest: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  listBackups: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            backups: {
              id: string;
              sizeBytes: number;
              sha256: string;
              createdAt: string;
            }[];
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  downloadBackup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description application/gzip */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/gzip': string;
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/gzip': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/gzip': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
  getAgentNetwork: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            mode: string;
            /** @description The agent's address on its link (egress) */
            address: string | null;
            /** @description The host's end: the agent's router and resolver */
            gateway: string | null;
            ports: number[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
    };
  };
  listAgentPorts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            ports: {
              port: number;
              /** @description Where the kernel serves it (bearer token needed) */
              path: string;
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
    };
  };
  publishAgentPort: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          port: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            port: number;
            /** @description Where the kernel serves it (bearer token needed) */
            path: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
    };
  };
  unpublishAgentPort: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        pid: number;
        port: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            code: string;
            message: string;
            hint: string;
          };
        };
      };
    };
  };
  restoreBackup: {
    parameters: {
      query?: {
        /** @description Stop live agents instead of refusing with RESTORE_AGENTS_RUNNING */
        stopAgents?: boolean;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The backup file */
    requestBody: {
      content: {
        'application/gzip': string;
      };
    };
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {boolean} */
            restarting: true;
            /** @description Pids stopped before the swap (stopAgents) */
            stopped: number[];
            manifest: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Stable error code; see docs/ERRORS.md */
            code: string;
            message: string;
            /** @description What to do next */
            hint: string;
            details?: {
              [key: string]: unknown;
            };
          };
        };
      };
    };
  };
}
