import Type from 'typebox';
import { NextCursor, PageQuery } from '../api/pagination.js';
import { ErrorBody } from '../api/schemas.js';

export const RoleSchema = Type.Union([Type.Literal('viewer'), Type.Literal('operator'), Type.Literal('admin')]);
export const GrantsSchema = Type.Array(Type.Literal('files.read'), { maxItems: 8, uniqueItems: true });
const Iso = Type.String({ format: 'date-time' });
const IsoOrNull = Type.Union([Iso, Type.Null()]);

export const UserName = Type.String({ pattern: '^[a-z][a-z0-9._-]{0,63}$', description: 'Lower case, 1..64 characters' });
export const Password = Type.String({ minLength: 1, maxLength: 1024, description: 'At least 12 characters' });
export const UserParams = Type.Object({ name: UserName });

export const UserBody = Type.Object({
  name: Type.String(),
  role: RoleSchema,
  grants: GrantsSchema,
  disabled: Type.Boolean(),
  createdAt: Iso,
  lastLoginAt: IsoOrNull,
});
export const UserCreate = Type.Object(
  { name: UserName, role: RoleSchema, password: Password, grants: Type.Optional(GrantsSchema) },
  { additionalProperties: false },
);
export const UserPatch = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
    grants: Type.Optional(GrantsSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const UserList = Type.Object({ items: Type.Array(UserBody), nextCursor: NextCursor });
export const ListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const ScopeSchema = Type.Object(
  {
    labels: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-zA-Z0-9][a-zA-Z0-9._/-]{0,62}$' }), Type.String({ maxLength: 128 }), {
        maxProperties: 16,
      }),
    ),
    namePrefix: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9._-]+$' })),
  },
  { additionalProperties: false },
);
export const TokenBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  scope: Type.Union([ScopeSchema, Type.Null()]),
  grants: GrantsSchema,
  createdBy: Type.String({ description: 'The actor that minted it' }),
  createdAt: Iso,
  expiresAt: IsoOrNull,
  lastUsedAt: IsoOrNull,
});
export const TokenCreated = Type.Object({
  ...TokenBody.properties,
  secret: Type.String({ description: 'aet_…; shown in this answer only, stored hashed' }),
});
export const TokenCreate = Type.Object(
  {
    name: Type.String({ pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$' }),
    role: RoleSchema,
    scope: Type.Optional(ScopeSchema),
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 366 * 86_400 })),
    grants: Type.Optional(GrantsSchema),
  },
  { additionalProperties: false },
);
export const TokenParams = Type.Object({ id: Type.String({ pattern: '^tok_[0-9a-f]{12}$' }) });
export const TokenList = Type.Object({ items: Type.Array(TokenBody), nextCursor: NextCursor });

export const SessionUser = Type.Object({ name: Type.String(), role: RoleSchema, grants: GrantsSchema });
export const Login = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }), password: Password },
  { additionalProperties: false },
);
export const LoginAnswer = Type.Object({ user: SessionUser, csrfToken: Type.String(), expiresAt: Iso });
export const Kind = Type.Union([Type.Literal('bootstrap'), Type.Literal('user'), Type.Literal('token'), Type.Literal('mcp')]);
export const SessionAnswer = Type.Object({ user: SessionUser, kind: Kind, csrfToken: Type.Optional(Type.String()) });
export const Ticket = Type.Object({ ticket: Type.String(), expiresAt: Iso });
export const Rotated = Type.Object({ secret: Type.String({ description: 'The new admin token; the old one no longer works' }) });

export const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };
