import { useState } from 'preact/hooks';
import { login, Session } from '../lib/api';
import { useAction } from '../lib/hooks';

interface LoginProps {
  readonly expired: boolean;
  readonly onLogin: (session: Session) => void;
}

/** `POST /v1/login` with the credential `okapi start` printed on first run. */
export function LoginView({ expired, onLogin }: LoginProps) {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const signIn = useAction();
  const busy = signIn.busy !== undefined;

  const submit = (e: Event) => {
    e.preventDefault();
    void signIn.run(true, async () => onLogin(await login(username, password)));
  };

  return (
    <main class="login-page">
      <form class="login-card" onSubmit={submit} aria-labelledby="login-title">
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
        <Field name="username" label="Username" autocomplete="username" value={username} onInput={setUsername} />
        <Field
          name="password"
          label="Password"
          autocomplete="current-password"
          secret
          value={password}
          onInput={setPassword}
        />
        {signIn.error && (
          <p class="error" role="alert">
            {signIn.error.message || 'Login failed'}
          </p>
        )}
        <button class="button primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly autocomplete: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  /** A password: typed characters are masked. */
  readonly secret?: boolean;
}

/** A required input with its label above it (the id is the name). */
function Field({ name, label, autocomplete, value, onInput, secret }: FieldProps) {
  const input = {
    id: name,
    name,
    autocomplete,
    required: true,
    value,
    onInput: (e: { currentTarget: HTMLInputElement }) => onInput(e.currentTarget.value),
  };
  return (
    <>
      <label for={name}>{label}</label>
      {secret ? <input type="password" {...input} /> : <input {...input} />}
    </>
  );
}
