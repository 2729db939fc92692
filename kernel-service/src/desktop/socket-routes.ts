import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { callerOf } from '../socket/index.js';
import type { DesktopManager } from './manager.js';

const Coord = Type.Integer({ minimum: 0, maximum: 16384 });
export const DesktopActionSchema = Type.Union([
  Type.Object(
    {
      action: Type.Union([Type.Literal('click'), Type.Literal('double_click')]),
      x: Coord,
      y: Coord,
      button: Type.Optional(Type.Union([Type.Literal('left'), Type.Literal('middle'), Type.Literal('right')])),
    },
    { additionalProperties: false },
  ),
  Type.Object({ action: Type.Literal('move'), x: Coord, y: Coord }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('drag'), x: Coord, y: Coord, toX: Coord, toY: Coord }, { additionalProperties: false }),
  Type.Object(
    {
      action: Type.Literal('scroll'),
      x: Coord,
      y: Coord,
      dx: Type.Optional(Type.Integer({ minimum: -50, maximum: 50 })),
      dy: Type.Optional(Type.Integer({ minimum: -50, maximum: 50 })),
    },
    { additionalProperties: false },
  ),
  Type.Object({ action: Type.Literal('type'), text: Type.String({ maxLength: 10_000 }) }, { additionalProperties: false }),
  Type.Object(
    { action: Type.Literal('key'), keys: Type.String({ minLength: 1, maxLength: 100 }) },
    { additionalProperties: false },
  ),
]);

/**
 * The agent's desktop tools on its kernel socket. The display is always the caller's own (the
 * socket says who calls), so no agent can look at or type into another one's desktop. While a
 * person holds the control lease, screenshots and input are refused to the agent (LEASE_HELD).
 */
export function desktopSocketRoutes(desktops: DesktopManager) {
  return (app: FastifyInstance): void => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    r.get('/v1/desktop', async (req) => desktops.info(callerOf(req).pid));
    r.get('/v1/desktop/screenshot', async (req) => {
      const shot = await desktops.agentScreenshot(callerOf(req).pid);
      return { mediaType: 'image/png', base64: shot.png.toString('base64'), width: shot.width, height: shot.height };
    });
    r.post('/v1/desktop/input', { schema: { body: DesktopActionSchema } }, async (req) => {
      await desktops.act(callerOf(req).pid, req.body);
      return { ok: true };
    });
  };
}
