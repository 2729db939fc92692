import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { AetherError, isAetherError, type ErrorCode } from '../errors/index.js';

/** fastify's own error codes, translated into ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_JSON',
};

/**
 * How an error is put on the wire: the API sends `{code, message, hint}`, the kernel socket the
 * envelope of the protocol the request spoke (OpenAI's, or Anthropic's on /v1/messages), so it
 * gets the request too.
 */
export type ErrorEnvelope = (error: AetherError, req: FastifyRequest) => unknown;

/** Any error as one of ours: fastify's (validation, body parsing) translated, anything else a logged INTERNAL. */
export function asAetherError(err: FastifyError, req: FastifyRequest): AetherError {
  if (isAetherError(err)) return err;
  if (err.validation) return new AetherError('VALIDATION_FAILED', err.message, { details: { errors: err.validation } });
  if (err.code && FASTIFY_CODES[err.code]) return new AetherError(FASTIFY_CODES[err.code]!, err.message);
  if (err instanceof SyntaxError && err.statusCode === 400) return new AetherError('BAD_JSON', err.message);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new AetherError('VALIDATION_FAILED', err.message);
  req.log.error({ err }, 'unhandled error');
  return new AetherError('INTERNAL', `Internal error (request ${req.id}).`);
}

/** Every error leaves in one envelope; a 500 only for a bug, and then it is logged. */
export function installErrorHandler(
  app: FastifyInstance,
  envelope: ErrorEnvelope = (e) => e.toJSON(),
  opts: { spaIndex?: boolean } = {},
): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const error = asAetherError(err, req);
    if (error.status >= 500) req.log.warn({ code: error.code, msg: error.message }, 'request failed');
    return reply.status(error.status).send(envelope(error, req));
  });
  app.setNotFoundHandler((req, reply) => {
    // Mission Control's client routes (any page a browser asks for outside /api) get its index.html.
    const path = req.url.split('?')[0]!;
    if (opts.spaIndex && (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/') && path !== '/health') {
      if (req.headers.accept?.includes('text/html')) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    const error = new AetherError('NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}.`);
    return reply.status(404).send(envelope(error, req));
  });
}
