import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { WebSocket } from 'ws';
import { proxyVnc, type DesktopManager } from '../../desktop/index.js';
import { ErrorBody, PidParams } from '../schemas.js';

const LeaseSchema = Type.Object({
  pid: Type.Integer(),
  owner: Type.String(),
  acquiredAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
const MaybeLease = Type.Union([LeaseSchema, Type.Null()]);
const DesktopBody = Type.Object({
  pid: Type.Integer(),
  state: Type.String({ enum: ['starting', 'ready', 'failed'] }),
  error: Type.Union([Type.String(), Type.Null()]),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  units: Type.Array(Type.String()),
  lease: MaybeLease,
  startedAt: Type.String({ format: 'date-time' }),
  readyAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const TakeBody = Type.Object(
  {
    owner: Type.String({ minLength: 1, maxLength: 128, description: 'Who takes control (shown to others and to the agent)' }),
    ttlSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400, description: 'Default 600; capped by the kernel' })),
    key: Type.Optional(Type.String({ maxLength: 128, description: 'The current key: renews instead of failing' })),
  },
  { additionalProperties: false },
);
const ReleaseBody = Type.Object(
  {
    key: Type.Optional(Type.String({ maxLength: 128 })),
    force: Type.Optional(Type.Boolean({ description: "End someone else's lease (an administrator's override)" })),
  },
  { additionalProperties: false },
);
const VncQuery = Type.Object({
  token: Type.Optional(Type.String()),
  lease: Type.Optional(Type.String({ maxLength: 128, description: 'The control lease key: without it the viewer is view-only' })),
});
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 502: ErrorBody, 503: ErrorBody };

/**
 * A process's desktop. WS /agents/:pid/desktop/vnc?token=[&lease=KEY] carries RFB for noVNC;
 * viewers are view-only unless they present the current control lease's key, and that is
 * enforced here, in the kernel, by dropping their input messages.
 */
export function desktopRoutes(app: FastifyInstance, desktops: DesktopManager): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['desktops'];

  r.get(
    '/agents/:pid/desktop',
    {
      schema: {
        tags,
        operationId: 'getAgentDesktop',
        summary: "The process's desktop and its control lease",
        params: PidParams,
        response: { 200: DesktopBody, ...errors },
      },
    },
    async (req) => desktops.info(req.params.pid),
  );

  r.get(
    '/agents/:pid/desktop/screenshot',
    {
      schema: {
        tags,
        operationId: 'getAgentScreenshot',
        summary: 'The screen now, as PNG',
        params: PidParams,
        produces: ['image/png'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'image/png' }) },
      },
    },
    async (req, reply) => reply.type('image/png').send((await desktops.screenshot(req.params.pid)).png),
  );

  r.get(
    '/agents/:pid/desktop/lease',
    {
      schema: {
        tags,
        operationId: 'getAgentDesktopLease',
        summary: 'Who controls the desktop',
        params: PidParams,
        response: { 200: Type.Object({ lease: MaybeLease }), ...errors },
      },
    },
    async (req) => {
      desktops.info(req.params.pid);
      return { lease: desktops.leases.get(req.params.pid) };
    },
  );

  r.post(
    '/agents/:pid/desktop/lease',
    {
      schema: {
        tags,
        operationId: 'takeAgentDesktopLease',
        summary: 'Take (or renew) the control lease: the agent pauses while you hold it',
        params: PidParams,
        body: TakeBody,
        response: { 200: Type.Object({ lease: LeaseSchema, key: Type.String() }), ...errors },
      },
    },
    async (req) => {
      desktops.info(req.params.pid);
      const { owner, ttlSeconds = 600, key } = req.body;
      return desktops.leases.take(req.params.pid, owner, ttlSeconds * 1000, key);
    },
  );

  r.delete(
    '/agents/:pid/desktop/lease',
    {
      schema: {
        tags,
        operationId: 'releaseAgentDesktopLease',
        summary: 'Release the control lease: the agent resumes and is told a human intervened',
        params: PidParams,
        body: Type.Optional(ReleaseBody),
        response: { 200: Type.Object({ released: LeaseSchema }), ...errors },
      },
    },
    async (req) => ({ released: await desktops.leases.release(req.params.pid, req.body?.key, req.body?.force ?? false) }),
  );

  r.get(
    '/agents/:pid/desktop/vnc',
    {
      websocket: true,
      schema: { tags, summary: 'RFB over WebSocket (noVNC)', params: PidParams, querystring: VncQuery },
      // Unknown processes and processes without a desktop are refused before the upgrade.
      preValidation: async (req) => {
        desktops.info(Number(req.params.pid));
      },
    },
    (socket: WebSocket, req) => {
      const pid = req.params.pid;
      const key = req.query.lease;
      // No ws.pause() while connecting: an RFB client sends nothing before the server's version.
      desktops.connect(pid).then(
        (vnc) => proxyVnc(socket, vnc, () => desktops.leases.holds(pid, key)),
        (err: unknown) => socket.close(1011, (err as Error).message.slice(0, 120)),
      );
    },
  );
}
