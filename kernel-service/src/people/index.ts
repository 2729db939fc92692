export { People, type PeopleOptions } from './people.js';
export { installGuard } from './guard.js';
export { peopleRoutes } from './routes.js';
export { PERMISSIONS, MCP_TOOL_PERMISSIONS, routeKey, type Permission, type Access } from './permissions.js';
export { inScope, atLeast, ROLES, GRANTS, type Principal, type Role, type Grant, type Scope } from './roles.js';
export { hashPassword, verifyPassword, type ScryptCost } from './password.js';
