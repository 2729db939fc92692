export { EventBus, type KernelEvent } from './bus.js';
export { EventStore, DEFAULT_EVENT_RETENTION } from './store.js';
