/** POST /system/backup, GET /system/backups(/:id), POST /system/restore (tag system). */
import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import { AetherError } from '../errors/index.js';
import { ErrorBody } from '../api/schemas.js';
import type { BackupService } from './service.js';

const tags = ['system'];
const Info = Type.Object({
  id: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  createdAt: Type.String(),
});
const Created = Type.Object({
  ...Info.properties,
  manifest: Type.Object({}, { additionalProperties: true, description: 'The manifest written first in the file' }),
});
const Binary = (description: string) => Type.Unsafe<Readable>({ type: 'string', format: 'binary', description });
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 415: ErrorBody };

export function backupRoutes(api: FastifyInstance, backups: BackupService): void {
  api.post(
    '/system/backup',
    {
      schema: {
        tags,
        operationId: 'createBackup',
        summary: 'Write a backup of the state (database, homes, configuration) to disk; download it with GET /system/backups/:id',
        body: Type.Optional(
          Type.Object(
            {
              includeSnapshots: Type.Optional(Type.Boolean({ description: 'Also <stateDir>/snapshots (default false)' })),
              includeSecrets: Type.Optional(
                Type.Boolean({
                  description: 'Keep provider keys in config.json and include /etc/aether/environment (default false: blanked)',
                }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: { 200: Created, ...errors },
      },
    },
    async (req) => {
      const body = (req.body ?? {}) as { includeSnapshots?: boolean; includeSecrets?: boolean };
      return backups.create(body);
    },
  );

  api.get(
    '/system/backups',
    {
      schema: {
        tags,
        operationId: 'listBackups',
        summary: 'Backups kept on disk, oldest first',
        response: { 200: Type.Object({ backups: Type.Array(Info) }), 401: ErrorBody },
      },
    },
    async () => ({ backups: await backups.list() }),
  );

  api.get(
    '/system/backups/:id',
    {
      schema: {
        tags,
        operationId: 'downloadBackup',
        summary: 'The backup file (application/gzip, a .tar.gz whose first member is manifest.json)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        produces: ['application/gzip'],
        response: { 200: Binary('application/gzip'), 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const file = backups.path(id);
      return reply
        .type('application/gzip')
        .header('content-length', statSync(file).size)
        .header('content-disposition', `attachment; filename="aether-${id}.tar.gz"`)
        .send(createReadStream(file));
    },
  );

  void api.register(async (raw) => {
    raw.addContentTypeParser(['application/gzip', 'application/octet-stream'], (_req, payload, done) => done(null, payload));
    raw.post(
      '/system/restore',
      {
        // A backup holds every home: no cap here beyond the disk (the body streams to a file).
        bodyLimit: Number.MAX_SAFE_INTEGER,
        schema: {
          tags,
          operationId: 'restoreBackup',
          summary:
            'Restore a backup (the raw file as application/gzip): verified whole before anything changes, then the kernel restarts on it',
          querystring: Type.Object(
            {
              stopAgents: Type.Optional(
                Type.Boolean({ description: 'Stop live agents instead of refusing with RESTORE_AGENTS_RUNNING' }),
              ),
            },
            { additionalProperties: false },
          ),
          consumes: ['application/gzip'],
          body: Binary('The backup file'),
          response: {
            202: Type.Object({
              restarting: Type.Literal(true),
              stopped: Type.Array(Type.Integer(), { description: 'Pids stopped before the swap (stopAgents)' }),
              manifest: Type.Object({}, { additionalProperties: true }),
            }),
            ...errors,
          },
        },
        validatorCompiler: ({ httpPart }) => (httpPart === 'body' ? () => true : (v: unknown) => ({ value: v })),
      },
      async (req, reply) => {
        const body = req.body as Readable | undefined;
        if (!body || typeof body.pipe !== 'function')
          throw new AetherError('UNSUPPORTED_MEDIA_TYPE', 'Send the backup file as application/gzip.');
        const q = req.query as { stopAgents?: boolean | string };
        const result = await backups.restore(body, { stopAgents: q.stopAgents === true || q.stopAgents === 'true' });
        return reply.code(202).send({ restarting: true, ...result });
      },
    );
  });
}
