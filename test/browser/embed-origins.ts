/** The two origins embed.test.ts serves its page from: the kernel's api.cors.origins lists the first only. */
export const EMBED_ALLOWED_PORT = 18931;
export const EMBED_REFUSED_PORT = 18932;
export const EMBED_ALLOWED_ORIGIN = `http://127.0.0.1:${EMBED_ALLOWED_PORT}`;
