export { RunService, type RunRequest, type RunView } from './service.js';
export { RunRepository } from './repository.js';
export { Children } from './children.js';
export { runSocketRoutes } from './socket-routes.js';
export { inboxRoutes, RunInbox, type InboxItem, type InboxSource } from './inbox.js';
export { TEMPLATES, findTemplate, expandTools, type Template } from './templates.js';
export type { Run, Step, Approval, Question, RunStatus } from './types.js';
