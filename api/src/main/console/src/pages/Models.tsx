import { useEffect, useState } from 'preact/hooks';
import { ApiError, json, send } from '../api';
import { ErrorText, Section } from '../ui';
import { pretty } from '../format';

interface Split { model: string; version: string; weight: number }
interface Alias { name: string; splits: Split[]; fallbacks?: { model: string; version?: string }[] }
interface GuardRule { name: string; kind: string; pattern?: string; action: string }
interface Policy { tenant: string; allowed_models?: string[]; guards?: GuardRule[];
  monthly_token_budget?: number; monthly_spend_limit?: number }
interface ModelVersion { version: string; backend_kind: string; pool: string; status?: string }
interface Model { name: string; task: string; default_version?: string; versions: ModelVersion[] }
interface Entry<T> { name: string; revision: number; model?: T; alias?: T; tenant_policy?: T }
interface Me { tenant: string }

const KINDS = ['keyword', 'regex', 'pii-email', 'pii-phone', 'pii-card'];

export function Models() {
  const [models, setModels] = useState<Model[]>([]);
  const [aliases, setAliases] = useState<Alias[]>([]);
  const [tenant, setTenant] = useState('');
  const [policy, setPolicy] = useState<Policy>();
  const [error, setError] = useState<unknown>();

  const load = async () => {
    try {
      const me = await json<Me>('/v1/me');
      setTenant(me.tenant);
      const [m, a] = await Promise.all([
        json<Entry<Model>[]>('/v1/admin/models'), json<Entry<Alias>[]>('/v1/admin/aliases')]);
      setModels(m.map((e) => e.model!));
      setAliases(a.map((e) => e.alias!));
      try {
        setPolicy((await json<Entry<Policy>>(`/v1/admin/tenant-policies/${me.tenant}`)).tenant_policy);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
        setPolicy({ tenant: me.tenant, guards: [] });
      }
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => void load(), []);

  const save = async (path: string, body: unknown) => {
    setError(undefined);
    try {
      await send('PUT', path, body);
      await load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <h1>Models &amp; guards</h1>
      <ErrorText error={error} />
      <Section title="Models">
        <table>
          <thead><tr><th scope="col">Model</th><th scope="col">Task</th><th scope="col">Versions</th></tr></thead>
          <tbody>
            {models.map((m) => (
              <tr><td>{m.name}</td><td>{m.task}</td>
                <td>{m.versions.map((v) => `v${v.version} ${v.backend_kind} on ${v.pool} (${v.status ?? 'active'})`).join('; ')}</td></tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Aliases">
        {aliases.length === 0 && <p>No aliases.</p>}
        {aliases.map((alias) => <AliasEditor alias={alias} onSave={(a) => save(`/v1/admin/aliases/${a.name}`, a)} />)}
      </Section>
      {policy && <GuardRules policy={policy} onSave={(p) => save(`/v1/admin/tenant-policies/${tenant}`, p)} />}
      <GuardTester models={[...aliases.map((a) => a.name), ...models.map((m) => m.name)]} />
    </>
  );
}

function AliasEditor({ alias, onSave }: { alias: Alias; onSave: (alias: Alias) => void }) {
  const [splits, setSplits] = useState(alias.splits);
  useEffect(() => setSplits(alias.splits), [alias]);
  const total = splits.reduce((sum, s) => sum + s.weight, 0);
  return (
    <form class="stack alias" aria-label={`Alias ${alias.name}`}
          onSubmit={(e) => { e.preventDefault(); onSave({ ...alias, splits }); }}>
      <h3>{alias.name}</h3>
      {splits.map((split, i) => (
        <label>{split.model} v{split.version}: {total ? Math.round((split.weight * 100) / total) : 0}%
          <input type="range" min={0} max={100} value={split.weight}
                 onInput={(e) => setSplits(splits.map((s, j) => (j === i ? { ...s, weight: Number(e.currentTarget.value) } : s)))} />
        </label>
      ))}
      {alias.fallbacks?.length ? <p>Fallbacks: {alias.fallbacks.map((f) => f.model).join(' → ')}</p> : null}
      <button type="submit" disabled={total === 0}>Save split</button>
    </form>
  );
}

function GuardRules({ policy, onSave }: { policy: Policy; onSave: (p: Policy) => void }) {
  const [rule, setRule] = useState<GuardRule>({ name: '', kind: 'keyword', pattern: '', action: 'block' });
  const guards = policy.guards ?? [];
  const needsPattern = rule.kind === 'keyword' || rule.kind === 'regex';
  const add = (e: Event) => {
    e.preventDefault();
    onSave({ ...policy, guards: [...guards, { ...rule, pattern: needsPattern ? rule.pattern : undefined }] });
    setRule({ ...rule, name: '', pattern: '' });
  };
  return (
    <Section title={`Guard rules of tenant ${policy.tenant}`}>
      <table>
        <thead><tr><th scope="col">Rule</th><th scope="col">Kind</th><th scope="col">Pattern</th>
          <th scope="col">Action</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {guards.map((g) => (
            <tr><td>{g.name}</td><td>{g.kind}</td><td><code>{g.pattern ?? '—'}</code></td><td>{g.action}</td>
              <td><button type="button" onClick={() => onSave({ ...policy, guards: guards.filter((x) => x !== g) })}>
                Remove</button></td></tr>
          ))}
        </tbody>
      </table>
      <form class="row" onSubmit={add} aria-label="Add a guard rule">
        <label>Name<input required pattern="[a-z0-9-]+" value={rule.name}
                          onInput={(e) => setRule({ ...rule, name: e.currentTarget.value })} /></label>
        <label>Kind<select value={rule.kind} onChange={(e) => setRule({ ...rule, kind: e.currentTarget.value })}>
          {KINDS.map((k) => <option value={k}>{k}</option>)}</select></label>
        {needsPattern && <label>Pattern<input required value={rule.pattern}
                                              onInput={(e) => setRule({ ...rule, pattern: e.currentTarget.value })} /></label>}
        <label>Action<select value={rule.action} onChange={(e) => setRule({ ...rule, action: e.currentTarget.value })}>
          <option value="block">block</option><option value="redact">redact</option></select></label>
        <button type="submit">Add rule</button>
      </form>
    </Section>
  );
}

function GuardTester({ models }: { models: string[] }) {
  const [model, setModel] = useState('');
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => setModel((m) => m || models[0] || ''), [models]);
  const test = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setOutcome(undefined);
    try {
      const result = await send<{ redacted: boolean; input?: unknown; routing_reason: string }>(
        'POST', '/v1/jobs:explain', { model, input: { prompt: text } });
      setOutcome(result.redacted
        ? `Redacted, then queued as ${pretty(result.input)} (${result.routing_reason})`
        : `Allowed: ${result.routing_reason}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) setOutcome(`Blocked: ${err.message}`);
      else setError(err);
    }
  };
  return (
    <Section title="Test this text">
      <form class="stack" onSubmit={test} aria-label="Test this text">
        <label>Model<select value={model} onChange={(e) => setModel(e.currentTarget.value)}>
          {models.map((m) => <option value={m}>{m}</option>)}</select></label>
        <label>Text<textarea rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} /></label>
        <button type="submit">Test</button>
      </form>
      <ErrorText error={error} />
      {outcome && <p role="status" data-testid="guard-outcome">{outcome}</p>}
    </Section>
  );
}
