/** Log in with the admin token (the kernel prints where it is; <stateDir>/admin.token). */
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api/http';
import { logIn, sessionNote } from '../state/session';
import { ErrorNote } from '../ui/common';

export function Login() {
  const [value, setValue] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // Checked against a real authenticated route before it is kept.
      await api('GET', '/system', undefined, value.trim());
      logIn(value.trim(), remember);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401 ? new ApiError(401, err.code, 'That token is not valid.', err.hint) : err,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login">
      <form onSubmit={submit} data-testid="login-form">
        <div class="brand big">
          <span class="logo" /> Aether OS
        </div>
        <div class="muted">Mission Control</div>
        {sessionNote.value && <div class="warn">{sessionNote.value}</div>}
        <label>
          Admin token
          <input
            type="password"
            name="token"
            autoComplete="current-password"
            autoFocus
            value={value}
            onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
            placeholder="from /var/lib/aether/admin.token"
          />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={remember}
            onChange={(e) => setRemember((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          Remember on this device
        </label>
        <ErrorNote error={error} />
        <button class="primary" disabled={busy || !value.trim()} type="submit">
          {busy ? 'Checking…' : 'Log in'}
        </button>
      </form>
    </div>
  );
}
