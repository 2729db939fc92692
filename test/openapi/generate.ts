/** npm run openapi: writes docs/openapi.json and kernel-service/sdk/src/generated.ts (the SDK's and Mission Control's wire types) from the live app. */
import { writeFileSync } from 'node:fs';
import { DOC_PATH, TYPES_PATH, documentText, liveDocument, typesText } from './document.js';

const doc = await liveDocument();
writeFileSync(DOC_PATH, await documentText(doc));
writeFileSync(TYPES_PATH, await typesText(doc));
console.log(`wrote ${DOC_PATH} (${Object.keys(doc.paths).length} paths) and ${TYPES_PATH}`);
