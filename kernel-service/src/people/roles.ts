/** Roles, principals and token scopes: the vocabulary every other file of people/ shares. */

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** Extra rights a role lacks: a viewer with files.read may read file contents. */
export const GRANTS = ['files.read'] as const;
export type Grant = (typeof GRANTS)[number];

export type PrincipalKind = 'bootstrap' | 'user' | 'token' | 'mcp';

/** A token limited to some agents: labels (all must match) and/or a name prefix. */
export interface Scope {
  labels?: Record<string, string>;
  namePrefix?: string;
}

/** Who made a request (req.actor): the audit log records name and role. */
export interface Principal {
  name: string;
  role: Role;
  kind: PrincipalKind;
  grants: Grant[];
  scope?: Scope;
  /** Cookie sessions only: the value X-CSRF-Token must carry on changes. */
  csrfToken?: string;
}

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };
export const atLeast = (have: Role, need: Role): boolean => RANK[have] >= RANK[need];

/** Whether an agent (its name and labels) lies inside a scope; no scope: everything does. */
export function inScope(scope: Scope | undefined, agent: { name: string; labels?: Record<string, string> }): boolean {
  if (!scope) return true;
  if (scope.namePrefix !== undefined && !agent.name.startsWith(scope.namePrefix)) return false;
  for (const [k, v] of Object.entries(scope.labels ?? {})) if (agent.labels?.[k] !== v) return false;
  return true;
}

/** The scope a token must hold at least (a token minted by a scoped principal may only narrow it). */
export function narrows(inner: Scope | undefined, outer: Scope | undefined): boolean {
  if (!outer) return true;
  if (!inner) return false;
  if (outer.namePrefix !== undefined && !(inner.namePrefix ?? '').startsWith(outer.namePrefix)) return false;
  for (const [k, v] of Object.entries(outer.labels ?? {})) if (inner.labels?.[k] !== v) return false;
  return true;
}
