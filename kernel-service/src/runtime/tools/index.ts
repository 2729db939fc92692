import { ToolRegistry } from './registry.js';
import type { AnyTool } from './types.js';

/**
 * Every built-in tool, by module. A subsystem adds its module here (memory, IPC, desktop);
 * plugins register into the registry at start-up instead.
 */
export function builtinTools(): AnyTool[] {
  return [];
}

export function builtinRegistry(): ToolRegistry {
  return new ToolRegistry().register(...builtinTools());
}

export { ToolRegistry, defineTool, type ToolDefinition } from './registry.js';
export type { AnyTool, Tool, ToolCategory, ToolContext, ToolImage, ToolResult, RuntimeState, PlanItem } from './types.js';
