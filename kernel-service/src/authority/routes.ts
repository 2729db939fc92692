/**
 * What each kernel-socket route is, in the authority's terms. Every route the socket app
 * registers must be in ROUTE_ACTIONS (or declare `config.action` itself): the app refuses to
 * register one that is not (see installAuthority), so no route can exist unchecked.
 *
 * A route that does what a tool does is held to that tool's grant and approval policy, so a
 * program in the sandbox calling the route directly (curl on /run/aether/kernel.sock) gets
 * exactly what the model's tool call would get, no more.
 */
export type RouteAction =
  /** Anyone on its own socket (who am I). */
  | { kind: 'any' }
  /** The runtime's bookkeeping of its own run (steps, checkpoint, inbox): the caller must have a run. */
  | { kind: 'run'; quota?: 'steps' | 'checkpoint' }
  /** A model call: the model allow-list, max_tokens cap and the tree's token budget (chat.ts asks the authority). */
  | { kind: 'model' }
  /** Needs this tool granted; its approval policy applies to the arguments the route derives. */
  | { kind: 'tool'; tool: string; quota?: 'messages' | 'memories' }
  /** Needs any tool of this category granted (one route serving several tools, or a tool-less facility). */
  | { kind: 'category'; category: string; quota?: 'messages' };

const tool = (name: string, quota?: 'messages' | 'memories'): RouteAction => ({
  kind: 'tool',
  tool: name,
  ...(quota ? { quota } : {}),
});
const category = (name: string): RouteAction => ({ kind: 'category', category: name });

/** `METHOD /path` (fastify's pattern) -> action. */
export const ROUTE_ACTIONS: Readonly<Record<string, RouteAction>> = {
  'GET /v1/whoami': { kind: 'any' },
  'POST /v1/chat/completions': { kind: 'model' },
  // The other protocols agent programs speak (socket/protocols/): model calls like chat completions.
  'POST /v1/messages': { kind: 'model' },
  'POST /v1/messages/count_tokens': { kind: 'model' },
  'POST /v1/responses': { kind: 'model' },
  'GET /v1/models': { kind: 'model' },
  'POST /v1/embeddings': { kind: 'model' },
  // The runtime's own run
  'GET /v1/run': { kind: 'run' },
  'POST /v1/run/steps': { kind: 'run', quota: 'steps' },
  'PUT /v1/run/checkpoint': { kind: 'run', quota: 'checkpoint' },
  'POST /v1/run/complete': { kind: 'run' },
  // A process's own inbox (messages to its pid, interventions on its desktop): its own, no grant needed.
  'GET /v1/run/inbox': { kind: 'any' },
  'POST /v1/run/inbox/ack': { kind: 'any' },
  // People
  'POST /v1/human/questions': tool('ask_human'),
  'POST /v1/human/approvals': tool('request_approval'),
  // Children
  'POST /v1/agents': tool('spawn_agent'),
  'GET /v1/agents': tool('list_agents'),
  'GET /v1/agents/:pid/wait': tool('wait_agent'),
  // Memory (the start-of-run context is a recall of the agent's own memory)
  'POST /v1/memory/context': category('memory'),
  'POST /v1/memory/remember': tool('remember', 'memories'),
  'POST /v1/memory/recall': tool('recall'),
  'DELETE /v1/memory/:id': tool('forget'),
  'POST /v1/memory/review': tool('review_agent', 'memories'),
  'GET /v1/memory/social': tool('recall'),
  // IPC
  'POST /v1/ipc/send': tool('send_message', 'messages'),
  'POST /v1/ipc/publish': tool('publish_message', 'messages'),
  'POST /v1/ipc/subscribe': tool('subscribe_topic'),
  'POST /v1/ipc/unsubscribe': tool('subscribe_topic'),
  'POST /v1/ipc/request': tool('ask_agent', 'messages'),
  'POST /v1/ipc/reply': tool('reply_message', 'messages'),
  'GET /v1/ipc/messages': tool('receive_messages'),
  'POST /v1/ipc/ack': tool('receive_messages'),
  'GET /v1/ipc/agents': tool('list_peers'),
  // Terminals run commands: the shell's grant.
  'GET /v1/terminals': category('shell'),
  'POST /v1/terminals': category('shell'),
  'POST /v1/terminals/:id/input': category('shell'),
  'GET /v1/terminals/:id/output': category('shell'),
  // The agent's own desktop
  'GET /v1/desktop': category('desktop'),
  'GET /v1/desktop/screenshot': tool('desktop_screenshot'),
  'POST /v1/desktop/input': category('desktop'),
};

export function routeKey(method: string, url: string): string {
  return `${method} ${url}`;
}
