export { Aether, Approvals } from './client.js';
export { Agent, AgentFiles } from './agent.js';
export { Agents, AgentList, type AgentPage } from './agents.js';
export { Backups, type BackupInfo } from './backups.js';
export { AetherApiError, AetherConnectionError } from './errors.js';
export type { EventOptions } from './events.js';
export { PinnedAgent, formatFingerprint, normalizeFingerprint } from './tls.js';
export { Transport, type ConnectionOptions, type Query, type RequestOptions } from './transport.js';
export * from './types.js';
