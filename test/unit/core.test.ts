import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ProcessRepository,
  InvalidStateTransitionError,
  assertTransition,
  TRANSITIONS,
  PROCESS_STATES,
  isFinal,
} from '../../kernel-service/src/agents/index.js';
import { loadConfig, envName } from '../../kernel-service/src/config/index.js';
import { parseBytes, parseSignal, resolveLimits } from '../../kernel-service/src/sandbox/index.js';
import { unitObjectPath } from '../../kernel-service/src/sandbox/systemd/bus.js';
import { exitStatusOf } from '../../kernel-service/src/sandbox/systemd/exit-watch.js';
import { openDatabase, schemaVersion, migrations } from '../../kernel-service/src/store/index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'aether-unit-'));
const missing = () => join(tmp(), 'none.json');

describe('configuration', () => {
  it('has working defaults without a file', () => {
    const c = loadConfig({ env: {}, file: undefined });
    expect(c.api.port).toBe(8787);
    expect(c.stateDir).toBe('/var/lib/aether');
    expect(c.sandbox.defaultLimits.memoryMax).toBe('512M');
  });

  it('reads the file and lets the environment override single keys', () => {
    const file = join(tmp(), 'config.json');
    writeFileSync(file, JSON.stringify({ api: { port: 9000, host: '0.0.0.0' }, sandbox: { stopGraceMs: 5 } }));
    const c = loadConfig({ file, env: { AETHER_API_PORT: '9100', AETHER_SANDBOX_DEFAULT_LIMITS_TASKS_MAX: '64' } });
    expect(c.api).toMatchObject({ port: 9100, host: '0.0.0.0' });
    expect(c.sandbox.stopGraceMs).toBe(5);
    expect(c.sandbox.defaultLimits.tasksMax).toBe(64);
  });

  it('rejects unknown keys in the file, naming them', () => {
    const file = join(tmp(), 'config.json');
    writeFileSync(file, JSON.stringify({ api: { prot: 1 }, colour: 'blue' }));
    expect(() => loadConfig({ file, env: {} })).toThrow(/api: unknown key\(s\) "prot"/);
    expect(() => loadConfig({ file, env: {} })).toThrow(/unknown key\(s\) "colour"/);
  });

  it('rejects unknown AETHER_ variables and bad values with CONFIG_INVALID', () => {
    expect(() => loadConfig({ env: { AETHER_API_PROT: '1' } })).toThrow(/Unknown environment variable AETHER_API_PROT/);
    expect(() => loadConfig({ env: { AETHER_API_PORT: 'eighty' } })).toThrow(/api.port/);
    expect(() => loadConfig({ env: { AETHER_API_PORT: '70000' } })).toThrow(/api.port/);
  });

  it('fails clearly on an explicitly named missing file or bad JSON', () => {
    expect(() => loadConfig({ env: { AETHER_CONFIG: missing() } })).toThrow(/Cannot read configuration file/);
    const file = join(tmp(), 'bad.json');
    writeFileSync(file, '{ nope');
    expect(() => loadConfig({ file, env: {} })).toThrow(/not valid JSON/);
  });

  it('derives environment names from keys', () => {
    expect(envName(['api', 'tls', 'certFile'])).toBe('AETHER_API_TLS_CERT_FILE');
  });
});

describe('process lifecycle', () => {
  it('allows exactly the transitions in the table', () => {
    for (const from of PROCESS_STATES) {
      for (const to of PROCESS_STATES) {
        const allowed = TRANSITIONS[from].includes(to);
        if (allowed) expect(() => assertTransition(1, from, to)).not.toThrow();
        else expect(() => assertTransition(1, from, to)).toThrow(InvalidStateTransitionError);
      }
    }
  });

  it('reports from, to and what is allowed', () => {
    try {
      assertTransition(7, 'exited', 'running');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'INVALID_STATE_TRANSITION', from: 'exited', to: 'running', status: 409 });
    }
  });

  it('ends only in exited, killed or failed', () => {
    expect(PROCESS_STATES.filter(isFinal)).toEqual(['exited', 'killed', 'failed']);
  });
});

describe('state database', () => {
  it('migrates to the latest version, in WAL mode, and reopens idempotently', () => {
    const path = join(tmp(), 'a.db');
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = openDatabase(path);
    expect(schemaVersion(again)).toBe(migrations.at(-1)!.version);
    again.close();
  });

  it('refuses a database from a newer kernel', () => {
    const path = join(tmp(), 'b.db');
    openDatabase(path).close();
    expect(() => openDatabase(path, [])).toThrow(/newer than this kernel knows/);
  });

  it('never reuses a kernel PID, even after rows are deleted and the database reopened', () => {
    const path = join(tmp(), 'c.db');
    let db = openDatabase(path);
    let repo = new ProcessRepository(db);
    const agent = repo.findOrCreateAgent('a', 200_000);
    const p = {
      ppid: null,
      agentId: agent.id,
      command: ['/bin/true'],
      environment: {},
      limits: { memoryMax: 1, cpuQuota: 1, tasksMax: 1 },
      network: 'none' as const,
      driver: 'x',
      sandboxOptions: {},
    };
    const first = repo.insertProcess(p);
    const second = repo.insertProcess(p);
    db.prepare('DELETE FROM processes WHERE pid = ?').run(second);
    db.close();
    db = openDatabase(path);
    repo = new ProcessRepository(db);
    const third = repo.insertProcess(p);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
    db.close();
  });

  it('gives each agent a stable UID and reuses the identity by name', () => {
    const repo = new ProcessRepository(openDatabase(':memory:'));
    const a = repo.findOrCreateAgent('alpha', 200_000);
    const b = repo.findOrCreateAgent('beta', 200_000);
    expect(b.uid).toBe(a.uid + 1);
    expect(repo.findOrCreateAgent('alpha', 200_000)).toEqual(a);
  });
});

describe('signals, limits, systemd names', () => {
  it('parses signal names and numbers', () => {
    expect(parseSignal('TERM')).toBe('SIGTERM');
    expect(parseSignal('sigusr1')).toBe('SIGUSR1');
    expect(parseSignal(9)).toBe('SIGKILL');
    expect(parseSignal('15')).toBe('SIGTERM');
    expect(() => parseSignal('SIGNOPE')).toThrow(/Unknown signal/);
    expect(() => parseSignal(0)).toThrow(/Unknown signal/);
  });

  it('parses sizes and bounds limits', () => {
    expect(parseBytes('512M')).toBe(512 * 1024 ** 2);
    expect(parseBytes('1.5G')).toBe(1.5 * 1024 ** 3);
    expect(parseBytes('64KiB')).toBe(64 * 1024);
    expect(() => parseBytes('lots')).toThrow(/not a size/);
    const d = { memoryMax: 1e8, cpuQuota: 100, tasksMax: 10 };
    const m = { memoryMax: 1e9, cpuQuota: 200, tasksMax: 100 };
    expect(resolveLimits(undefined, d, m)).toEqual(d);
    expect(resolveLimits({ cpuQuota: 150 }, d, m).cpuQuota).toBe(150);
    expect(() => resolveLimits({ tasksMax: 101 }, d, m)).toThrow(/limits.tasksMax/);
  });

  it('escapes unit object paths as systemd does', () => {
    expect(unitObjectPath('aether-p12.service')).toBe('/org/freedesktop/systemd1/unit/aether_2dp12_2eservice');
    expect(unitObjectPath('1x.slice')).toBe('/org/freedesktop/systemd1/unit/_31x_2eslice');
  });

  it('reads exit statuses from ExecMainCode/ExecMainStatus', () => {
    expect(exitStatusOf(1, 3, 'exit-code')).toEqual({ code: 3, signal: null, reason: 'exit-code' });
    expect(exitStatusOf(2, 9, 'signal')).toEqual({ code: null, signal: 'SIGKILL', reason: 'signal' });
    expect(exitStatusOf(2, 9, 'oom-kill')).toEqual({ code: null, signal: 'SIGKILL', reason: 'oom-kill' });
  });
});

describe('exit statuses through tini', () => {
  it('maps 128+N back to the signal, and keeps ordinary codes', () => {
    expect(exitStatusOf(1, 143, 'exit-code')).toEqual({ code: null, signal: 'SIGTERM', reason: 'signal' });
    expect(exitStatusOf(1, 137, 'oom-kill')).toEqual({ code: null, signal: 'SIGKILL', reason: 'oom-kill' });
    expect(exitStatusOf(1, 128, 'exit-code')).toEqual({ code: 128, signal: null, reason: 'exit-code' });
    expect(exitStatusOf(1, 255, 'exit-code')).toEqual({ code: 255, signal: null, reason: 'exit-code' });
  });
});

describe('configuration: the llm section', () => {
  it('has defaults, takes lists from the environment, and refuses unknown provider keys', () => {
    const c = loadConfig({ env: { AETHER_LLM_FALLBACKS: 'openai/gpt-4o-mini, ollama/llama3.1' } });
    expect(c.llm.fallbacks).toEqual(['openai/gpt-4o-mini', 'ollama/llama3.1']);
    expect(c.llm.retry.maxRetries).toBeGreaterThanOrEqual(0);
    const file = join(tmp(), 'config.json');
    writeFileSync(file, JSON.stringify({ llm: { providers: { openia: {} } } }));
    expect(() => loadConfig({ file, env: {} })).toThrow(/llm.providers: unknown key\(s\) "openia"/);
  });
});
