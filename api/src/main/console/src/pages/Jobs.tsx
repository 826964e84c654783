import { useEffect, useState } from 'preact/hooks';
import { json, streamEvents } from '../api';
import { type Job, type JobList, type JobStatus, STATUSES } from '../types';
import { ErrorText, StatusBadge } from '../ui';
import { ms, millisBetween, time } from '../format';

const SHOWN = 100;

function matches(job: Job, status: string, model: string) {
  return (!status || job.status === status) && (!model || job.model === model || job.routed_model === model);
}

/** The newest jobs, kept current by the tenant's job event stream (Server-Sent Events), never by polling. */
export function Jobs() {
  const [status, setStatus] = useState<'' | JobStatus>('');
  const [model, setModel] = useState('');
  const [jobs, setJobs] = useState<Job[]>([]);
  const [live, setLive] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    const controller = new AbortController();
    const query = new URLSearchParams({ limit: String(SHOWN) });
    if (status) query.set('status', status);
    if (model) query.set('model', model);
    setError(undefined);
    json<JobList>(`/v1/jobs?${query}`)
      .then((list) => setJobs(list.data))
      .catch((err) => !controller.signal.aborted && setError(err));
    streamEvents('/v1/job-events', {}, controller.signal, (_event, data) => {
      const changed: Job = JSON.parse(data);
      setJobs((current) => {
        const rest = current.filter((j) => j.id !== changed.id);
        if (!matches(changed, status, model)) return rest;
        const known = current.some((j) => j.id === changed.id);
        const next = known ? current.map((j) => (j.id === changed.id ? changed : j)) : [changed, ...rest];
        return next.slice(0, SHOWN);
      });
    }).then(() => setLive(false), (err) => {
      setLive(false);
      if (!controller.signal.aborted) setError(err);
    });
    setLive(true);
    return () => controller.abort();
  }, [status, model]);

  return (
    <>
      <h1>Jobs</h1>
      <form class="row" aria-label="Filter jobs" onSubmit={(e) => e.preventDefault()}>
        <label>Status
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as JobStatus)}>
            <option value="">any</option>
            {STATUSES.map((s) => <option value={s}>{s}</option>)}
          </select>
        </label>
        <label>Model<input value={model} onChange={(e) => setModel(e.currentTarget.value.trim())} /></label>
        <span class="live" aria-live="polite">{live ? '● live' : '○ not live'}</span>
      </form>
      <ErrorText error={error} />
      <table>
        <caption class="visually-hidden">Jobs, newest first</caption>
        <thead>
          <tr><th scope="col">Job</th><th scope="col">Status</th><th scope="col">Model</th>
            <th scope="col">Created</th><th scope="col">Wait</th><th scope="col">Run</th></tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr data-job={job.id}>
              <td><a href={`#/jobs/${job.id}`}>{job.id.slice(0, 8)}</a></td>
              <td><StatusBadge status={job.status} /></td>
              <td>{job.routed_model && job.routed_model !== job.model ? `${job.model} → ${job.routed_model}` : job.model}</td>
              <td>{time(job.created_at)}</td>
              <td>{ms(millisBetween(job.created_at, job.started_at))}</td>
              <td>{ms(millisBetween(job.started_at, job.finished_at))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {jobs.length === 0 && <p>No jobs yet.</p>}
    </>
  );
}
