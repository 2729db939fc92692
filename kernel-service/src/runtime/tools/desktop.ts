import Type from 'typebox';
import { KernelCallError } from '../kernel-client.js';
import { defineTool } from './registry.js';
import type { ToolContext, ToolResult } from './types.js';

/**
 * Desktop tools: the agent sees and drives its own display (spawned with "desktop": true). They
 * go through the kernel socket, which acts on the caller's own Xvnc with the kernel's RFB client:
 * the socket names the process, so no agent can reach another's display, and nothing extra
 * (xdotool, a screenshot program) has to be installed in the sandbox.
 */

interface Screenshot {
  mediaType: 'image/png';
  base64: string;
  width: number;
  height: number;
}

async function screenshot(ctx: ToolContext, note: string): Promise<ToolResult> {
  const shot = await ctx.kernel.get<Screenshot>('/v1/desktop/screenshot', { signal: ctx.signal });
  return {
    output: `${note}Screenshot of your desktop (${shot.width}x${shot.height} pixels; coordinates start at the top left).`,
    images: [{ mediaType: shot.mediaType, base64: shot.base64 }],
  };
}

/** Sends one action; answers with a fresh screenshot so the model sees what it did. */
async function act(ctx: ToolContext, action: Record<string, unknown>, done: string): Promise<ToolResult> {
  try {
    await ctx.kernel.post('/v1/desktop/input', action, { signal: ctx.signal });
  } catch (err) {
    if (err instanceof KernelCallError) return { isError: true, output: `${err.code}: ${err.message} ${err.hint}`.trim() };
    throw err;
  }
  // Give the applications a moment to redraw before looking.
  await new Promise((r) => setTimeout(r, 300));
  return screenshot(ctx, `${done}\n`);
}

const X = Type.Integer({ minimum: 0, maximum: 16384, description: 'Pixels from the left edge' });
const Y = Type.Integer({ minimum: 0, maximum: 16384, description: 'Pixels from the top edge' });
const Button = Type.Optional(Type.Union([Type.Literal('left'), Type.Literal('middle'), Type.Literal('right')]));

export const screenshotTool = defineTool({
  name: 'desktop_screenshot',
  category: 'desktop',
  description: 'Take a screenshot of your graphical desktop (returned as an image).',
  parameters: Type.Object({}),
  run: (_args, ctx) => screenshot(ctx, ''),
});

export const clickTool = defineTool({
  name: 'desktop_click',
  category: 'desktop',
  description: 'Click at a point of your desktop (left button unless told). Returns a screenshot afterwards.',
  parameters: Type.Object({ x: X, y: Y, button: Button }),
  run: (a, ctx) => act(ctx, { action: 'click', ...a }, `Clicked at (${a.x}, ${a.y}).`),
});

export const doubleClickTool = defineTool({
  name: 'desktop_double_click',
  category: 'desktop',
  description: 'Double-click at a point of your desktop. Returns a screenshot afterwards.',
  parameters: Type.Object({ x: X, y: Y, button: Button }),
  run: (a, ctx) => act(ctx, { action: 'double_click', ...a }, `Double-clicked at (${a.x}, ${a.y}).`),
});

export const moveTool = defineTool({
  name: 'desktop_move',
  category: 'desktop',
  description: 'Move the mouse pointer to a point (hover). Returns a screenshot afterwards.',
  parameters: Type.Object({ x: X, y: Y }),
  run: (a, ctx) => act(ctx, { action: 'move', ...a }, `Moved the pointer to (${a.x}, ${a.y}).`),
});

export const dragTool = defineTool({
  name: 'desktop_drag',
  category: 'desktop',
  description: 'Press the left button at (x, y), move to (toX, toY) and release. Returns a screenshot afterwards.',
  parameters: Type.Object({ x: X, y: Y, toX: X, toY: Y }),
  run: (a, ctx) => act(ctx, { action: 'drag', ...a }, `Dragged from (${a.x}, ${a.y}) to (${a.toX}, ${a.toY}).`),
});

export const scrollTool = defineTool({
  name: 'desktop_scroll',
  category: 'desktop',
  description: 'Scroll at a point: dy > 0 scrolls down, dy < 0 up; dx > 0 right, dx < 0 left (in wheel notches).',
  parameters: Type.Object({
    x: X,
    y: Y,
    dx: Type.Optional(Type.Integer({ minimum: -50, maximum: 50 })),
    dy: Type.Optional(Type.Integer({ minimum: -50, maximum: 50 })),
  }),
  run: (a, ctx) => act(ctx, { action: 'scroll', ...a }, `Scrolled at (${a.x}, ${a.y}).`),
});

export const typeTool = defineTool({
  name: 'desktop_type',
  category: 'desktop',
  description: 'Type text into the focused window of your desktop, as keystrokes ("\\n" presses Return).',
  parameters: Type.Object({ text: Type.String({ minLength: 1, maxLength: 10_000 }) }),
  run: (a, ctx) => act(ctx, { action: 'type', text: a.text }, `Typed ${a.text.length} characters.`),
});

export const keyTool = defineTool({
  name: 'desktop_key',
  category: 'desktop',
  description:
    'Press a key or a combination on your desktop, e.g. "Return", "Escape", "ctrl+c", "ctrl+shift+t", "alt+F4", "Page_Down".',
  parameters: Type.Object({ keys: Type.String({ minLength: 1, maxLength: 100 }) }),
  run: (a, ctx) => act(ctx, { action: 'key', keys: a.keys }, `Pressed ${a.keys}.`),
});

export const desktopTools = [screenshotTool, clickTool, doubleClickTool, typeTool, keyTool, scrollTool, moveTool, dragTool];
