export { Authority, type AuthorityDeps, type Grant, type Principal } from './authority.js';
export { AuthorityConfigSchema, type AuthorityConfig } from './config.js';
export { callHash } from './hash.js';
export { installAuthority, actionOf } from './install.js';
export { ROUTE_ACTIONS, type RouteAction } from './routes.js';
export type { Reservation } from './budget.js';
export { estimateTokens } from './budget.js';
