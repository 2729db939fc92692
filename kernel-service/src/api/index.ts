export { buildApp, type AppDeps } from './app.js';
export { ensureAdminToken, ADMIN_TOKEN_FILE } from './auth.js';
