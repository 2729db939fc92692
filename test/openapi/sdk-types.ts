/**
 * The SDK's wire types: openapi-typescript's output of the committed docs/openapi.json, written to
 * kernel-service/sdk/src/generated.ts (`npm run openapi:sdk`, after `npm run openapi`).
 * test/unit/sdk.test.ts fails when the file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { REPO } from '../machine/machine.js';

export const SDK_TYPES_PATH = join(REPO, 'kernel-service', 'sdk', 'src', 'generated.ts');
const DOC = join(REPO, 'docs', 'openapi.json');

export async function sdkTypesText(): Promise<string> {
  const doc = JSON.parse(readFileSync(DOC, 'utf8')) as Parameters<typeof openapiTS>[0];
  const header =
    '/**\n * Generated from docs/openapi.json by openapi-typescript (npm run openapi:sdk); do not edit.\n' +
    ' * test/unit/sdk.test.ts fails when it is out of date.\n */\n';
  const text = header + astToString(await openapiTS(doc));
  return format(text, { ...(await resolveConfig(SDK_TYPES_PATH)), parser: 'typescript', filepath: SDK_TYPES_PATH });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(SDK_TYPES_PATH, await sdkTypesText());
  console.log(`wrote ${SDK_TYPES_PATH}`);
}
