/**
 * Live responses checked against the committed OpenAPI document (docs/openapi.json): the body
 * of an answer must match the schema the document gives its operation and status. Used by the
 * systemd tier, so what clients generate from the document is what the kernel really sends.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { REPO } from '../machine/machine.js';

interface Doc {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
}

const doc = JSON.parse(readFileSync(join(REPO, 'docs', 'openapi.json'), 'utf8')) as Doc;
// Both are CommonJS: under NodeNext the default import is module.exports, the class is .default.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
// OpenAPI's own keywords (example, xml...) are not JSON Schema: allowed, not checked.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

/** The operation's schema for a status, by operationId. */
function validator(operationId: string, status: number): ValidateFunction {
  const key = `${operationId} ${status}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  for (const ops of Object.values(doc.paths)) {
    for (const op of Object.values(ops)) {
      if (op.operationId !== operationId) continue;
      const schema = op.responses[String(status)]?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`${operationId} has no application/json schema for ${status} in docs/openapi.json`);
      const v = ajv.compile(schema);
      compiled.set(key, v);
      return v;
    }
  }
  throw new Error(`no operation ${operationId} in docs/openapi.json`);
}

/** Throws (with ajv's reasons) unless `body` matches what the document promises. */
export function expectConforms(operationId: string, res: { status: number; body: unknown }): void {
  const v = validator(operationId, res.status);
  if (!v(res.body)) {
    throw new Error(
      `${operationId} ${res.status}: the body does not match docs/openapi.json: ${ajv.errorsText(v.errors)}\n${JSON.stringify(res.body).slice(0, 1500)}`,
    );
  }
}
