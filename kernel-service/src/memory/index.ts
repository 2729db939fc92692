/**
 * Memory per agent identity: episodic, semantic, procedural and social layers in the kernel's
 * SQLite database, hybrid recall (sqlite-vec + FTS5), shared spaces, and the run context.
 */
export { MemoryService, type Embedder, type MemoryLimits, type MemoryServiceDeps } from './service.js';
export { SocialMemory, type Tie } from './social.js';
export { EpisodeRecorder } from './episodes.js';
export { Spaces, type Space, type Access } from './spaces.js';
export { startOfRunContext } from './context.js';
export { memorySocketRoutes, type MemorySocketDeps } from './socket-routes.js';
export { memoryToWire, MemoryBody, RecallResponse, LayerSchema, SpaceName } from './wire.js';
export {
  LAYERS,
  agentOwner,
  spaceOwner,
  type Layer,
  type Memory,
  type Owner,
  type RecallResult,
  type Retrieval,
} from './types.js';
