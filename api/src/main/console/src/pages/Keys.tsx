import { useEffect, useState } from 'preact/hooks';
import { json, send } from '../api';
import type { KeyInfo } from '../types';
import { ErrorText, Section } from '../ui';
import { dateTime } from '../format';

const SCOPES = ['jobs:write', 'jobs:read', 'models:read', 'admin'];

export function Keys() {
  const [keys, setKeys] = useState<KeyInfo[]>([]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['jobs:write', 'jobs:read']);
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<string>();
  const [error, setError] = useState<unknown>();

  const load = () => json<{ data: KeyInfo[] }>('/v1/keys').then((k) => setKeys(k.data)).catch(setError);
  useEffect(() => void load(), []);

  async function create(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      const body: Record<string, unknown> = { name, scopes };
      if (expires) body.expires_at = new Date(expires).toISOString();
      const result = await send<{ key: string }>('POST', '/v1/keys', body);
      setCreated(result.key);
      setName('');
      await load();
    } catch (err) {
      setError(err);
    }
  }

  async function revoke(key: KeyInfo) {
    if (!confirm(`Revoke ${key.name ?? key.prefix}? Requests with it are refused within seconds.`)) return;
    try {
      await send('DELETE', `/v1/keys/${key.id}`);
      await load();
    } catch (err) {
      setError(err);
    }
  }

  const toggle = (scope: string) =>
    setScopes((s) => (s.includes(scope) ? s.filter((x) => x !== scope) : [...s, scope]));

  return (
    <>
      <h1>API keys</h1>
      <ErrorText error={error} />
      <Section title="Create a key">
        <form class="stack" onSubmit={create} aria-label="Create a key">
          <label>Name<input required value={name} onInput={(e) => setName(e.currentTarget.value)} /></label>
          <fieldset class="row">
            <legend>Scopes</legend>
            {SCOPES.map((scope) => (
              <label class="inline"><input type="checkbox" checked={scopes.includes(scope)}
                                           onChange={() => toggle(scope)} /> {scope}</label>
            ))}
          </fieldset>
          <label>Expires (optional)<input type="datetime-local" value={expires}
                                          onInput={(e) => setExpires(e.currentTarget.value)} /></label>
          <button type="submit">Create key</button>
        </form>
        {created && (
          <div class="secret" role="status">
            <p>Copy this key now: it is shown only once.</p>
            <code data-testid="new-key">{created}</code>
            <button type="button" onClick={() => navigator.clipboard?.writeText(created)}>Copy</button>
            <button type="button" onClick={() => setCreated(undefined)}>Done</button>
          </div>
        )}
      </Section>
      <Section title="Keys">
        <table>
          <thead><tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Scopes</th>
            <th scope="col">Created</th><th scope="col">Expires</th><th scope="col">State</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {keys.map((key) => (
              <tr data-key={key.prefix}>
                <td>{key.name ?? '—'}</td><td><code>{key.prefix}</code></td><td>{key.scopes.join(', ')}</td>
                <td>{dateTime(key.created_at)}</td><td>{dateTime(key.expires_at)}</td>
                <td>{key.revoked_at ? `revoked ${dateTime(key.revoked_at)}` : 'active'}</td>
                <td>{!key.revoked_at && <button type="button" onClick={() => revoke(key)}>Revoke</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}
