import { describe, expect, it } from 'vitest';
import { emptyForm, spawnBody, splitCommand } from './spawn-form';

describe('splitCommand', () => {
  it.each([
    ['/bin/sleep 600', ['/bin/sleep', '600']],
    ['  /bin/sh   -c  "echo hi there"  ', ['/bin/sh', '-c', 'echo hi there']],
    ['/bin/sh -c \'a "b" c\'', ['/bin/sh', '-c', 'a "b" c']],
    ['echo ""', ['echo', '']],
    ['echo a\\ b', ['echo', 'a b']],
  ])('%s', (line, argv) => expect(splitCommand(line)).toEqual(argv));

  it('refuses an unclosed quote', () => expect(() => splitCommand('echo "oops')).toThrow(/unclosed/));
});

describe('spawnBody', () => {
  it('sends only what was filled in', () => {
    expect(spawnBody({ ...emptyForm(), name: 'a', command: '/bin/true' })).toEqual({ name: 'a', command: ['/bin/true'] });
  });

  it('builds a runtime spawn with template, model, tools and limits', () => {
    const body = spawnBody({
      ...emptyForm(),
      name: 'r',
      mode: 'goal',
      goal: ' find things ',
      template: 'researcher',
      model: 'openai/gpt-4o-mini',
      tools: 'web_fetch, shell  read_file',
      maxSteps: '20',
      memoryMax: '512M',
      cpuQuota: '200',
      driver: 'docker',
      image: 'aether/base',
      desktop: true,
    });
    expect(body).toEqual({
      name: 'r',
      goal: 'find things',
      template: 'researcher',
      model: 'openai/gpt-4o-mini',
      tools: ['web_fetch', 'shell', 'read_file'],
      maxSteps: 20,
      limits: { memoryMax: '512M', cpuQuota: 200 },
      sandbox: { driver: 'docker', image: 'aether/base' },
      desktop: true,
    });
  });

  it('says what is missing or malformed', () => {
    expect(() => spawnBody(emptyForm())).toThrow(/name/);
    expect(() => spawnBody({ ...emptyForm(), name: 'a' })).toThrow(/command/);
    expect(() => spawnBody({ ...emptyForm(), name: 'a', mode: 'goal' })).toThrow(/goal/);
    expect(() => spawnBody({ ...emptyForm(), name: 'a', command: 'x', cpuQuota: '1.5' })).toThrow(/whole number/);
  });
});
