export { mcpEndpoint, type McpEndpointDeps } from './endpoint.js';
export { mcpTokenRoutes } from './routes.js';
export { McpTokens, MCP_TOKEN_PREFIX, type McpToken } from './tokens.js';
export { kernelMcpTools, type McpToolDeps } from './tools.js';
export { readProcessLogs } from './logs.js';
