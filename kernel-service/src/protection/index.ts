export { createGuardedServer, type ServerLimits } from './connections.js';
export { removeTree, type RemoveOptions } from './remove-tree.js';
export { sendBounded } from './websocket.js';
