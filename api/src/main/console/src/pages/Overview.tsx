import { useEffect, useState } from 'preact/hooks';
import { json } from '../api';
import { ErrorText, Section } from '../ui';
import { ms } from '../format';

interface Overview {
  window_seconds: number;
  by_status: Record<string, number>;
  per_minute: { minute: string; submitted: number; finished: number }[];
  latency_ms: { p50?: number; p95?: number; p99?: number };
  queue_lag: Record<string, number | null>;
}

const REFRESH_MS = 15_000;

/** A bar chart in plain SVG: the whole console stays far below its JavaScript budget. */
function Bars({ values, labels, title }: { values: number[]; labels: string[]; title: string }) {
  const max = Math.max(1, ...values);
  const width = 600;
  const height = 120;
  const bar = width / Math.max(1, values.length);
  return (
    <svg viewBox={`0 0 ${width} ${height + 16}`} role="img" aria-label={title} class="chart">
      <title>{title}</title>
      {values.map((v, i) => (
        <rect x={i * bar + 1} y={height - (v / max) * height} width={Math.max(1, bar - 2)} height={(v / max) * height}>
          <title>{`${labels[i]}: ${v}`}</title>
        </rect>
      ))}
      <text x="0" y={height + 14}>{labels[0] ?? ''}</text>
      <text x={width} y={height + 14} text-anchor="end">{labels[labels.length - 1] ?? ''}</text>
    </svg>
  );
}

export function Overview() {
  const [overview, setOverview] = useState<Overview>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    const load = () => json<Overview>('/v1/overview').then(setOverview).catch(setError);
    load();
    // The figures are aggregates of the last hour; the live view of single jobs is the Jobs page's event stream.
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  if (!overview) return <><h1>Overview</h1><ErrorText error={error} /></>;
  const statuses = Object.entries(overview.by_status);
  const minutes = overview.per_minute.map((m) => new Date(m.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  return (
    <>
      <h1>Overview <small>last {Math.round(overview.window_seconds / 60)} minutes</small></h1>
      <ErrorText error={error} />
      <div class="cards">
        {statuses.map(([status, count]) => (
          <div class={`card ${status}`}><span class="count" data-status={status}>{count}</span> {status}</div>
        ))}
      </div>
      <Section title="Throughput (jobs finished per minute)">
        <Bars values={overview.per_minute.map((m) => m.finished)} labels={minutes} title="Jobs finished per minute" />
      </Section>
      <Section title="Latency, submit to final">
        <dl class="facts">
          <dt>p50</dt><dd>{ms(overview.latency_ms.p50)}</dd>
          <dt>p95</dt><dd>{ms(overview.latency_ms.p95)}</dd>
          <dt>p99</dt><dd>{ms(overview.latency_ms.p99)}</dd>
        </dl>
      </Section>
      <Section title="Queue lag per pool">
        <table>
          <thead><tr><th scope="col">Pool</th><th scope="col">Jobs waiting</th></tr></thead>
          <tbody>
            {Object.entries(overview.queue_lag).map(([pool, lag]) => (
              <tr><td>{pool}</td><td>{lag ?? 'unknown'}</td></tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}
