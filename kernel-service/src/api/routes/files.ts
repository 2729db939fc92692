import { join } from 'node:path';
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Supervisor } from '../../agents/index.js';
import { HomeFiles } from '../../files/index.js';
import { ErrorBody, PidParams } from '../schemas.js';

const PathQuery = Type.Object(
  { path: Type.Optional(Type.String({ maxLength: 8192, description: 'Relative to the home; "/" or empty is the home' })) },
  { additionalProperties: false },
);

const Entry = Type.Object({
  name: Type.String(),
  type: Type.Union([Type.Literal('file'), Type.Literal('directory'), Type.Literal('symlink'), Type.Literal('other')]),
  size: Type.Integer(),
  mode: Type.String(),
  modifiedAt: Type.String({ format: 'date-time' }),
  target: Type.Optional(Type.String({ description: 'Symlinks only: the link text (never followed)' })),
});

const Listing = Type.Object({
  path: Type.String(),
  entries: Type.Array(Entry),
  truncated: Type.Boolean({ description: 'True when the directory holds more entries than the listing cap (5000)' }),
});
const Content = Type.Object({
  path: Type.String(),
  size: Type.Integer(),
  truncated: Type.Boolean({ description: 'True when the file is larger than the cap and only its head is sent' }),
  encoding: Type.Union([Type.Literal('utf8'), Type.Literal('base64')]),
  content: Type.String(),
});

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The file browser: read-only, confined to the agent's home (see files/home-files.ts for why it is safe). */
export function fileRoutes(app: FastifyInstance, supervisor: Supervisor, homesDir: string, files = new HomeFiles()): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['files'];
  const homeOf = (pid: number) => join(homesDir, supervisor.get(pid).agent.id);

  r.get(
    '/agents/:pid/files',
    {
      schema: {
        tags,
        summary: "List a directory of the agent's home",
        params: PidParams,
        querystring: PathQuery,
        response: { 200: Listing, ...errors },
      },
    },
    async (req) => files.list(homeOf(req.params.pid), req.query.path ?? '/'),
  );

  r.get(
    '/agents/:pid/files/content',
    {
      schema: {
        tags,
        summary: "Read a regular file of the agent's home (the first MiB; `truncated` says when there is more)",
        params: PidParams,
        querystring: PathQuery,
        response: { 200: Content, ...errors },
      },
    },
    async (req) => files.read(homeOf(req.params.pid), req.query.path ?? ''),
  );
}
