import type { FastifyRequest } from 'fastify';
import { AetherError } from '../errors/index.js';
import type { McpTokens } from '../mcp/index.js';
import type { Db } from '../store/index.js';
import { BootstrapToken } from './bootstrap.js';
import { dummyHash, verifyPassword, type ScryptCost } from './password.js';
import { GRANTS, type Principal } from './roles.js';
import { SESSION_COOKIE, Sessions, Tickets } from './sessions.js';
import { LoginThrottle } from './throttle.js';
import { ApiTokens } from './tokens.js';
import { Users, type User } from './users.js';

export interface PeopleOptions {
  db: Db;
  /** The admin token's current value and where it lives (rotate rewrites <stateDir>/admin.token). */
  bootstrapToken: string;
  stateDir?: string;
  /** auth.sessionTtlSeconds / auth.sessionIdleSeconds. */
  sessionTtlSeconds?: number;
  sessionIdleSeconds?: number;
  /** Tests pass a clock (expiry, throttling) and a cheaper scrypt cost. */
  now?: () => number;
  scrypt?: ScryptCost;
}

export const DEFAULT_SESSION_TTL_SECONDS = 8 * 3600;
export const DEFAULT_SESSION_IDLE_SECONDS = 3600;

const BOOTSTRAP: Principal = { name: 'admin', role: 'admin', kind: 'bootstrap', grants: [...GRANTS] };

/** How a request authenticated: what CSRF and the session routes need to know. */
export type Via = 'bearer' | 'cookie' | 'ticket';

/** Reads one cookie from the header (no cookie plugin: this is the only cookie the kernel reads). */
export function cookieOf(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * Every credential the kernel accepts, and who each one is: the bootstrap admin token, users'
 * cookie sessions, API tokens, WebSocket tickets and MCP tokens. guard.ts asks `authenticate`
 * once per request; the routes in routes.ts manage users, tokens and sessions.
 */
export class People {
  readonly users: Users;
  readonly tokens: ApiTokens;
  readonly sessions: Sessions;
  readonly tickets: Tickets;
  readonly throttle: LoginThrottle;
  readonly bootstrap: BootstrapToken;
  readonly now: () => number;
  private mcpTokens: McpTokens | undefined;
  private readonly dummy: Promise<string>;
  private readonly via = new WeakMap<FastifyRequest, { via: Via; session?: string }>();

  constructor(opts: PeopleOptions) {
    this.now = opts.now ?? Date.now;
    this.users = new Users(opts.db, opts.scrypt);
    this.tokens = new ApiTokens(opts.db, this.now);
    this.sessions = new Sessions(
      opts.db,
      {
        ttlMs: (opts.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS) * 1000,
        idleMs: (opts.sessionIdleSeconds ?? DEFAULT_SESSION_IDLE_SECONDS) * 1000,
      },
      this.now,
    );
    this.tickets = new Tickets(this.now);
    this.throttle = new LoginThrottle(this.now);
    this.bootstrap = new BootstrapToken(opts.bootstrapToken, opts.stateDir);
    this.dummy = dummyHash(opts.scrypt);
    this.dummy.catch(() => undefined);
  }

  /** The kernel MCP endpoint's own tokens (kind mcp, accepted on /mcp only); buildApp hands them over. */
  acceptMcpTokens(tokens: McpTokens): void {
    this.mcpTokens = tokens;
  }

  static userPrincipal(u: User, csrfToken?: string): Principal {
    return {
      name: `user:${u.name}`,
      role: u.role,
      kind: 'user',
      grants: u.role === 'admin' ? [...GRANTS] : u.grants,
      ...(csrfToken ? { csrfToken } : {}),
    };
  }

  /** How this request authenticated (after authenticate). */
  viaOf(req: FastifyRequest): { via: Via; session?: string } | undefined {
    return this.via.get(req);
  }

  /** The principal behind the request's credential; 401 when there is none or it is not valid. */
  authenticate(req: FastifyRequest, websocket: boolean): Principal {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const given = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (given === undefined) throw new AetherError('UNAUTHENTICATED', 'The Authorization header is not "Bearer <token>".');
      this.via.set(req, { via: 'bearer' });
      return this.bearer(given);
    }
    if (websocket) {
      const ticket = (req.query as { ticket?: unknown } | undefined)?.ticket;
      if (typeof ticket === 'string') {
        const principal = this.tickets.redeem(ticket);
        if (!principal) throw new AetherError('TICKET_INVALID', 'The WebSocket ticket is unknown, used already or expired.');
        this.via.set(req, { via: 'ticket' });
        return this.current(principal);
      }
      // Deprecated, still accepted: the long-lived token in a WebSocket URL. Mission Control, the
      // CLI's terminal and the benches still send it; they move to tickets or the cookie next (#19).
      const token = (req.query as { token?: unknown } | undefined)?.token;
      if (typeof token === 'string') {
        this.via.set(req, { via: 'bearer' });
        return this.bearer(token);
      }
    }
    const cookie = cookieOf(req, SESSION_COOKIE);
    if (cookie !== undefined) {
      const session = this.sessions.find(cookie);
      const user = session ? this.users.credentials(session.user)?.user : undefined;
      if (!session || !user || user.disabled)
        throw new AetherError(
          'UNAUTHENTICATED',
          'The session has ended (logged out, expired or the user was disabled); log in again.',
        );
      this.via.set(req, { via: 'cookie', session: cookie });
      return People.userPrincipal(user, session.csrfToken);
    }
    throw new AetherError('UNAUTHENTICATED', 'No credential was sent (Authorization: Bearer, a session cookie or a ticket).');
  }

  private bearer(given: string): Principal {
    if (this.bootstrap.matches(given)) return BOOTSTRAP;
    const token = this.tokens.verify(given);
    if (token)
      return {
        name: `token:${token.name}`,
        role: token.role,
        kind: 'token',
        grants: token.role === 'admin' ? [...GRANTS] : token.grants,
        ...(token.scope ? { scope: token.scope } : {}),
      };
    const mcp = this.mcpTokens?.verify(given);
    // MCP tokens drive the MCP tools, which are operator-level; guard.ts keeps them on /mcp.
    if (mcp) return { name: `mcp:${mcp.name}`, role: 'operator', kind: 'mcp', grants: [] };
    throw new AetherError('UNAUTHENTICATED', 'The bearer token is not valid (unknown, revoked or rotated).');
  }

  /**
   * A ticket's principal as it is now: a user disabled or deleted since, or a token deleted since,
   * no longer gets in; a changed role applies.
   */
  private current(p: Principal): Principal {
    if (p.kind === 'user') {
      const u = this.users.credentials(p.name.slice('user:'.length))?.user;
      if (!u || u.disabled) throw new AetherError('UNAUTHENTICATED', 'The user of this ticket is disabled or gone.');
      return People.userPrincipal(u);
    }
    return p;
  }

  /** A login: constant work whether or not the user exists; throttled per address and name. */
  async login(
    name: string,
    password: string,
    address: string,
  ): Promise<{ user: User; secret: string; csrfToken: string; expiresAt: number }> {
    const keys = [`ip:${address}`, `user:${name}`];
    const wait = this.throttle.wait(keys);
    if (wait > 0)
      throw new AetherError('LOGIN_THROTTLED', 'Too many failed logins; try again later.', {
        details: { retryAfterSeconds: Math.ceil(wait / 1000) },
      });
    const found = this.users.credentials(name);
    const ok = await verifyPassword(password, found?.hash ?? (await this.dummy));
    if (!found || !ok || found.user.disabled) {
      this.throttle.fail(keys);
      throw new AetherError('LOGIN_FAILED', 'Wrong user name or password.');
    }
    this.throttle.succeed(`user:${name}`);
    const at = this.now();
    this.users.touchLogin(name, at);
    const session = this.sessions.create(name);
    return { user: this.users.get(name), ...session };
  }
}
