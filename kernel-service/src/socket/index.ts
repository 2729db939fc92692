export { KernelSockets } from './registry.js';
export { SANDBOX_SOCKET_PATH, type Caller } from './server.js';
export { fromWire, toWire, chunkOf } from './openai-wire.js';
