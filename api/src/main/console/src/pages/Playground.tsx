import { useEffect, useRef, useState } from 'preact/hooks';
import { json, request, send, streamEvents } from '../api';
import type { Job } from '../types';
import { ErrorText, Section } from '../ui';
import { ms } from '../format';

type Mode = 'chat' | 'embedding' | 'job';

interface Result {
  text: string;
  model?: string;
  reason?: string;
  usage?: Record<string, number>;
  firstTokenMs?: number;
  totalMs?: number;
  jobId?: string;
}

export function Playground() {
  const [models, setModels] = useState<string[]>([]);
  const [model, setModel] = useState('');
  const [mode, setMode] = useState<Mode>('chat');
  const [prompt, setPrompt] = useState('Write one sentence about queues.');
  const [result, setResult] = useState<Result>();
  const [error, setError] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    json<{ data: { id: string }[] }>('/v1/models')
      .then((list) => {
        const ids = list.data.map((m) => m.id);
        setModels(ids);
        setModel((current) => current || ids[0] || '');
      })
      .catch(() => undefined); // the list only offers suggestions: any model name can be typed
    return () => abort.current?.abort();
  }, []);

  async function run(e: Event) {
    e.preventDefault();
    setError(undefined);
    setRunning(true);
    const controller = new AbortController();
    abort.current = controller;
    const started = performance.now();
    try {
      if (mode === 'chat') await chat(controller, started);
      else if (mode === 'embedding') await embed(started);
      else await submitJob(started);
    } catch (err) {
      if (!controller.signal.aborted) setError(err);
    } finally {
      setRunning(false);
    }
  }

  async function chat(controller: AbortController, started: number) {
    let text = '';
    let first: number | undefined;
    const current: Result = { text: '' };
    await streamEvents('/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({
        model, stream: true, stream_options: { include_usage: true },
        messages: [{ role: 'user', content: prompt }],
      }),
    }, controller.signal, (_event, data) => {
      if (data === '[DONE]') return;
      const chunk = JSON.parse(data);
      const delta = chunk.choices?.[0]?.delta?.content ?? '';
      if (delta && first === undefined) first = performance.now() - started;
      text += delta;
      Object.assign(current, { text, firstTokenMs: first });
      if (chunk.usage) current.usage = chunk.usage;
      setResult({ ...current });
    }, (response) => {
      current.model = response.headers.get('Inferline-Model') ?? undefined;
      const from = response.headers.get('Inferline-Fallback-From');
      const reason = response.headers.get('Inferline-Routing-Reason') ?? undefined;
      current.reason = from ? `${reason} (after ${from} failed)` : reason;
    });
    setResult({ ...current, totalMs: performance.now() - started });
  }

  async function embed(started: number) {
    const response = await request('/v1/embeddings', { method: 'POST', body: JSON.stringify({ model, input: prompt }) });
    const body = await response.json();
    const vector: number[] = body.data?.[0]?.embedding ?? [];
    setResult({
      text: `${vector.length} dimensions: [${vector.slice(0, 8).map((v) => v.toFixed(4)).join(', ')}, …]`,
      model: response.headers.get('Inferline-Model') ?? body.model, usage: body.usage,
      reason: response.headers.get('Inferline-Routing-Reason') ?? undefined,
      totalMs: performance.now() - started,
    });
  }

  async function submitJob(started: number) {
    const job = await send<Job>('POST', '/v1/jobs', { model, input: { prompt } },
      { 'Idempotency-Key': crypto.randomUUID() });
    setResult({
      text: `Job ${job.id} is ${job.status}.`, model: job.routed_model ?? job.model, reason: job.routing_reason,
      totalMs: performance.now() - started, jobId: job.id,
    });
  }

  return (
    <>
      <h1>Playground</h1>
      <form class="stack" onSubmit={run} aria-label="Playground request">
        <div class="row">
          <label>Model
            <input list="playground-models" required value={model} onInput={(e) => setModel(e.currentTarget.value.trim())} />
            <datalist id="playground-models">{models.map((m) => <option value={m} />)}</datalist>
          </label>
          <fieldset class="row">
            <legend>Send as</legend>
            {(['chat', 'embedding', 'job'] as Mode[]).map((m) => (
              <label class="inline"><input type="radio" name="mode" value={m} checked={mode === m}
                                           onChange={() => setMode(m)} /> {m === 'chat' ? 'chat (streamed)' : m}</label>
            ))}
          </fieldset>
        </div>
        <label>Prompt<textarea rows={4} value={prompt} onInput={(e) => setPrompt(e.currentTarget.value)} /></label>
        <div class="row">
          <button type="submit" disabled={running || !model}>Send</button>
          {running && mode === 'chat' && <button type="button" onClick={() => abort.current?.abort()}>Stop</button>}
        </div>
      </form>
      <ErrorText error={error} />
      {result && (
        <Section title="Response">
          <pre class="output" aria-live="polite" data-testid="playground-output">{result.text}</pre>
          <dl class="facts">
            <dt>Served by</dt><dd>{result.model ?? '—'}</dd>
            <dt>Routing</dt><dd>{result.reason ?? '—'}</dd>
            <dt>Usage</dt><dd>{result.usage ? Object.entries(result.usage).map(([k, v]) => `${k} ${v}`).join(', ') : '—'}</dd>
            <dt>First token</dt><dd>{ms(result.firstTokenMs)}</dd>
            <dt>Total</dt><dd>{ms(result.totalMs)}</dd>
          </dl>
          {result.jobId && <a href={`#/jobs/${result.jobId}`}>Open the job</a>}
        </Section>
      )}
    </>
  );
}
