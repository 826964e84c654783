import { useEffect, useState } from 'preact/hooks';
import { json, send } from '../api';
import { ErrorText, Section } from '../ui';

interface User {
  id: string;
  email: string;
  role: string;
  disabled?: boolean;
}

const ROLES = ['admin', 'member', 'viewer'];

export function Users() {
  const [users, setUsers] = useState<User[]>([]);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState('member');
  const [error, setError] = useState<unknown>();

  const load = () => json<{ data: User[] }>('/v1/users').then((u) => setUsers(u.data)).catch(setError);
  useEffect(() => void load(), []);

  const act = (action: () => Promise<unknown>) => async (e?: Event) => {
    e?.preventDefault();
    setError(undefined);
    try {
      await action();
      await load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <h1>Users</h1>
      <ErrorText error={error} />
      <Section title="Add a user">
        <form class="row" aria-label="Add a user"
              onSubmit={act(() => send('POST', '/v1/users', { email, password, role }).then(() => setEmail('')))}>
          <label>Email<input type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} /></label>
          <label>Initial password<input type="password" autocomplete="new-password" required minLength={12}
                                        value={password} onInput={(e) => setPassword(e.currentTarget.value)} /></label>
          <label>Role<select value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            {ROLES.map((r) => <option value={r}>{r}</option>)}</select></label>
          <button type="submit">Add user</button>
        </form>
      </Section>
      <Section title="Users">
        <table>
          <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">State</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {users.map((user) => (
              <tr>
                <td>{user.email}</td>
                <td>
                  <label class="visually-hidden" for={`role-${user.id}`}>Role of {user.email}</label>
                  <select id={`role-${user.id}`} value={user.role}
                          onChange={(e) => act(() => send('PATCH', `/v1/users/${user.id}`, { role: e.currentTarget.value }))()}>
                    {ROLES.map((r) => <option value={r}>{r}</option>)}
                  </select>
                </td>
                <td>{user.disabled ? 'disabled' : 'active'}</td>
                <td>
                  <button type="button"
                          onClick={act(() => send('PATCH', `/v1/users/${user.id}`, { disabled: !user.disabled }))}>
                    {user.disabled ? 'Enable' : 'Disable'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}
