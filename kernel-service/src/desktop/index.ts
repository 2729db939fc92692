export { DesktopManager, type DesktopInfo, type DesktopManagerOptions, type DesktopProcesses } from './manager.js';
export { LeaseBook, type Lease } from './lease.js';
export { proxyVnc } from './proxy.js';
export { ClientMessageFilter, RfbProtocolError } from './rfb-filter.js';
export { RfbClient } from './rfb-client.js';
export { encodePng } from './png.js';
export { desktopSocketRoutes } from './socket-routes.js';
export type { DesktopAction } from './input.js';
