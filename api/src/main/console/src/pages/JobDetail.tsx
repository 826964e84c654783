import { useEffect, useState } from 'preact/hooks';
import { json, send, streamEvents } from '../api';
import { type Delivery, FINAL, type Job } from '../types';
import { ErrorText, Section, StatusBadge } from '../ui';
import { dateTime, pretty } from '../format';

export function JobDetail({ id }: { id: string }) {
  const [job, setJob] = useState<Job>();
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState('');

  const loadDeliveries = () =>
    json<{ data: Delivery[] }>(`/v1/jobs/${id}/deliveries`).then((d) => setDeliveries(d.data)).catch(setError);

  useEffect(() => {
    const controller = new AbortController();
    json<Job>(`/v1/jobs/${id}`).then(setJob).catch(setError);
    loadDeliveries();
    streamEvents(`/v1/jobs/${id}/events`, {}, controller.signal, (_e, data) => {
      setJob(JSON.parse(data));
      loadDeliveries();
    }).catch((err) => !controller.signal.aborted && setError(err));
    return () => controller.abort();
  }, [id]);

  async function cancel() {
    try {
      setJob(await send<Job>('POST', `/v1/jobs/${id}/cancel`));
    } catch (err) {
      setError(err);
    }
  }

  async function replay(delivery: Delivery) {
    try {
      await send('POST', `/v1/webhooks/deliveries/${delivery.id}/replay`);
      setNotice(`Delivery ${delivery.id} queued again.`);
      setTimeout(loadDeliveries, 1000);
    } catch (err) {
      setError(err);
    }
  }

  if (!job) return <><h1>Job</h1><ErrorText error={error} /></>;
  const timeline: [string, string | undefined][] = [
    ['created', job.created_at], ['started', job.started_at], ['finished', job.finished_at],
  ];
  return (
    <>
      <h1>Job <code>{job.id}</code> <StatusBadge status={job.status} /></h1>
      <ErrorText error={error} />
      {notice && <p role="status">{notice}</p>}
      {!FINAL.includes(job.status) && <button type="button" onClick={cancel}>Cancel job</button>}
      <Section title="Timeline">
        <ol class="timeline">
          {timeline.filter(([, at]) => at).map(([what, at]) => <li>{what} {dateTime(at)}</li>)}
        </ol>
        <dl class="facts">
          <dt>Model</dt><dd>{job.model}{job.routed_model ? ` → ${job.routed_model} v${job.model_version ?? '?'}` : ''}</dd>
          <dt>Routing</dt><dd>{job.routing_reason ?? '—'}</dd>
          <dt>Priority</dt><dd>{job.priority}</dd>
          <dt>Attempt</dt><dd>{job.attempt}</dd>
          <dt>Usage</dt><dd>{job.usage ? pretty(job.usage) : '—'}</dd>
        </dl>
      </Section>
      <Section title="Input"><pre>{pretty(job.input)}</pre></Section>
      {job.output && <Section title="Output"><pre data-testid="job-output">{pretty(job.output)}</pre></Section>}
      {job.error && <Section title="Error"><pre>{job.error.type}: {job.error.message}</pre></Section>}
      <Section title="Webhook deliveries">
        <button type="button" onClick={loadDeliveries}>Refresh deliveries</button>
        {deliveries.length === 0 ? <p>None.</p> : (
          <table>
            <thead><tr><th scope="col">Event</th><th scope="col">URL</th><th scope="col">Status</th>
              <th scope="col">Attempts</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {deliveries.map((d) => (
                <tr>
                  <td>{d.event_type}</td><td>{d.url}</td><td>{d.status}</td>
                  <td>{d.attempts.map((a) => `${a.status_code ?? a.error ?? '—'}`).join(', ')}</td>
                  <td><button type="button" onClick={() => replay(d)}>Replay</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
