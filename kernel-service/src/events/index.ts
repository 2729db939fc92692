export { EventBus, type KernelEvent } from './bus.js';
