/**
 * The OpenAPI document is the contract (issue 15): the live app's document is a valid OpenAPI
 * document (checked by a real validator), every operation has an operationId and a 2xx response
 * schema, and the committed docs/openapi.json and kernel-service/sdk/src/generated.ts are what the live app
 * generates now (regenerate both with `npm run openapi`).
 */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOC_PATH, TYPES_PATH, documentText, liveDocument, typesText, type OpenApiDoc } from '../openapi/document.js';

let doc: OpenApiDoc;
beforeAll(async () => {
  doc = await liveDocument();
}, 60_000);

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

describe('the OpenAPI document', () => {
  it('is valid OpenAPI (@seriousme/openapi-schema-validator)', async () => {
    const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('control: the validator refuses a broken document', async () => {
    const broken = structuredClone(doc) as unknown as { paths: Record<string, Record<string, { responses?: unknown }>> };
    broken.paths['/api/v1/agents']!.get!.responses = 'none';
    expect((await new Validator().validate(broken as unknown as Record<string, unknown>)).valid).toBe(false);
  });

  it('gives every operation a unique camelCase operationId, a tag and a 2xx response with a schema', () => {
    const ids = new Set<string>();
    const missing: string[] = [];
    for (const { path, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.operationId || !/^[a-z][a-zA-Z0-9]+$/.test(op.operationId)) missing.push(`${where}: operationId`);
      else if (ids.has(op.operationId)) missing.push(`${where}: duplicate ${op.operationId}`);
      ids.add(op.operationId ?? '');
      if (!op.tags?.length) missing.push(`${where}: tags`);
      const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2/.test(code));
      const described = ok.some(([code, r]) => code === '204' || Object.values(r.content ?? {}).some((c) => c.schema));
      if (!described) missing.push(`${where}: 2xx schema`);
    }
    expect(missing).toEqual([]);
    expect(ids.size).toBeGreaterThan(50);
    for (const id of ['listAgents', 'spawnAgent', 'getAgentLogs', 'execInAgent', 'writeAgentFile', 'listEvents']) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('is committed as docs/openapi.json (npm run openapi regenerates it)', async () => {
    expect(readFileSync(DOC_PATH, 'utf8') === (await documentText(doc)), 'docs/openapi.json is stale: npm run openapi').toBe(
      true,
    );
  });

  it("Mission Control's wire types are generated from it (kernel-service/sdk/src/generated.ts, shared with the SDK)", async () => {
    expect(readFileSync(TYPES_PATH, 'utf8') === (await typesText(doc)), 'generated.ts is stale: npm run openapi').toBe(true);
  }, 60_000);
});
