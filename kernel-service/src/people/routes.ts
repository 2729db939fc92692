import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { pageOf } from '../api/pagination.js';
import { AetherError, isAetherError } from '../errors/index.js';
import { People as PeopleClass, type People } from './people.js';
import { atLeast, narrows, type Principal } from './roles.js';
import { SESSION_COOKIE } from './sessions.js';
import * as S from './schemas.js';
import type { ApiToken } from './tokens.js';
import type { User } from './users.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const userView = (u: User) => ({ ...u, createdAt: iso(u.createdAt)!, lastLoginAt: iso(u.lastLoginAt) });
const tokenView = (t: ApiToken) => ({
  ...t,
  createdAt: iso(t.createdAt)!,
  expiresAt: iso(t.expiresAt),
  lastUsedAt: iso(t.lastUsedAt),
});

/** The caller as GET /session shows it: a user by its bare name, anyone else by its actor name. */
const sessionUser = (p: Principal) => ({
  name: p.kind === 'user' ? p.name.slice('user:'.length) : p.name,
  role: p.role,
  grants: p.grants,
});

const principalOf = (req: FastifyRequest) => req.actor as Principal;

function cookie(req: FastifyRequest, value: string, clear = false): string {
  const parts = [`${SESSION_COOKIE}=${value}`, 'HttpOnly', 'SameSite=Strict', 'Path=/'];
  if (req.protocol === 'https') parts.push('Secure');
  if (clear) parts.push('Max-Age=0');
  return parts.join('; ');
}

/** Users, API tokens, cookie sessions and WebSocket tickets (under /api/v1; permissions.ts guards them). */
export function peopleRoutes(app: FastifyInstance, people: People): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['people'];

  // Sessions
  r.post(
    '/session',
    {
      schema: {
        tags,
        operationId: 'createSession',
        summary: 'Log in: sets the aether_session cookie (HttpOnly, SameSite=Strict) and answers the CSRF token',
        security: [],
        body: S.Login,
        response: { 200: S.LoginAnswer, ...S.errors },
      },
    },
    async (req, reply) => {
      try {
        const s = await people.login(req.body.name, req.body.password, req.ip);
        // The audit log records the login under the user who logged in.
        req.actor = PeopleClass.userPrincipal(s.user);
        reply.header('set-cookie', cookie(req, s.secret));
        return { user: sessionUser(req.actor as Principal), csrfToken: s.csrfToken, expiresAt: iso(s.expiresAt)! };
      } catch (err) {
        if (isAetherError(err) && err.code === 'LOGIN_THROTTLED')
          reply.header('retry-after', String(Number(err.details?.retryAfterSeconds ?? 60)));
        throw err;
      }
    },
  );
  r.get(
    '/session',
    {
      schema: {
        tags,
        operationId: 'getSession',
        summary: 'Who the credential of this request is (any credential); csrfToken for cookie sessions',
        response: { 200: S.SessionAnswer, ...S.errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return {
        user: sessionUser(p),
        kind: p.kind,
        ...(people.viaOf(req)?.via === 'cookie' && p.csrfToken ? { csrfToken: p.csrfToken } : {}),
      };
    },
  );
  r.delete(
    '/session',
    {
      schema: {
        tags,
        operationId: 'deleteSession',
        summary: 'Log out: ends the cookie session and clears the cookie (a bearer credential: nothing to end)',
        response: { 204: Type.Null(), ...S.errors },
      },
    },
    async (req, reply) => {
      const via = people.viaOf(req);
      if (via?.session) people.sessions.end(via.session);
      return reply
        .status(204)
        .header('set-cookie', cookie(req, '', true))
        .send(null);
    },
  );
  r.post(
    '/session/ticket',
    {
      schema: {
        tags,
        operationId: 'createSessionTicket',
        summary: 'A single-use WebSocket ticket (?ticket=), valid 30 s, bound to this principal',
        response: { 200: S.Ticket, ...S.errors },
      },
    },
    async (req) => {
      const t = people.tickets.issue(principalOf(req));
      return { ticket: t.ticket, expiresAt: iso(t.expiresAt)! };
    },
  );

  // Users
  r.post(
    '/users',
    {
      schema: {
        tags,
        operationId: 'createUser',
        summary: 'A user with a role and a password (scrypt-hashed)',
        body: S.UserCreate,
        response: { 201: S.UserBody, ...S.errors },
      },
    },
    async (req, reply) => reply.status(201).send(userView(await people.users.create(req.body))),
  );
  r.get(
    '/users',
    {
      schema: {
        tags,
        operationId: 'listUsers',
        summary: 'Users by name, a page at a time',
        querystring: S.ListQuery,
        response: { 200: S.UserList, ...S.errors },
      },
    },
    async (req) => {
      const { page, nextCursor } = pageOf(people.users.list(), req.query);
      return { items: page.map(userView), nextCursor };
    },
  );
  r.get(
    '/users/:name',
    {
      schema: {
        tags,
        operationId: 'getUser',
        summary: 'One user',
        params: S.UserParams,
        response: { 200: S.UserBody, ...S.errors },
      },
    },
    async (req) => userView(people.users.get(req.params.name)),
  );
  r.patch(
    '/users/:name',
    {
      schema: {
        tags,
        operationId: 'updateUser',
        summary: "Change a user's role, grants, password or disabled flag; disabling or a new password ends its sessions",
        params: S.UserParams,
        body: S.UserPatch,
        response: { 200: S.UserBody, ...S.errors },
      },
    },
    async (req) => {
      const u = await people.users.update(req.params.name, req.body);
      if (req.body.disabled === true || req.body.password !== undefined) people.sessions.endFor(u.name);
      return userView(u);
    },
  );
  r.delete(
    '/users/:name',
    {
      schema: {
        tags,
        operationId: 'deleteUser',
        summary: 'Delete a user; its sessions end at once',
        params: S.UserParams,
        response: { 204: Type.Null(), ...S.errors },
      },
    },
    async (req, reply) => {
      people.users.delete(req.params.name);
      people.sessions.endFor(req.params.name);
      return reply.status(204).send(null);
    },
  );

  // API tokens: anyone may mint up to its own role, grants and scope; admins see every token
  const visible = (p: Principal, t: ApiToken) => p.role === 'admin' || t.createdBy === p.name;
  r.post(
    '/tokens',
    {
      schema: {
        tags,
        operationId: 'createToken',
        summary: 'An API token (aet_…) with a role, grants and an optional agent scope; its secret is in this answer only',
        body: S.TokenCreate,
        response: { 201: S.TokenCreated, ...S.errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const b = req.body;
      if (!atLeast(p.role, b.role))
        throw new AetherError('FORBIDDEN', `${p.name} has role ${p.role} and cannot mint a token with role ${b.role}.`, {
          details: { needs: `role ${b.role}` },
        });
      const missing = (b.grants ?? []).filter((g) => !p.grants.includes(g));
      if (missing.length > 0)
        throw new AetherError('FORBIDDEN', `${p.name} cannot hand on grants it lacks: ${missing.join(', ')}.`, {
          details: { needs: missing.join(',') },
        });
      if (!narrows(b.scope, p.scope))
        throw new AetherError('FORBIDDEN', `A token minted by ${p.name} must stay inside its scope ${JSON.stringify(p.scope)}.`, {
          details: { needs: 'a narrower scope' },
        });
      const { token, secret } = people.tokens.create({
        ...b,
        ...(p.scope && !b.scope ? { scope: p.scope } : {}),
        createdBy: p.name,
      });
      return reply.status(201).send({ ...tokenView(token), secret });
    },
  );
  r.get(
    '/tokens',
    {
      schema: {
        tags,
        operationId: 'listTokens',
        summary: 'API tokens (never their secrets): an admin sees all, anyone else those it minted',
        querystring: S.ListQuery,
        response: { 200: S.TokenList, ...S.errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const { page, nextCursor } = pageOf(
        people.tokens.list().filter((t) => visible(p, t)),
        req.query,
      );
      return { items: page.map(tokenView), nextCursor };
    },
  );
  r.delete(
    '/tokens/:id',
    {
      schema: {
        tags,
        operationId: 'deleteToken',
        summary: 'Revoke an API token: its next request fails',
        params: S.TokenParams,
        response: { 204: Type.Null(), ...S.errors },
      },
    },
    async (req, reply) => {
      const t = people.tokens.get(req.params.id);
      if (!visible(principalOf(req), t)) throw new AetherError('TOKEN_NOT_FOUND', `No token ${req.params.id}.`);
      people.tokens.delete(t.id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/tokens/bootstrap/rotate',
    {
      schema: {
        tags,
        operationId: 'rotateBootstrapToken',
        summary: 'A new admin token: rewrites <stateDir>/admin.token (0600); the old one stops working at once',
        response: { 200: S.Rotated, ...S.errors },
      },
    },
    async () => ({ secret: people.bootstrap.rotate() }),
  );
}
