import { AetherError } from '../../errors/index.js';
import type { ImagePart } from '../../llm/index.js';

/** What providers accept; anything else would be refused there anyway, after a paid round trip. */
const MEDIA_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A base64 image a client sent, checked enough that a provider will not choke on it. */
export function imageOf(mediaType: string, data: string, where: string): ImagePart {
  if (!MEDIA_TYPES.has(mediaType)) {
    throw new AetherError(
      'VALIDATION_FAILED',
      `${where}: image type "${mediaType}" is not one of ${[...MEDIA_TYPES].join(', ')}`,
    );
  }
  if (data.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) {
    throw new AetherError('VALIDATION_FAILED', `${where}: image data is not base64`);
  }
  return { mediaType, data };
}

/**
 * An image given as a URL (OpenAI's image_url, input_image). Only data: URLs: the sandbox has no
 * network of its own, and the kernel fetching a URL an agent chose would be egress by the back door.
 */
export function imageOfUrl(url: string, where: string): ImagePart {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (!m) throw new AetherError('VALIDATION_FAILED', `${where}: only data: URLs (base64) are accepted for images`);
  return imageOf(m[1]!, m[2]!, where);
}
