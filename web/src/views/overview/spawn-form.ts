/** The spawn dialog's form, turned into a POST /agents body: pure, so its rules are easy to test. */

export interface SpawnForm {
  name: string;
  mode: 'goal' | 'command';
  goal: string;
  template: string;
  model: string;
  tools: string;
  maxSteps: string;
  tokenBudget: string;
  command: string;
  memoryMax: string;
  cpuQuota: string;
  tasksMax: string;
  network: '' | 'none' | 'egress' | 'host';
  driver: '' | 'systemd' | 'docker';
  image: string;
  desktop: boolean;
}

export const emptyForm = (): SpawnForm => ({
  name: '',
  mode: 'command',
  goal: '',
  template: '',
  model: '',
  tools: '',
  maxSteps: '',
  tokenBudget: '',
  command: '',
  memoryMax: '',
  cpuQuota: '',
  tasksMax: '',
  network: '',
  driver: '',
  image: '',
  desktop: false,
});

/** Splits a command line like a shell would for simple cases: spaces separate, quotes group. */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      started = true;
    } else if (/\s/.test(c)) {
      if (started) out.push(cur);
      cur = '';
      started = false;
    } else {
      cur += c;
      started = true;
    }
  }
  if (quote) throw new Error('The command has an unclosed quote.');
  if (started) out.push(cur);
  return out;
}

const intOrUndefined = (s: string, field: string): number | undefined => {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  if (!Number.isInteger(n)) throw new Error(`${field} must be a whole number.`);
  return n;
};

/** Only the fields the operator filled in are sent: the kernel's defaults apply to the rest. */
export function spawnBody(f: SpawnForm): Record<string, unknown> {
  if (!f.name.trim()) throw new Error('Give the agent a name.');
  const body: Record<string, unknown> = { name: f.name.trim() };
  if (f.mode === 'goal') {
    if (!f.goal.trim()) throw new Error('Describe the goal.');
    body.goal = f.goal.trim();
    if (f.template) body.template = f.template;
    if (f.model.trim()) body.model = f.model.trim();
    const tools = f.tools.split(/[\s,]+/).filter(Boolean);
    if (tools.length) body.tools = tools;
    const maxSteps = intOrUndefined(f.maxSteps, 'Max steps');
    if (maxSteps !== undefined) body.maxSteps = maxSteps;
    const tokenBudget = intOrUndefined(f.tokenBudget, 'Token budget');
    if (tokenBudget !== undefined) body.tokenBudget = tokenBudget;
  } else {
    const command = splitCommand(f.command);
    if (command.length === 0) throw new Error('Give the command to run, for example: /bin/sleep 600');
    body.command = command;
  }
  const limits: Record<string, unknown> = {};
  if (f.memoryMax.trim()) limits.memoryMax = /^\d+$/.test(f.memoryMax.trim()) ? Number(f.memoryMax) : f.memoryMax.trim();
  const cpu = intOrUndefined(f.cpuQuota, 'CPU quota');
  if (cpu !== undefined) limits.cpuQuota = cpu;
  const tasks = intOrUndefined(f.tasksMax, 'Tasks');
  if (tasks !== undefined) limits.tasksMax = tasks;
  if (Object.keys(limits).length) body.limits = limits;
  if (f.network) body.network = f.network;
  const sandbox: Record<string, unknown> = {};
  if (f.driver) sandbox.driver = f.driver;
  if (f.image.trim()) sandbox.image = f.image.trim();
  if (Object.keys(sandbox).length) body.sandbox = sandbox;
  if (f.desktop) body.desktop = true;
  return body;
}
