/** The kernel's authority over a test database, with the configuration's defaults unless a test overrides some. */
import Value from 'typebox/value';
import { Authority, AuthorityConfigSchema, type AuthorityConfig } from '../../kernel-service/src/authority/index.js';
import { RunRepository } from '../../kernel-service/src/runs/index.js';
import { builtinRegistry } from '../../kernel-service/src/runtime/tools/index.js';
import type { Db } from '../../kernel-service/src/store/index.js';

type Overrides = { [K in keyof AuthorityConfig]?: Partial<AuthorityConfig[K]> };

export function authorityConfig(over: Overrides = {}): AuthorityConfig {
  const base = Value.Default(AuthorityConfigSchema, {}) as AuthorityConfig;
  return {
    bare: { ...base.bare, ...over.bare },
    tree: { ...base.tree, ...over.tree },
    llm: { ...base.llm, ...over.llm },
    quotas: { ...base.quotas, ...over.quotas },
  };
}

export function testAuthority(
  db: Db,
  over: Overrides = {},
  models: { defaultModel: string; fallbacks: string[] } = { defaultModel: 'openai/scripted', fallbacks: [] },
): Authority {
  const runs = new RunRepository(db);
  const tools = builtinRegistry().list();
  return new Authority({ db, config: authorityConfig(over), runOf: (pid) => runs.get(pid), tools: () => tools, models });
}
