import { join } from 'node:path';
import type { Readable } from 'node:stream';
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Supervisor } from '../../agents/index.js';
import {
  deleteAt,
  extractTree,
  HomeFiles,
  openDirAt,
  openHome,
  packTree,
  rawFile,
  splitTarget,
  writeFileAt,
} from '../../files/index.js';
import { AetherError } from '../../errors/index.js';
import { closeSync } from 'node:fs';
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
const writeErrors = { ...errors, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody };

/** Uploads (a file or a tar) are capped per request; larger data goes in several. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

const TargetQuery = Type.Object(
  { path: Type.String({ minLength: 1, maxLength: 8192, description: 'Relative to the home' }) },
  { additionalProperties: false },
);
const DeleteQuery = Type.Object(
  {
    path: Type.String({ minLength: 1, maxLength: 8192, description: 'Relative to the home' }),
    recursive: Type.Optional(Type.Boolean({ default: false, description: 'Delete a directory with everything in it' })),
  },
  { additionalProperties: false },
);
const Written = Type.Object({ path: Type.String(), size: Type.Integer({ description: 'Bytes written' }) });
const Extracted = Type.Object({ path: Type.String(), entries: Type.Integer({ description: 'Entries written' }) });
const Binary = (description: string) => Type.Unsafe<Buffer | Readable>({ type: 'string', format: 'binary', description });

/** The body as the raw stream the octet-stream/tar parser gave; any other media type is refused. */
function rawBody(body: unknown, type: string): Readable {
  if (body && typeof (body as Readable).pipe === 'function') return body as Readable;
  throw new AetherError('UNSUPPORTED_MEDIA_TYPE', `Send the body as ${type}.`);
}

/** The raw request body: each chunk as it comes, refused past the cap (FILE_TOO_LARGE). */
async function* bounded(body: Readable, max: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      body.destroy();
      throw new AetherError('FILE_TOO_LARGE', `The body is larger than ${max} bytes.`, { details: { maxBytes: max } });
    }
    yield chunk;
  }
}

async function collect(body: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of bounded(body, max)) chunks.push(c);
  return Buffer.concat(chunks);
}

/** The file browser: read-only, confined to the agent's home (see files/home-files.ts for why it is safe). */
export function fileRoutes(app: FastifyInstance, supervisor: Supervisor, homesDir: string, files = new HomeFiles()): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['files'];
  const homeOf = (pid: number) => join(homesDir, supervisor.get(pid).agent.id);
  const ownerOf = (pid: number) => ({ home: homeOf(pid), uid: supervisor.agentUid(pid) });

  r.get(
    '/agents/:pid/files',
    {
      schema: {
        tags,
        operationId: 'listAgentFiles',
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
        operationId: 'readAgentFile',
        summary: "Read a regular file of the agent's home (the first MiB; `truncated` says when there is more)",
        params: PidParams,
        querystring: PathQuery,
        response: { 200: Content, ...errors },
      },
    },
    async (req) => files.read(homeOf(req.params.pid), req.query.path ?? ''),
  );

  r.get(
    '/agents/:pid/files/raw',
    {
      schema: {
        tags,
        operationId: 'downloadAgentFile',
        summary: 'Download a whole regular file of the home as application/octet-stream',
        params: PidParams,
        querystring: TargetQuery,
        produces: ['application/octet-stream'],
        response: { 200: Binary('The file'), ...errors },
      },
    },
    async (req, reply) => {
      const file = rawFile(homeOf(req.params.pid), req.query.path);
      return reply.type('application/octet-stream').header('content-length', file.size).send(file.stream);
    },
  );

  r.get(
    '/agents/:pid/files/archive',
    {
      schema: {
        tags,
        operationId: 'downloadAgentArchive',
        summary:
          'A tar of a file or directory of the home (a directory: its entries, relative to it; links stored, never followed)',
        params: PidParams,
        querystring: PathQuery,
        produces: ['application/x-tar'],
        response: { 200: Binary('application/x-tar'), ...errors },
      },
    },
    async (req, reply) => {
      const pack = packTree(homeOf(req.params.pid), req.query.path ?? '/');
      return reply.type('application/x-tar').send(pack.stream);
    },
  );

  // Raw bodies (a file, a tar) reach these routes as streams, in their own context: the JSON
  // routes keep refusing other media types with UNSUPPORTED_MEDIA_TYPE.
  void app.register(async (raw) => {
    const rr = raw.withTypeProvider<TypeBoxTypeProvider>();
    raw.addContentTypeParser(['application/octet-stream', 'application/x-tar'], (_req, payload, done) => done(null, payload));

    rr.put(
      '/agents/:pid/files/content',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags,
          operationId: 'writeAgentFile',
          summary:
            'Write a file of the home from the raw body (application/octet-stream, at most 64 MiB; parent directories created)',
          params: PidParams,
          querystring: TargetQuery,
          consumes: ['application/octet-stream'],
          body: Binary('The file content'),
          response: { 200: Written, ...writeErrors },
        },
        // The body is a stream: the schema documents it, the handler reads it.
        validatorCompiler: () => () => true,
      },
      async (req) => {
        const body = rawBody(req.body, 'application/octet-stream');
        const { home, uid } = ownerOf(req.params.pid);
        const { dir, name, parts } = splitTarget(req.query.path);
        const homeFd = openHome(home);
        try {
          const dirFd = openDirAt(homeFd, dir, { uid });
          try {
            const shown = `/${parts.join('/')}`;
            const size = await writeFileAt(dirFd, name, uid, bounded(body, MAX_UPLOAD_BYTES), {
              maxBytes: MAX_UPLOAD_BYTES,
              shown,
            });
            return { path: shown, size };
          } finally {
            closeSync(dirFd);
          }
        } finally {
          closeSync(homeFd);
        }
      },
    );

    rr.put(
      '/agents/:pid/files/archive',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags,
          operationId: 'uploadAgentArchive',
          summary:
            'Extract a tar (application/x-tar, at most 64 MiB) under a directory of the home; checked whole before anything is written',
          params: PidParams,
          querystring: PathQuery,
          consumes: ['application/x-tar'],
          body: Binary('A tar archive'),
          response: { 200: Extracted, ...writeErrors },
        },
        validatorCompiler: () => () => true,
      },
      async (req) => {
        const body = rawBody(req.body, 'application/x-tar');
        const { home, uid } = ownerOf(req.params.pid);
        const archive = await collect(body, MAX_UPLOAD_BYTES);
        const path = req.query.path ?? '/';
        const entries = await extractTree(home, path, uid, archive);
        return {
          path: `/${path
            .split('/')
            .filter((p) => p && p !== '.')
            .join('/')}`,
          entries,
        };
      },
    );
  });

  r.delete(
    '/agents/:pid/files',
    {
      schema: {
        tags,
        operationId: 'deleteAgentFile',
        summary: 'Delete a file, link or directory of the home (a link goes, never its target)',
        params: PidParams,
        querystring: DeleteQuery,
        response: { 204: Type.Null({ description: 'Deleted' }), ...writeErrors },
      },
    },
    async (req, reply) => {
      deleteAt(homeOf(req.params.pid), req.query.path, req.query.recursive ?? false);
      return reply.status(204).send(null);
    },
  );
}
