// Placeholder build until Mission Control (Preact + Vite) lands: copies the static page to dist/.
import { cpSync, mkdirSync, rmSync } from 'node:fs';

const here = new URL('.', import.meta.url).pathname;
rmSync(`${here}dist`, { recursive: true, force: true });
mkdirSync(`${here}dist`, { recursive: true });
cpSync(`${here}public`, `${here}dist`, { recursive: true });
