/** Spawn dialog: a program (command) or a goal for the built-in runtime, with template, model and limits. */
import { useEffect, useState } from 'preact/hooks';
import { post } from '../../api/http';
import type { Process } from '../../api/types';
import { remember } from '../../state/agents';
import { loadCatalog, templates, tools } from '../../state/catalog';
import { ErrorNote } from '../../ui/common';
import { bytes } from '../../ui/format';
import { emptyForm, spawnBody, type SpawnForm } from './spawn-form';

export function SpawnDialog({ onClose }: { onClose: (spawned?: Process) => void }) {
  const [form, setForm] = useState<SpawnForm>(emptyForm);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const runtime = templates.value !== 'unavailable';

  useEffect(() => {
    void loadCatalog();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  const set = <K extends keyof SpawnForm>(k: K, v: SpawnForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const text = (k: keyof SpawnForm) => ({
    value: form[k] as string,
    onInput: (e: Event) => set(k, (e.currentTarget as HTMLInputElement).value as never),
  });

  // The template's own choices show as placeholders: only what the operator types overrides them.
  const chosen = Array.isArray(templates.value) ? templates.value.find((x) => x.name === form.template) : undefined;
  const pickTemplate = (name: string) => set('template', name);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    let body: Record<string, unknown>;
    try {
      body = spawnBody(form);
    } catch (err) {
      setError(err);
      return;
    }
    setBusy(true);
    try {
      const p = await post<Process>('/agents', body);
      remember(p);
      onClose(p);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="modal-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <form class="modal" onSubmit={submit} data-testid="spawn-dialog" aria-label="Spawn an agent">
        <h2>Spawn an agent</h2>
        <label>
          Name
          <input name="name" required autoFocus placeholder="researcher-1" {...text('name')} />
        </label>
        <div class="seg" role="tablist">
          <button type="button" class={form.mode === 'command' ? 'on' : ''} onClick={() => set('mode', 'command')}>
            Program
          </button>
          <button
            type="button"
            class={form.mode === 'goal' ? 'on' : ''}
            onClick={() => set('mode', 'goal')}
            title={runtime ? '' : 'The agent runtime is not available on this kernel'}
          >
            Goal (agent runtime)
          </button>
        </div>
        {form.mode === 'command' ? (
          <label>
            Command
            <input name="command" placeholder="/bin/sleep 600" class="mono" {...text('command')} />
          </label>
        ) : (
          <>
            {!runtime && <div class="muted small">The agent runtime is not available on this kernel.</div>}
            <label>
              Goal
              <textarea name="goal" rows={3} placeholder="What should the agent achieve?" {...text('goal')} />
            </label>
            <div class="row">
              <label>
                Template
                <select
                  name="template"
                  value={form.template}
                  onChange={(e) => pickTemplate((e.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="">(none)</option>
                  {Array.isArray(templates.value) &&
                    templates.value.map((t) => (
                      <option value={t.name} title={t.description}>
                        {t.name}
                      </option>
                    ))}
                </select>
              </label>
              <label>
                Model
                <input name="model" placeholder={chosen?.model ?? 'kernel default'} {...text('model')} />
              </label>
            </div>
            <label>
              <span>
                Tools <span class="small">(comma-separated)</span>
              </span>
              <input
                name="tools"
                list="tool-names"
                placeholder={chosen ? `template's ${chosen.tools.length} tools` : 'template default'}
                {...text('tools')}
              />
              <datalist id="tool-names">
                {Array.isArray(tools.value) && tools.value.map((t) => <option value={t.name} />)}
              </datalist>
            </label>
            <div class="row">
              <label>
                Max steps
                <input
                  name="maxSteps"
                  inputMode="numeric"
                  placeholder={chosen ? String(chosen.maxSteps) : ''}
                  {...text('maxSteps')}
                />
              </label>
              <label>
                Token budget
                <input name="tokenBudget" inputMode="numeric" {...text('tokenBudget')} />
              </label>
            </div>
          </>
        )}
        <fieldset>
          <legend>Limits and sandbox</legend>
          <div class="row">
            <label>
              Memory
              <input name="memoryMax" placeholder="512M" {...text('memoryMax')} />
            </label>
            <label>
              CPU %
              <input name="cpuQuota" inputMode="numeric" placeholder="100" {...text('cpuQuota')} />
            </label>
            <label>
              Tasks
              <input name="tasksMax" inputMode="numeric" placeholder="512" {...text('tasksMax')} />
            </label>
          </div>
          <div class="row">
            <label>
              Network
              <select
                name="network"
                value={form.network}
                onChange={(e) => set('network', (e.currentTarget as HTMLSelectElement).value as SpawnForm['network'])}
              >
                <option value="">default</option>
                <option value="none">none</option>
                <option value="egress">egress (own network, NAT, policy)</option>
                <option value="host">host — dangerous: the host's own network</option>
              </select>
            </label>
            <label>
              Driver
              <select
                name="driver"
                value={form.driver}
                onChange={(e) => set('driver', (e.currentTarget as HTMLSelectElement).value as SpawnForm['driver'])}
              >
                <option value="">default</option>
                <option value="systemd">systemd</option>
                <option value="docker">docker</option>
              </select>
            </label>
            <label class="check">
              <input
                type="checkbox"
                name="desktop"
                checked={form.desktop}
                onChange={(e) => set('desktop', (e.currentTarget as HTMLInputElement).checked)}
              />
              Desktop
            </label>
          </div>
          {form.network === 'host' && (
            <p class="warn" data-testid="host-network-warning">
              Dangerous: host networking gives the agent the host's own network — every service on its loopback (model servers,
              databases), other agents' ports and the whole LAN. Prefer egress, which has its own network and a policy.
            </p>
          )}
          {form.driver === 'docker' && (
            <label>
              Image
              <input name="image" placeholder="aether/base" {...text('image')} />
            </label>
          )}
          {Array.isArray(templates.value) && form.template && (
            <TemplateLimits t={templates.value.find((t) => t.name === form.template)?.limits} />
          )}
        </fieldset>
        <ErrorNote error={error} />
        <div class="actions">
          <button type="button" onClick={() => onClose()}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy} data-testid="spawn-submit">
            {busy ? 'Spawning…' : 'Spawn'}
          </button>
        </div>
      </form>
    </div>
  );
}

function TemplateLimits({ t }: { t: { memoryMax?: number | string; cpuQuota?: number; tasksMax?: number } | undefined }) {
  if (!t) return null;
  const mem = typeof t.memoryMax === 'number' ? bytes(t.memoryMax) : (t.memoryMax ?? '—');
  return (
    <div class="muted small">
      Template limits: {mem} memory, {t.cpuQuota ?? '—'}% CPU, {t.tasksMax ?? '—'} tasks (fields above override).
    </div>
  );
}
