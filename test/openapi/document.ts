/**
 * The OpenAPI document as the contract: built from the live app (every subsystem registered,
 * test/helpers/full-app.ts), normalised so it does not depend on the machine (the version comes
 * from kernel-service/package.json), and the Mission Control types generated from it.
 * `npm run openapi` writes both files; test/unit/openapi.test.ts fails when either drifts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { REPO } from '../machine/machine.js';
import { fullApp } from '../helpers/full-app.js';

export const DOC_PATH = join(REPO, 'docs', 'openapi.json');
/** The one generated copy of the wire types: the SDK's, which Mission Control imports too. */
export const TYPES_PATH = join(REPO, 'kernel-service', 'sdk', 'src', 'generated.ts');

export interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, unknown>;
}
export interface Operation {
  operationId?: string;
  tags?: string[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  [key: string]: unknown;
}

export async function liveDocument(): Promise<OpenApiDoc> {
  const k = await fullApp();
  try {
    const doc = structuredClone(k.app.swagger()) as unknown as OpenApiDoc;
    const pkg = JSON.parse(readFileSync(join(REPO, 'kernel-service', 'package.json'), 'utf8')) as { version: string };
    doc.info.version = pkg.version;
    return doc;
  } finally {
    await k.app.close();
  }
}

/** The committed form of the document: prettier-formatted JSON. */
export async function documentText(doc: OpenApiDoc): Promise<string> {
  return format(JSON.stringify(doc), { ...(await resolveConfig(DOC_PATH)), parser: 'json', filepath: DOC_PATH });
}

/** kernel-service/sdk/src/generated.ts: openapi-typescript's output, with a header saying where it comes from. */
export async function typesText(doc: OpenApiDoc): Promise<string> {
  const ast = await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0]);
  const header =
    '/**\n * Generated from docs/openapi.json by openapi-typescript (npm run openapi); do not edit.\n' +
    ' * test/unit/openapi.test.ts fails when it is out of date.\n */\n';
  return format(header + astToString(ast), { ...(await resolveConfig(TYPES_PATH)), parser: 'typescript', filepath: TYPES_PATH });
}
