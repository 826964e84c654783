import { useState } from 'preact/hooks';
import { login, useApiKey } from '../api';
import { ErrorText } from '../ui';

export function Login() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const attempt = (action: () => Promise<void>) => async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await action();
      if (!location.hash) location.hash = '#/overview';
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login" id="main">
      <h1>Inferline console</h1>
      <form onSubmit={attempt(() => login(email, password))} aria-label="Sign in with email">
        <label>Email<input type="email" autocomplete="username" required value={email}
                           onInput={(e) => setEmail(e.currentTarget.value)} /></label>
        <label>Password<input type="password" autocomplete="current-password" required value={password}
                              onInput={(e) => setPassword(e.currentTarget.value)} /></label>
        <button type="submit" disabled={busy}>Sign in</button>
      </form>
      <details>
        <summary>Use an API key instead</summary>
        <form onSubmit={attempt(() => useApiKey(key.trim()))} aria-label="Sign in with an API key">
          <label>API key<input type="password" autocomplete="off" required value={key}
                               onInput={(e) => setKey(e.currentTarget.value)} /></label>
          <button type="submit" disabled={busy}>Continue</button>
        </form>
      </details>
      <ErrorText error={error} />
      <p class="hint">Credentials stay in this tab's memory; reloading the page signs you out.</p>
    </main>
  );
}
