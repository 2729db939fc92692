/**
 * The one permission table: every route of the kernel (by operationId, or `METHOD url` for the
 * routes outside the OpenAPI document: WebSockets, the port proxy, /mcp, static files) and every
 * MCP tool, mapped to the least role that may call it. guard.ts enforces it for REST, WebSocket
 * upgrades, /metrics and /mcp; a route registered without an entry stops the kernel at startup.
 * docs/PEOPLE.md's table is generated from this file (npm run people-doc; a test checks it).
 */
import type { Grant, Role } from './roles.js';

export type Access = 'public' | Role;

/**
 * How a scoped token is treated on the route:
 * - pid: the route names a process (:pid); outside the scope it is 404 PROCESS_NOT_FOUND
 * - name: the route names an agent (:name); outside the scope 404 PROCESS_NOT_FOUND
 * - spawn: the body names the agent and its labels; outside the scope 403 FORBIDDEN
 * - list: the route filters its answer to the scope itself
 * - any: nothing about agents in particular (system facts, the caller's own session)
 * absent: not for scoped tokens (403 FORBIDDEN): it would show or touch agents outside the scope.
 */
export type ScopeRule = 'pid' | 'name' | 'spawn' | 'list' | 'any';

export interface Permission {
  access: Access;
  /** A viewer holding this grant may call it too. */
  grant?: Grant;
  /** The WebSocket upgrade of the same route needs this instead (watching vs typing). */
  ws?: Role;
  scope?: ScopeRule;
  /** MCP tokens (kind mcp) are accepted here; everywhere else they are not. */
  mcp?: boolean;
}

const p = (access: Access, more: Omit<Permission, 'access'> = {}): Permission => ({ access, ...more });
const V = (scope?: ScopeRule) => p('viewer', scope ? { scope } : {});
const O = (scope?: ScopeRule) => p('operator', scope ? { scope } : {});
const A = () => p('admin');

export const PERMISSIONS: Record<string, Permission> = {
  // Public: liveness, the contract, logging in, Mission Control's files
  getHealth: p('public'),
  'GET /api/v1/openapi.json': p('public'),
  createSession: p('public'),
  static: p('public'),
  // CORS preflights (api.cors.origins): browsers send no credential there
  'OPTIONS *': p('public'),
  'OPTIONS /*': p('public'),
  // Any principal: who am I, log out, a WebSocket ticket
  getSession: V('any'),
  deleteSession: V('any'),
  createSessionTicket: V('any'),
  // Agents
  spawnAgent: O('spawn'),
  // Not for scoped tokens yet: the list is not filtered to a scope (403 until it is).
  listAgents: V(),
  getAgent: V('pid'),
  terminateAgent: O('pid'),
  signalAgent: O('pid'),
  pauseAgent: O('pid'),
  resumeAgent: O('pid'),
  listTemplates: V('any'),
  listTools: V('any'),
  listAgentSteps: V('pid'),
  listApprovals: V(),
  decideApproval: O(),
  listQuestions: V(),
  answerQuestion: O(),
  getSystem: V('any'),
  listEvents: V(),
  // Memory
  listAgentMemory: V('name'),
  teachAgentMemory: O('name'),
  getAgentSocial: V('name'),
  forgetMemory: O(),
  getMemoryStatus: V('any'),
  listMemorySpaces: V(),
  createMemorySpace: A(),
  deleteMemorySpace: A(),
  setMemorySpaceMember: A(),
  removeMemorySpaceMember: A(),
  listMemorySpaceMemory: V(),
  // Messages
  listAgentMessages: V('pid'),
  sendAgentMessage: O('pid'),
  listAgentMessagesByName: V('name'),
  sendAgentMessageByName: O('name'),
  listTopics: V(),
  putTopic: O(),
  listTopicMessages: V(),
  publishTopicMessage: O(),
  // Files: names are for viewers, contents for operators or the files.read grant
  listAgentFiles: V('pid'),
  deleteAgentFile: O('pid'),
  readAgentFile: p('operator', { grant: 'files.read', scope: 'pid' }),
  writeAgentFile: O('pid'),
  downloadAgentFile: p('operator', { grant: 'files.read', scope: 'pid' }),
  downloadAgentArchive: p('operator', { grant: 'files.read', scope: 'pid' }),
  uploadAgentArchive: O('pid'),
  getAgentLogs: V('pid'),
  execInAgent: O('pid'),
  // Stats
  getAgentStats: V('pid'),
  listStats: V(),
  getSystemStats: V('any'),
  // Backup and restore (backup/): the whole state, homes included
  createBackup: A(),
  listBackups: A(),
  downloadBackup: A(),
  restoreBackup: A(),
  listGpus: V('any'),
  getMetrics: V(),
  // Terminals: viewers may list them; attaching (the WebSocket) types into them
  openAgentTerminal: O('pid'),
  listAgentTerminals: V('pid'),
  closeAgentTerminal: O('pid'),
  getAgentTerminal: p('viewer', { ws: 'operator', scope: 'pid' }),
  // Desktop: screenshots for viewers, the RFB stream and its lease (control) for operators
  getAgentDesktop: V('pid'),
  getAgentScreenshot: V('pid'),
  getAgentDesktopLease: V('pid'),
  takeAgentDesktopLease: O('pid'),
  releaseAgentDesktopLease: O('pid'),
  'GET /api/v1/agents/:pid/desktop/vnc': p('operator', { ws: 'operator', scope: 'pid' }),
  // Plugins, audit
  listPlugins: V('any'),
  listAuditEntries: A(),
  verifyAuditChain: A(),
  // Egress networking; the port proxy reaches the agent's own service, which may change things
  getAgentNetwork: V('pid'),
  listAgentPorts: V('pid'),
  publishAgentPort: O('pid'),
  unpublishAgentPort: O('pid'),
  // Any method (fastify's all()): the table's `* url` entry
  '* /api/v1/agents/:pid/ports/:port/*': O('pid'),
  // The kernel MCP endpoint: any principal (MCP tokens included); each tool has its own entry below
  'POST /mcp': p('viewer', { mcp: true, scope: 'any' }),
  'GET /mcp': p('viewer', { mcp: true, scope: 'any' }),
  'DELETE /mcp': p('viewer', { mcp: true, scope: 'any' }),
  'POST /api/v1/mcp/tokens': A(),
  'GET /api/v1/mcp/tokens': A(),
  'DELETE /api/v1/mcp/tokens/:id': A(),
  // People: users are the admin's; tokens anyone may mint up to their own role (routes.ts checks)
  createUser: A(),
  listUsers: A(),
  getUser: A(),
  updateUser: A(),
  deleteUser: A(),
  createToken: V(),
  listTokens: V(),
  deleteToken: V(),
  rotateBootstrapToken: A(),
};

/** The kernel's MCP tools (/mcp tools/call): the role each needs, as the REST route it mirrors. */
export const MCP_TOOL_PERMISSIONS: Record<string, Role> = {
  list_agents: 'viewer',
  inspect_agent: 'viewer',
  read_logs: 'viewer',
  list_approvals: 'viewer',
  spawn_agent: 'operator',
  pause_agent: 'operator',
  resume_agent: 'operator',
  kill_agent: 'operator',
  answer_approval: 'operator',
};

/** The key a route has in the table: its operationId, or METHOD and URL pattern. */
export function routeKey(method: string, url: string | undefined, operationId: string | undefined): string {
  return operationId ?? `${method} ${url ?? ''}`;
}
