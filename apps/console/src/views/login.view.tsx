import { useState } from 'preact/hooks';
import { login, Session } from '../lib/api';

interface LoginProps {
  readonly expired: boolean;
  readonly onLogin: (session: Session) => void;
}

/** `POST /v1/login` with the credential `okapi start` printed on first run. */
export function LoginView({ expired, onLogin }: LoginProps) {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLogin(await login(username, password));
    } catch (err) {
      setError((err as Error).message || 'Login failed');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login-page">
      <form class="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">Okapi console</h1>
        <p class="muted">
          Live Wikimedia edits, articles, analytics and bulk files. Sign in with an Okapi user: on first run{' '}
          <code>npm start</code> printed the <code>admin</code> password (also in{' '}
          <code>data/auth/initial-admin-password</code>).
        </p>
        {expired && (
          <p class="notice" role="status">
            Your session ended. Sign in again.
          </p>
        )}
        <label for="username">Username</label>
        <input
          id="username"
          name="username"
          autocomplete="username"
          required
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button class="button primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
