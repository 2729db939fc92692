export { TerminalManager, type Attacher, type SandboxLookup, type TerminalInfo, type TerminalManagerOptions } from './manager.js';
export { Scrollback } from './scrollback.js';
export { terminalSocketRoutes } from './socket-routes.js';
