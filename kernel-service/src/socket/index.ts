export { KernelSockets } from './registry.js';
export { SANDBOX_SOCKET_PATH, type SocketLimits } from './server.js';
export { buildSocketApp, callerOf, type Caller, type SocketRoutes, type SocketAppDeps } from './app.js';
export { fromWire, toWire, chunkOf } from './openai-wire.js';
