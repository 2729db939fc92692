import { askHumanTool, requestApprovalTool } from './human.js';
import { finishTool } from './completion.js';
import { listAgentsTool, spawnAgentTool, waitAgentTool } from './agents.js';
import { fetchUrlTool, downloadFileTool } from './web.js';
import { createPlanTool, readPlanTool, updatePlanTool } from './planning.js';
import { listProcessesTool, signalProcessTool } from './processes.js';
import { listBackgroundTool, readBackgroundTool, runCommandTool, startBackgroundTool, stopBackgroundTool } from './shell.js';
import { fileInfoTool, findFilesTool, listDirectoryTool, readFileTool, searchTextTool } from './files-read.js';
import {
  appendFileTool,
  applyPatchTool,
  copyPathTool,
  deletePathTool,
  editFileTool,
  makeDirectoryTool,
  movePathTool,
  writeFileTool,
} from './files-write.js';
import { desktopTools } from './desktop.js';
import { ToolRegistry } from './registry.js';
import type { AnyTool } from './types.js';
import { ipcTools } from './ipc.js';
import { memoryTools } from './memory.js';

/**
 * Every built-in tool, by module. A subsystem adds its module here (memory, IPC, desktop);
 * plugins register into the registry at start-up instead.
 */
export function builtinTools(): AnyTool[] {
  return [
    ...[readFileTool, listDirectoryTool, findFilesTool, searchTextTool, fileInfoTool],
    ...[
      writeFileTool,
      appendFileTool,
      editFileTool,
      applyPatchTool,
      makeDirectoryTool,
      movePathTool,
      copyPathTool,
      deletePathTool,
    ],
    ...[runCommandTool, startBackgroundTool, readBackgroundTool, stopBackgroundTool, listBackgroundTool],
    ...[listProcessesTool, signalProcessTool],
    ...[fetchUrlTool, downloadFileTool],
    ...[createPlanTool, updatePlanTool, readPlanTool],
    ...[spawnAgentTool, waitAgentTool, listAgentsTool],
    ...[askHumanTool, requestApprovalTool],
    finishTool,
    ...memoryTools(),
    ...ipcTools(),
    ...desktopTools,
  ];
}

export function builtinRegistry(): ToolRegistry {
  return new ToolRegistry().register(...builtinTools());
}

export { ToolRegistry, defineTool, type ToolDefinition } from './registry.js';
export type { AnyTool, Tool, ToolCategory, ToolContext, ToolImage, ToolResult, RuntimeState, PlanItem } from './types.js';
